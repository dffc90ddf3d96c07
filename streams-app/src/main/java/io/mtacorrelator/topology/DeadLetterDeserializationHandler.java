package io.mtacorrelator.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record on a normalised topic that cannot be decoded (someone else wrote to it, or with another schema)
 * goes to the dead-letter topic unchanged, with the same origin headers as unreadable raw records, and
 * processing goes on. Kafka Streams writes it in the same transaction as the task's other output.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String deadLetterTopic;
    private String applicationId;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                    + " must name the dead-letter topic for " + getClass().getSimpleName());
        }
        this.deadLetterTopic = topic.toString();
        this.applicationId = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        LOG.warn("Dead-lettering undecodable record {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                exception.getMessage());
        final RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, "cannot deserialize: " + exception.getMessage());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.PARSER, "deserializer");
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TOPIC, context.topic());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_PARTITION, context.partition());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_OFFSET, context.offset());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Instant.ofEpochMilli(context.timestamp()));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REJECTED_AT, Instant.now());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.APPLICATION_ID, applicationId);
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers)));
    }
}
