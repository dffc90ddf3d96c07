package io.mtacorrelator.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an application keeps: its local state on disk (RocksDB), and its changelog topics on the brokers (bytes in
 * the leaders' logs, and records, counted by reading them).
 *
 * @param diskBytes        files under the application's state directory after it closed
 * @param changelogBytes   size of the changelog partitions' logs on their leaders
 * @param changelogRecords data records in the changelogs (transaction markers not counted)
 * @param liveBytes        key and value bytes of the newest record of each key: what the compacted changelogs keep,
 *                         the state itself (the log holds older versions too until the cleaner compacts them)
 */
record StateFootprint(long diskBytes, long changelogBytes, long changelogRecords, long liveBytes) {

    /** Data records in the changelogs, and the bytes of the newest record per key. */
    record Changelog(long records, long liveBytes) {
    }

    static long directoryBytes(final Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> changelogTopics(final Admin admin, final String applicationId) throws InterruptedException, ExecutionException {
        return admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog"))
                .collect(Collectors.toSet());
    }

    static long changelogBytes(final Admin admin, final Set<String> topics) throws InterruptedException, ExecutionException {
        if (topics.isEmpty()) {
            return 0;
        }
        final Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
        final List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        final Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get();
        long bytes = 0;
        for (final TopicDescription d : described.values()) {
            for (final TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null) {
                    continue;
                }
                final TopicPartition tp = new TopicPartition(d.name(), p.partition());
                for (final LogDirDescription dir : dirs.getOrDefault(p.leader().id(), Map.of()).values()) {
                    final ReplicaInfo replica = dir.replicaInfos().get(tp);
                    if (replica != null) {
                        bytes += replica.size();
                    }
                }
            }
        }
        return bytes;
    }

    /** Reads the topics to their end (committed records only): the data records, and the newest record's bytes per key. */
    static Changelog read(final Map<String, Object> clientProps, final Set<String> topics) {
        if (topics.isEmpty()) {
            return new Changelog(0, 0);
        }
        final Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long count = 0;
        final Map<String, Map<java.nio.ByteBuffer, Integer>> newest = new java.util.HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = topics.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(i -> new TopicPartition(t, i.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    count++;
                    final Map<java.nio.ByteBuffer, Integer> byKey = newest.computeIfAbsent(r.topic(), t -> new java.util.HashMap<>());
                    final java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(r.key() == null ? new byte[0] : r.key());
                    if (r.value() == null) {
                        byKey.remove(key);
                    } else {
                        byKey.put(key, key.remaining() + r.value().length);
                    }
                }
            }
        }
        return new Changelog(count, newest.values().stream().flatMap(m -> m.values().stream()).mapToLong(Integer::longValue).sum());
    }
}
