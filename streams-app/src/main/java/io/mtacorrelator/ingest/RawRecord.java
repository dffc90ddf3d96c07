package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One raw record as the formats see it: its text (valid UTF-8, without a byte-order mark) and, when the
 * text is a JSON object, the parsed object. JSON shippers look at {@link #json()}, text shippers (EVTX XML,
 * Event Viewer CSV) at {@link #text()}.
 */
public record RawRecord(String text, JsonNode json) {

    public static RawRecord ofJson(final String text, final JsonNode json) {
        return new RawRecord(text, json);
    }

    public static RawRecord ofText(final String text) {
        return new RawRecord(text, null);
    }

    public boolean isJson() {
        return json != null;
    }
}
