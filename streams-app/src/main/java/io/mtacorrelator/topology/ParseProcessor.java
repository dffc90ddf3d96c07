package io.mtacorrelator.topology;

import io.mtacorrelator.exports.ExportRecord;
import io.mtacorrelator.ingest.InputSettings;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Parses raw shipper records. Parsed records leave with their event time as timestamp; unrelated ones are
 * counted and dropped; unreadable ones leave with dead-letter headers saying why and where from. A Telegraf batch
 * counts, and leaves, as one record per metric.
 */
final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], Ingested> {

    private final RecordParser parser;
    /** Partitions of the raw and normalised topics on the keyed path; 0 on the two-hop path (nothing is local). */
    private final int partitions;
    private FixedKeyProcessorContext<byte[], Ingested> context;
    private Sensor read;
    private Sensor parsed;
    private Sensor ignored;
    private Sensor deadLettered;
    /** {@code mta.deadletter.max.bytes}: larger dead letters go as their headers only; 0: no limit. */
    private final int deadLetterMaxBytes;
    /** A record batch's header (v2), a record's own framing and a header's, at their largest. */
    private static final int RECORD_BATCH_OVERHEAD = 61;
    private static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5 + 5 + 5;
    private static final int HEADER_OVERHEAD = 5 + 5;

    ParseProcessor(final InputSettings settings, final int partitions, final int deadLetterMaxBytes) {
        this.parser = new RecordParser(settings);
        this.partitions = partitions;
        this.deadLetterMaxBytes = deadLetterMaxBytes;
    }

    @Override
    public void init(final FixedKeyProcessorContext<byte[], Ingested> context) {
        this.context = context;
        final var metrics = context.metrics();
        read = metrics.addRateTotalSensor(IngestMetrics.SCOPE, IngestMetrics.ENTITY, IngestMetrics.READ, Sensor.RecordingLevel.INFO);
        parsed = metrics.addRateTotalSensor(IngestMetrics.SCOPE, IngestMetrics.ENTITY, IngestMetrics.PARSED, Sensor.RecordingLevel.INFO);
        ignored = metrics.addRateTotalSensor(IngestMetrics.SCOPE, IngestMetrics.ENTITY, IngestMetrics.IGNORED, Sensor.RecordingLevel.INFO);
        deadLettered = metrics.addRateTotalSensor(IngestMetrics.SCOPE, IngestMetrics.ENTITY, IngestMetrics.DEAD_LETTERED, Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(final FixedKeyRecord<byte[], byte[]> record) {
        if (record.value() == null && ControlRecords.isEndOfInput(record.headers())) {
            // Not data: not counted, passed on with the raw partition it came through.
            context.recordMetadata().ifPresent(m ->
                    ControlRecords.put(record.headers(), ControlRecords.SOURCE, m.topic() + "-" + m.partition()));
            context.forward(record.withValue(Ingested.endOfInput()));
            return;
        }
        final List<RecordParser.Parsed> all = parser.parseAll(record.value(), originalLength(record.headers(), record.value()));
        for (final RecordParser.Parsed one : all) {
            // Several outcomes of one record (a batch) each need headers of their own.
            process(all.size() == 1 ? record : record.withHeaders(new RecordHeaders(record.headers().toArray())), one);
        }
    }

    private void process(final FixedKeyRecord<byte[], byte[]> record, final RecordParser.Parsed one) {
        read.record();
        final ParseOutcome outcome = one.outcome();
        if (outcome instanceof ParseOutcome.Event e) {
            parsed.record();
            forwardParsed(record, outcome, one, e.event().getMta(), e.event().getTimestamp().toEpochMilli());
        } else if (outcome instanceof ParseOutcome.Sample s) {
            parsed.record();
            forwardParsed(record, outcome, one, s.sample().getMta(), s.sample().getTimestamp().toEpochMilli());
        } else if (outcome instanceof ParseOutcome.Ignored) {
            ignored.record();
        } else if (outcome instanceof ParseOutcome.Rejected r) {
            deadLettered.record();
            final var headers = record.headers();
            DeadLetterHeaders.moveOrigin(headers, true);
            DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, r.reason());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.PARSER, r.parser());
            final Optional<RecordMetadata> meta = context.recordMetadata();
            meta.ifPresent(m -> {
                DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TOPIC, m.topic());
                DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_PARTITION, m.partition());
                DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_OFFSET, m.offset());
            });
            DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Instant.ofEpochMilli(record.timestamp()));
            DeadLetterHeaders.put(headers, DeadLetterHeaders.REJECTED_AT, Instant.now());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.APPLICATION_ID, context.applicationId());
            if (deadLetterMaxBytes > 0 && deadLetterBytes(record.key(), one.record(), headers) > deadLetterMaxBytes) {
                // Sent whole it would be refused, and under exactly-once a refused send fails the transaction.
                DeadLetterProductionHandler.headersOnly(headers, one.record().length);
                context.forward(record.withValue(new Ingested(outcome, new byte[0])));
                return;
            }
            context.forward(record.withValue(new Ingested(outcome, one.record())));
        }
    }

    /**
     * A parsed record goes on with its event time. One correlated in this task keeps the file origin (correlate's and
     * replay's file and line), so that a dead letter made of it later (a late record) can name it; one that takes a
     * normalised topic leaves it behind.
     */
    private void forwardParsed(final FixedKeyRecord<byte[], byte[]> record, final ParseOutcome outcome,
                               final RecordParser.Parsed one, final String mta, final long eventTime) {
        final boolean local = local(mta);
        if (!local) {
            DeadLetterHeaders.moveOrigin(record.headers(), false);
        }
        context.forward(record.withValue(new Ingested(outcome, one.record(), local)).withTimestamp(eventTime));
    }

    /**
     * At least what the producer and the broker count for the dead letter alone in its batch: record and key, each
     * header's key and value, and the record's and the batch's framing (varints counted at their largest).
     */
    static long deadLetterBytes(final byte[] key, final byte[] value, final Headers headers) {
        long size = RECORD_BATCH_OVERHEAD + RECORD_OVERHEAD + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (final Header h : headers) {
            size += HEADER_OVERHEAD + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    /**
     * Whether the record is on the partition its MTA's state lives on: the one Kafka's default partitioner gives a
     * record keyed by the MTA, as on the normalised topics. Which key the shipper used, and how it partitioned, does
     * not matter: a record anywhere else takes the normalised topic.
     */
    private boolean local(final String mta) {
        if (partitions == 0) {
            return false;
        }
        final int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        return partition == Utils.toPositive(Utils.murmur2(mta.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The length a file reader found before cutting the record (its header), else the record's own. */
    private static long originalLength(final Headers headers, final byte[] value) {
        final String header = DeadLetterHeaders.get(headers, ExportRecord.ORIGINAL_LENGTH_HEADER);
        final long length = value == null ? 0 : value.length;
        if (header != null) {
            try {
                return Math.max(length, Long.parseLong(header.trim()));
            } catch (NumberFormatException e) {
                return length;
            }
        }
        return length;
    }
}
