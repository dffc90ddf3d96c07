package io.mtacorrelator.topology;

import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.time.Instant;
import java.util.Optional;

/**
 * Parses raw shipper records. Parsed records leave with their event time as timestamp; unrelated ones are
 * counted and dropped; unreadable ones leave with dead-letter headers saying why and where from.
 */
final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], Ingested> {

    private final RecordParser parser = new RecordParser();
    private FixedKeyProcessorContext<byte[], Ingested> context;
    private Sensor read;
    private Sensor parsed;
    private Sensor ignored;
    private Sensor deadLettered;

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
        read.record();
        final ParseOutcome outcome = parser.parse(record.value());
        if (outcome instanceof ParseOutcome.Event e) {
            parsed.record();
            context.forward(record.withValue(new Ingested(outcome, record.value()))
                    .withTimestamp(e.event().getTimestamp().toEpochMilli()));
        } else if (outcome instanceof ParseOutcome.Sample s) {
            parsed.record();
            context.forward(record.withValue(new Ingested(outcome, record.value()))
                    .withTimestamp(s.sample().getTimestamp().toEpochMilli()));
        } else if (outcome instanceof ParseOutcome.Ignored) {
            ignored.record();
        } else if (outcome instanceof ParseOutcome.Rejected r) {
            deadLettered.record();
            final var headers = record.headers();
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
            context.forward(record.withValue(new Ingested(outcome, record.value())));
        }
    }
}
