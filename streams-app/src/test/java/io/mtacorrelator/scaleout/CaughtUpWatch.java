package io.mtacorrelator.scaleout;

import io.mtacorrelator.BrokerReads;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Waits, as often as a test publishes a step, until an application has processed and committed all that is on its raw
 * topics and what it made of that on its normalised ones. One admin client and one {@code read_committed} reader of
 * the normalised topics serve every wait, so that a wait costs about one commit interval of the application rather
 * than the set-up of clients (the one-off {@link BrokerReads#awaitProcessed} reads the normalised topics from the start).
 */
final class CaughtUpWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final String groupId;
    private final List<TopicPartition> raw;
    private final List<TopicPartition> normalised;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;
    /** Per normalised partition, the offset after its last data record read so far: what the group must commit. */
    private final Map<TopicPartition, Long> afterLastRecord = new HashMap<>();

    CaughtUpWatch(final String bootstrap, final String groupId, final List<TopicPartition> raw, final List<TopicPartition> normalised) {
        this.groupId = groupId;
        this.raw = List.copyOf(raw);
        this.normalised = List.copyOf(normalised);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        reader.assign(this.normalised);
        reader.seekToBeginning(this.normalised);
    }

    /** Returns once everything published to the raw topics so far, and all it led to, is processed and committed. */
    void untilCaughtUp() {
        untilCommitted(Deployment.endOffsets(admin, raw));
        // The raw records' transactions are committed, and with them what they wrote to the normalised topics.
        final Map<TopicPartition, Long> ends = reader.endOffsets(normalised);
        await().atMost(BrokerReads.CEILING).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            for (final ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
                afterLastRecord.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            }
            return normalised.stream().allMatch(tp -> reader.position(tp) >= ends.get(tp));
        });
        untilCommitted(afterLastRecord);
    }

    private void untilCommitted(final Map<TopicPartition, Long> wanted) {
        await().atMost(BrokerReads.CEILING).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> BrokerReads.committedAtLeast(admin, groupId, wanted));
    }

    @Override
    public void close() {
        reader.close();
        admin.close();
    }
}
