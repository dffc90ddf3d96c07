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
import java.util.List;

/**
 * Detects the shipper format of one raw record and parses it. Total: every input, however broken, gives
 * exactly one {@link ParseOutcome}, never an exception.
 */
public final class RecordParser {

    /** Larger records are not event-log lines; they are refused before any parsing. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private static final String DETECTOR = "detector";

    private final ObjectMapper mapper;
    private final List<ShipperFormat> formats;

    public RecordParser() {
        this(List.of(new WinlogbeatFormat(), new TelegrafPerfCounterFormat(), new NxlogFormat(), new MetricbeatPerfmonFormat(),
                new EvtxXmlFormat(), new EventViewerCsvFormat()));
    }

    public RecordParser(final List<ShipperFormat> formats) {
        this.formats = List.copyOf(formats);
        // One record per Kafka record: anything after the first JSON value would be lost silently.
        this.mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    public ParseOutcome parse(final byte[] value) {
        if (value == null || value.length == 0) {
            return new ParseOutcome.Rejected("empty record", DETECTOR);
        }
        if (value.length > MAX_RECORD_BYTES) {
            return new ParseOutcome.Rejected("record of " + value.length + " bytes exceeds the " + MAX_RECORD_BYTES + "-byte limit", DETECTOR);
        }
        final String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return new ParseOutcome.Rejected("record is not valid UTF-8", DETECTOR);
        }
        // Some Windows tools write a byte-order mark before the text.
        final String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        final String trimmed = body.strip();
        final RawRecord raw;
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            final JsonNode node;
            try {
                node = mapper.readTree(body);
            } catch (JsonProcessingException e) {
                return new ParseOutcome.Rejected("malformed JSON: " + e.getOriginalMessage(), DETECTOR);
            }
            if (node == null || !node.isObject()) {
                return new ParseOutcome.Rejected("record is not a JSON object", DETECTOR);
            }
            raw = RawRecord.ofJson(body, node);
        } else if (isJsonScalar(trimmed)) {
            return new ParseOutcome.Rejected("record is not a JSON object", DETECTOR);
        } else {
            raw = RawRecord.ofText(body);
        }
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
