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

    private DeadLetterHeaders() {
    }

    static void put(final Headers headers, final String key, final Object value) {
        headers.remove(key);
        headers.add(key, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }

    /** A header's value as text, or null. */
    public static String get(final Headers headers, final String key) {
        final var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
