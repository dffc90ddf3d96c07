package io.mtacorrelator.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mtacorrelator.catalog.EventCatalogue;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
        final String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return one(new ParseOutcome.Rejected("record is not valid UTF-8", DETECTOR), value);
        }
        // Some Windows tools write a byte-order mark before the text.
        final String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
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
            if (node.size() == 1 && node.path(TELEGRAF_BATCH).isArray()) {
                return batch(node.get(TELEGRAF_BATCH), value);
            }
            return one(detect(RawRecord.ofJson(body, node)), value);
        }
        if (isJsonScalar(trimmed)) {
            return one(new ParseOutcome.Rejected("record is not a JSON object", DETECTOR), value);
        }
        return one(detect(RawRecord.ofText(body)), value);
    }

    /**
     * Each metric of a Telegraf batch ({@code outputs.kafka}, {@code outputs.http} or {@code outputs.file} with
     * {@code use_batch_format}) is read, counted and kept or set aside on its own.
     */
    private List<Parsed> batch(final JsonNode metrics, final byte[] value) {
        if (metrics.isEmpty()) {
            return one(new ParseOutcome.Ignored("Telegraf batch without metrics", DETECTOR), value);
        }
        final List<Parsed> all = new ArrayList<>(metrics.size());
        int index = 0;
        for (final JsonNode metric : metrics) {
            index++;
            final byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(metric);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            final String where = "metric " + index + " of " + metrics.size() + " in a Telegraf batch: ";
            final ParseOutcome outcome = metric.isObject()
                    ? detect(RawRecord.ofJson(new String(bytes, StandardCharsets.UTF_8), metric))
                    : new ParseOutcome.Rejected("record is not a JSON object", DETECTOR);
            all.add(new Parsed(inBatch(outcome, where), bytes));
        }
        return all;
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
        try {
            final JsonNode node = mapper.readTree(trimmed);
            return node == null || node.isValueNode() || node.isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
