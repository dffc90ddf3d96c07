package io.mtacorrelator.topology;

import io.mtacorrelator.ingest.ParseOutcome;

/**
 * A parsed raw record with its original bytes, which the dead-letter topic keeps unchanged; or, with a null
 * outcome, an end-of-input marker (see {@link ControlRecords}).
 *
 * @param local an event or sample that arrived on the partition its MTA's state lives on: it is correlated in this
 *              task (keyed path); otherwise it goes through a normalised topic keyed by its MTA
 */
public record Ingested(ParseOutcome outcome, byte[] raw, boolean local) {

    Ingested(final ParseOutcome outcome, final byte[] raw) {
        this(outcome, raw, false);
    }

    static Ingested endOfInput() {
        return new Ingested(null, null, false);
    }

    boolean isEndOfInput() {
        return outcome == null;
    }
}
