package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/**
 * One raw record as the formats see it: its text (valid UTF-8, without a byte-order mark) and, when the text is a JSON
 * object, the object. JSON shippers read the object ({@link #flat()}, or Jackson's tree {@link #json()}), text shippers
 * (EVTX XML, Event Viewer CSV) the {@link #text()}.
 *
 * <p>A record the parser read from bytes holds only its bytes and their {@link FlatJson} table: its text and tree are
 * made only if a format asks for them. Valid for the parse of that record only (the table is reused for the next).
 */
public final class RawRecord {

    private final FlatJson flat;
    private final int node;
    private final byte[] bytes;
    private final int from;
    private final int to;
    private String text;
    private JsonNode json;

    private RawRecord(final String text, final JsonNode json, final FlatJson flat, final int node, final byte[] bytes,
                      final int from, final int to) {
        this.text = text;
        this.json = json;
        this.flat = flat;
        this.node = node;
        this.bytes = bytes;
        this.from = from;
        this.to = to;
    }

    public static RawRecord ofJson(final String text, final JsonNode json) {
        return new RawRecord(text, json, json == null ? null : FlatJson.of(json), 0, null, 0, 0);
    }

    public static RawRecord ofText(final String text) {
        return new RawRecord(text, null, null, FlatJson.MISSING, null, 0, 0);
    }

    /** A JSON object read by the parser: {@code node} of {@code flat}, whose text is {@code bytes[from, to)}. */
    static RawRecord ofFlat(final FlatJson flat, final int node, final byte[] bytes, final int from, final int to) {
        return new RawRecord(null, null, flat, node, bytes, from, to);
    }

    public String text() {
        if (text == null && bytes != null) {
            text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** The JSON object as Jackson's tree, or null for a text record. */
    public JsonNode json() {
        if (json == null && flat != null) {
            json = flat.toTree(node);
        }
        return json;
    }

    public boolean isJson() {
        return flat != null;
    }

    /** The JSON object's table (null for a text record); its object is {@link #node()}. */
    FlatJson flat() {
        return flat;
    }

    int node() {
        return node;
    }
}
