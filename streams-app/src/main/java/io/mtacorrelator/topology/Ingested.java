package io.mtacorrelator.topology;

import io.mtacorrelator.ingest.ParseOutcome;

/** A parsed raw record with its original bytes, which the dead-letter topic keeps unchanged. */
public record Ingested(ParseOutcome outcome, byte[] raw) {
}
