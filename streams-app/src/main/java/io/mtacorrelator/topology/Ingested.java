package io.mtacorrelator.topology;

import io.mtacorrelator.ingest.ParseOutcome;

/**
 * A parsed raw record with its original bytes, which the dead-letter topic keeps unchanged; or, with a null
 * outcome, an end-of-input marker (see {@link ControlRecords}).
 */
public record Ingested(ParseOutcome outcome, byte[] raw) {

    static Ingested endOfInput() {
        return new Ingested(null, null);
    }

    boolean isEndOfInput() {
        return outcome == null;
    }
}
