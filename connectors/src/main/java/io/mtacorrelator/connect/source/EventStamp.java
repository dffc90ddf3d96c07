package io.mtacorrelator.connect.source;

import io.mtacorrelator.exports.ExportRecord;
import io.mtacorrelator.ingest.InputSettings;
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
        private final RecordParser parser;

        /** @param input the time zone, date order and computer the correlator reads these archives with */
        Reader(final InputSettings input) {
            this.parser = new RecordParser(input);
        }

        /** The first event or sample of the record (a Telegraf batch line holds several), or {@link #NONE}. */
        EventStamp of(final ExportRecord record) {
            for (final RecordParser.Parsed parsed : parser.parseAll(record.value(), record.originalLength())) {
                final ParseOutcome outcome = parsed.outcome();
                if (outcome instanceof ParseOutcome.Event e) {
                    return new EventStamp(e.event().getTimestamp().toEpochMilli(), e.event().getMta());
                }
                if (outcome instanceof ParseOutcome.Sample s) {
                    return new EventStamp(s.sample().getTimestamp().toEpochMilli(), s.sample().getMta());
                }
            }
            return NONE;
        }
    }

    byte[] key() {
        return mta == null ? null : mta.getBytes(StandardCharsets.UTF_8);
    }
}
