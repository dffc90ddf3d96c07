package io.mtacorrelator.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mtacorrelator.catalog.EventCatalogue;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects the shipper format of one raw record and parses it. Total: every input, however broken, gives at least one
 * {@link ParseOutcome}, never an exception; a Telegraf batch ({@code {"metrics":[...]}}) gives one per metric.
 *
 * <p>The first character picks the family: {@code {} or {@code [} JSON (the formats then tell themselves apart by
 * their top-level keys), {@code <} followed by a name, XML (rendered EVTX), anything else text (Event Viewer rows).
 * No format is tried by parsing and failing.
 *
 * <p>The fast path, for JSON objects (every counter sample and most events): the record is read once, from its bytes,
 * into a {@link FlatJson} table, and the formats read their fields from it. Only a record that this scanner leaves to
 * Jackson (not an object, not JSON, or JSON with something unusual in it) is decoded to a String and read as before.
 */
public final class RecordParser {

    /** Larger records are not event-log lines; they are refused before any parsing. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private static final String DETECTOR = "detector";
    private static final String TELEGRAF_BATCH = "metrics";

    /**
     * One outcome and the bytes it is about: the record itself, or for a metric of a Telegraf batch, that metric's
     * JSON (what the dead-letter topic keeps).
     */
    public record Parsed(ParseOutcome outcome, byte[] record) {
    }

    private final ObjectMapper mapper;
    private final List<ShipperFormat> formats;

    public RecordParser() {
        this(InputSettings.DEFAULTS);
    }

    public RecordParser(final InputSettings settings) {
        this(List.of(new WinlogbeatFormat(), new WinlogbeatLegacyFormat(), new TelegrafPerfCounterFormat(),
                new NxlogFormat(settings), new MetricbeatPerfmonFormat(), new EventViewerCsvFormat(settings),
                new EvtxXmlFormat()));
    }

    public RecordParser(final List<ShipperFormat> formats) {
        this.formats = List.copyOf(formats);
        // One record per Kafka record: anything after the first JSON value would be lost silently.
        this.mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    /**
     * The outcome of a record that holds one event or sample. A Telegraf batch of several metrics has several: read
     * those with {@link #parseAll}; here it is refused.
     */
    public ParseOutcome parse(final byte[] value) {
        final List<Parsed> all = parseAll(value);
        if (all.size() == 1) {
            return all.get(0).outcome();
        }
        return new ParseOutcome.Rejected("a Telegraf batch of " + all.size() + " metrics, not one record", DETECTOR);
    }

    /** Every outcome of a record: one, or one per metric of a Telegraf batch. */
    public List<Parsed> parseAll(final byte[] value) {
        return parseAll(value, value == null ? 0 : value.length);
    }

    /**
     * @param originalLength the record's length before a file reader cut it (see
     *                       {@code ExportRecord.ORIGINAL_LENGTH_HEADER}), for the reason given when it is too large
     */
    public List<Parsed> parseAll(final byte[] value, final long originalLength) {
        if (value == null || value.length == 0) {
            return one(new ParseOutcome.Rejected("empty record", DETECTOR), value);
        }
        if (value.length > MAX_RECORD_BYTES || originalLength > MAX_RECORD_BYTES) {
            final long size = Math.max(originalLength, value.length);
            return one(new ParseOutcome.Rejected("record of " + size + " bytes"
                    + (size > value.length ? " (cut to " + value.length + " when read)" : "")
                    + " exceeds the " + MAX_RECORD_BYTES + "-byte limit", DETECTOR), value);
        }
        if (!Utf8.isValid(value)) {
            return one(new ParseOutcome.Rejected("record is not valid UTF-8", DETECTOR), value);
        }
        // Some Windows tools write a byte-order mark before the text.
        final int from = Utf8.hasByteOrderMark(value) ? Utf8.BYTE_ORDER_MARK_LENGTH : 0;
        // The fast path: a JSON object read straight from the bytes. Whatever it does not take (a record that is not an
        // object, or not JSON at all, or JSON it leaves to Jackson) is read from its text as before.
        final FlatJson flat = FlatJson.scratch();
        if (flat.read(value, from, value.length)) {
            return object(flat, value, from);
        }
        return fromText(value, from);
    }

    /** The record as text: JSON for Jackson's tree (which reports what is wrong with it), XML or Event Viewer rows. */
    private List<Parsed> fromText(final byte[] value, final int from) {
        final String body = new String(value, from, value.length - from, StandardCharsets.UTF_8);
        final String trimmed = body.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            final JsonNode node;
            try {
                node = mapper.readTree(body);
            } catch (JsonProcessingException e) {
                return one(new ParseOutcome.Rejected("malformed JSON: " + e.getOriginalMessage(), DETECTOR), value);
            }
            if (node == null || !node.isObject()) {
                return one(new ParseOutcome.Rejected("record is not a JSON object", DETECTOR), value);
            }
            return object(FlatJson.of(node), value, from);
        }
        if (isJsonScalar(trimmed)) {
            return one(new ParseOutcome.Rejected("record is not a JSON object", DETECTOR), value);
        }
        return one(detect(RawRecord.ofText(body)), value);
    }

    /** A JSON object record: one record, or a Telegraf batch. */
    private List<Parsed> object(final FlatJson json, final byte[] value, final int from) {
        final int root = 0;
        if (json.size(root) == 1 && json.isArray(json.get(root, TELEGRAF_BATCH))) {
            return batch(json, json.get(root, TELEGRAF_BATCH), value);
        }
        return one(detect(RawRecord.ofFlat(json, root, value, from, value.length)), value);
    }

    /**
     * Each metric of a Telegraf batch ({@code outputs.kafka}, {@code outputs.http} or {@code outputs.file} with
     * {@code use_batch_format}) is read, counted and kept or set aside on its own.
     */
    private List<Parsed> batch(final FlatJson json, final int metrics, final byte[] value) {
        final int count = json.size(metrics);
        if (count == 0) {
            return one(new ParseOutcome.Ignored("Telegraf batch without metrics", DETECTOR), value);
        }
        final List<Parsed> all = new ArrayList<>(count);
        int index = 0;
        for (int metric = json.firstChild(metrics); metric >= 0; metric = json.nextSibling(metric)) {
            index++;
            // The metric as Jackson writes it: what the dead-letter topic keeps.
            final byte[] same = json.bytesAsJacksonWrites(metric);
            final byte[] bytes = same != null ? same : write(json, metric);
            final String where = "metric " + index + " of " + count + " in a Telegraf batch: ";
            final ParseOutcome outcome = json.isObject(metric)
                    ? detect(RawRecord.ofFlat(json, metric, bytes, 0, bytes.length))
                    : new ParseOutcome.Rejected("record is not a JSON object", DETECTOR);
            all.add(new Parsed(inBatch(outcome, where), bytes));
        }
        return all;
    }

    private byte[] write(final FlatJson json, final int node) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            json.write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ParseOutcome inBatch(final ParseOutcome outcome, final String where) {
        if (outcome instanceof ParseOutcome.Rejected r) {
            return new ParseOutcome.Rejected(where + r.reason(), r.parser());
        }
        if (outcome instanceof ParseOutcome.Ignored i) {
            return new ParseOutcome.Ignored(where + i.reason(), i.parser());
        }
        return outcome;
    }

    private static List<Parsed> one(final ParseOutcome outcome, final byte[] value) {
        return List.of(new Parsed(outcome, value));
    }

    private ParseOutcome detect(final RawRecord raw) {
        for (final ShipperFormat format : formats) {
            if (format.accepts(raw)) {
                try {
                    final ParseOutcome outcome = format.parse(raw);
                    if (outcome instanceof ParseOutcome.Event e
                            && !EventCatalogue.isRelevant(e.event().getProvider(), e.event().getEventId())) {
                        return new ParseOutcome.Ignored("event " + e.event().getEventId() + " of " + e.event().getProvider()
                                + " is not one the correlator reads", e.parser());
                    }
                    return outcome;
                } catch (RuntimeException e) {
                    // A parser bug must not stop ingestion: the record is set aside with the cause.
                    return new ParseOutcome.Rejected("parser failed: " + e, format.name());
                }
            }
        }
        return new ParseOutcome.Rejected("no known shipper format (expected " + expected() + ")", DETECTOR);
    }

    private String expected() {
        return String.join(", ", formats.stream().map(ShipperFormat::name).toList());
    }

    /** Blank, a number, a string, true, false or null: JSON, but never a record. */
    private boolean isJsonScalar(final String trimmed) {
        if (trimmed.isEmpty()) {
            return true;
        }
        if (!mayBeJsonScalar(trimmed)) {
            return false;
        }
        try {
            final JsonNode node = mapper.readTree(trimmed);
            return node == null || node.isValueNode() || node.isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * False for text that Jackson cannot read as one JSON value (so that the common text records, Event Viewer rows
     * starting with a date or a quoted field, are not parsed as JSON and failed): a first character no JSON value
     * starts with; a literal other than true, false or null; a number with other characters than a number's; a
     * string followed by more text. True leaves the answer to Jackson.
     */
    private static boolean mayBeJsonScalar(final String trimmed) {
        final char first = trimmed.charAt(0);
        if (first == 't' || first == 'f' || first == 'n') {
            return trimmed.equals("true") || trimmed.equals("false") || trimmed.equals("null");
        }
        if (first == '"') {
            for (int i = 1; i < trimmed.length(); i++) {
                final char c = trimmed.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i == trimmed.length() - 1;
                }
            }
            return false;
        }
        if (first == '-' || first >= '0' && first <= '9') {
            for (int i = 1; i < trimmed.length(); i++) {
                final char c = trimmed.charAt(i);
                if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
                        || Character.isWhitespace(c))) {
                    return false;
                }
            }
            return true;
        }
        return first >= 0x80;
    }
}
