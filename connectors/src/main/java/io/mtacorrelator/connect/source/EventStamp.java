package io.mtacorrelator.connect.source;

import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;

import java.nio.charset.StandardCharsets;

/**
 * A raw record's event time and MTA, as the correlator's own parser reads them (the same reading {@code replay} uses
 * to stamp and key what it publishes): the archive source must not have a second idea of when an event happened.
 *
 * @param time the event time in epoch milliseconds, or null when the record has none the parser could read (an
 *             unrelated or unreadable record)
 * @param mta  the MTA it belongs to, or null
 */
record EventStamp(Long time, String mta) {

    static final EventStamp NONE = new EventStamp(null, null);

    /** Reads raw records with one parser (not thread-safe, like the parser). */
    static final class Reader {
        private final RecordParser parser = new RecordParser();

        EventStamp of(final byte[] value) {
            final ParseOutcome outcome = parser.parse(value);
            if (outcome instanceof ParseOutcome.Event e) {
                return new EventStamp(e.event().getTimestamp().toEpochMilli(), e.event().getMta());
            }
            if (outcome instanceof ParseOutcome.Sample s) {
                return new EventStamp(s.sample().getTimestamp().toEpochMilli(), s.sample().getMta());
            }
            return NONE;
        }
    }

    byte[] key() {
        return mta == null ? null : mta.getBytes(StandardCharsets.UTF_8);
    }
}
