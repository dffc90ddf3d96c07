package io.mtacorrelator.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterDeserializationHandlerTest {

    /** The coordinates Kafka Streams hands the handler. */
    private record Context(String topic, int partition, long offset) implements ErrorHandlerContext {
        @Override public Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return "events-source"; }
        @Override public TaskId taskId() { return new TaskId(1, partition); }
        @Override public long timestamp() { return 920_275_200_000L; }
        @Override public byte[] sourceRawKey() { return null; }
        @Override public byte[] sourceRawValue() { return null; }
    }

    @Test
    void resumesWithTheOriginalBytesAndTheirOriginOnTheDeadLetterTopic() {
        // Given
        final DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "mta.deadletter",
                StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator"));
        final byte[] value = "not avro".getBytes();
        final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("mta.events", 3, 42L, "EXCH1".getBytes(), value);

        // When
        final DeserializationExceptionHandler.Response response = handler.handleError(new Context("mta.events", 3, 42L),
                record, new SerializationException("cannot read MtaEvent Avro from topic mta.events"));

        // Then
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        final ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("mta.deadletter");
        assertThat(dead.value()).isEqualTo(value);
        assertThat(dead.key()).isEqualTo("EXCH1".getBytes());
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("cannot deserialize: cannot read MtaEvent Avro from topic mta.events");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("mta.events");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TIMESTAMP)).isEqualTo("1999-03-01T08:00:00Z");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.APPLICATION_ID)).isEqualTo("mta-correlator");
    }

    @Test
    void refusesToStartWithoutADeadLetterTopic() {
        // Given
        final DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();

        // When / Then
        assertThatThrownBy(() -> handler.configure(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    }
}
