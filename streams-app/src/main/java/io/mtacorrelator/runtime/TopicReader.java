package io.mtacorrelator.runtime;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads whole topics from the beginning, committed records only ({@code read_committed}), without a consumer
 * group: to its end as it was when reading started, or on for ever ({@code follow}) until {@link #wakeup()}.
 * Values stay bytes, so that one record that cannot be decoded is the caller's to report, not a stuck consumer.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;

    /** @param clientProperties consumer properties (bootstrap.servers, security); group and offsets are set here */
    public TopicReader(final Map<String, Object> clientProperties, final String topic) {
        this(clientProperties, List.of(topic));
    }

    /** Several topics read together by one consumer. */
    public TopicReader(final Map<String, Object> clientProperties, final List<String> topics) {
        final Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
    }

    /**
     * Calls {@code sink} with each record, partition by partition in offset order.
     *
     * @return how many records were read; on {@link #wakeup()} while following, what was read until then
     * @throws IllegalStateException when the topic does not exist
     */
    public long read(final boolean follow, final Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        final List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (final String topic : topics) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("no topic " + topic);
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long count = 0;
        try {
            while (follow || partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    sink.accept(record);
                    count++;
                }
            }
        } catch (WakeupException stop) {
            // Asked to stop following: what was read stands.
        }
        return count;
    }

    /** Makes a {@link #read} in progress return (from another thread, e.g. a shutdown hook). */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
