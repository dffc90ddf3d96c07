package io.mtacorrelator;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * Waiting on the condition that matters, on a real broker: that an application has processed and committed
 * everything on its input topics; and reading a topic to its end, so that nothing written (a late duplicate
 * included) is missed. Ceilings are generous: a loaded two-core machine is slow, never wrong.
 */
public final class BrokerReads {

    /** How long processing may take at most on a busy machine before a test gives up. */
    public static final Duration CEILING = Duration.ofMinutes(5);

    private BrokerReads() {
    }

    /**
     * Waits until the application (consumer group {@code groupId}) has committed the end of its raw topics and then
     * every record of its normalised topics. The raw topics come from plain producers, so their end offset is exact;
     * the normalised ones are written in the application's transactions, whose commit markers take offsets no
     * consumer commits past when nothing follows them: for those, the last record a committed read sees is the mark.
     */
    public static void awaitProcessed(final String bootstrap, final String groupId, final List<String> rawTopics,
                                      final List<String> normalisedTopics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(CEILING).pollInterval(Duration.ofMillis(250))
                    .until(() -> committedAtLeast(admin, groupId, endOffsets(admin, rawTopics)));
            final Map<TopicPartition, Long> lastRecords = new HashMap<>();
            for (final String topic : normalisedTopics) {
                for (final ConsumerRecord<String, byte[]> r : readToEnd(bootstrap, topic, new ByteArrayDeserializer())) {
                    lastRecords.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
                }
            }
            await().atMost(CEILING).pollInterval(Duration.ofMillis(250))
                    .until(() -> committedAtLeast(admin, groupId, lastRecords));
        }
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final List<String> topics)
            throws InterruptedException, ExecutionException {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(d -> d.partitions()
                .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        final Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Whether the group has committed at least {@code wanted} on each partition there (0: nothing to wait for). */
    public static boolean committedAtLeast(final Admin admin, final String groupId, final Map<TopicPartition, Long> wanted)
            throws InterruptedException, ExecutionException {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        return wanted.entrySet().stream().allMatch(e -> {
            final OffsetAndMetadata c = committed.get(e.getKey());
            return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
        });
    }

    /** Every committed record of the topic, from its beginning to its current end. */
    public static <V> List<ConsumerRecord<String, V>> readToEnd(final String bootstrap, final String topic, final Deserializer<V> values) {
        final Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(CEILING).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return out;
    }
}
