package io.mtacorrelator.topology;

import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** Headers on every dead-letter record: why it was set aside and exactly where it came from. */
public final class DeadLetterHeaders {

    public static final String REASON = "mta.dlt.reason";
    public static final String PARSER = "mta.dlt.parser";
    public static final String SOURCE_TOPIC = "mta.dlt.source.topic";
    public static final String SOURCE_PARTITION = "mta.dlt.source.partition";
    public static final String SOURCE_OFFSET = "mta.dlt.source.offset";
    public static final String SOURCE_TIMESTAMP = "mta.dlt.source.timestamp";
    public static final String REJECTED_AT = "mta.dlt.rejected.at";
    public static final String APPLICATION_ID = "mta.dlt.application.id";
    /** The export file a record was read from (correlate, replay). */
    public static final String SOURCE_FILE = "mta.dlt.source.file";
    /** The line of that file the record starts on, from 1. */
    public static final String SOURCE_LINE = "mta.dlt.source.line";
    /** The record's number in that file, from 1: the event of an XML export, the row of a CSV one. */
    public static final String SOURCE_RECORD = "mta.dlt.source.record";

    /** Raw-record headers set by whoever publishes records read from a file (correlate, replay): the origin. */
    public static final String RAW_FILE = "mta.source.file";
    public static final String RAW_LINE = "mta.source.line";
    public static final String RAW_RECORD = "mta.source.record";

    private DeadLetterHeaders() {
    }

    static void put(final Headers headers, final String key, final Object value) {
        headers.remove(key);
        headers.add(key, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Turns the raw record's file origin into dead-letter headers (when {@code rejected}) and removes it either way,
     * so that it does not travel on to the normalised topics.
     */
    static void moveOrigin(final Headers headers, final boolean rejected) {
        final String[][] moves = {{RAW_FILE, SOURCE_FILE}, {RAW_LINE, SOURCE_LINE}, {RAW_RECORD, SOURCE_RECORD}};
        for (final String[] move : moves) {
            final String value = get(headers, move[0]);
            headers.remove(move[0]);
            if (rejected && value != null) {
                put(headers, move[1], value);
            }
        }
    }

    /** A header's value as text, or null. */
    public static String get(final Headers headers, final String key) {
        final var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
