package io.mtacorrelator.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TopologyDescription;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How fast a running Kafka Streams application works through what is waiting on its source topics: from the first
 * record its consumers fetch to the moment its committed offsets reach the end of every source partition (consumer
 * lag 0). Start-up (group join, topic checks, state restore) is not counted, and neither is anything after.
 */
final class Throughput {

    /** What one application did. */
    record Measured(String app, long records, double seconds) {

        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }
    }

    private static final long POLL_LAG_MS = 50;

    private Throughput() {
    }

    /** Every topic the topology reads (the raw topics, and with two sub-topologies the intermediate ones too). */
    static Set<String> sourceTopics(final TopologyDescription description) {
        final Set<String> topics = new TreeSet<>();
        for (final TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (final TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        return topics;
    }

    /**
     * Waits until the application has fetched its first record, then until its lag is 0 on every source topic.
     *
     * @param records  the input records it works through (for the rate)
     * @param ceiling  how long it may take before the measurement fails
     * @param progress receives a line every few seconds
     */
    static Measured measure(final String app, final KafkaStreams streams, final String applicationId, final Set<String> sources,
                            final Admin admin, final long records, final Duration ceiling, final Consumer<String> progress)
            throws InterruptedException {
        final long deadline = System.nanoTime() + ceiling.toNanos();
        while (consumed(streams) == 0) {
            failIfStopped(app, streams);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app + " fetched no record within " + ceiling.toSeconds() + " s");
            }
            Thread.sleep(2);
        }
        final long first = System.nanoTime();
        long lastReport = first;
        while (true) {
            failIfStopped(app, streams);
            if (lag(admin, applicationId, sources) == 0) {
                return new Measured(app, records, (System.nanoTime() - first) / 1e9);
            }
            final long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException(app + " did not catch up within " + ceiling.toSeconds() + " s");
            }
            if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = now;
                final double secs = (now - first) / 1e9;
                final long done = consumed(streams);
                progress.accept(String.format("%s: %,d records fetched in %.0f s (%,.0f/s)", app, done, secs, done / secs));
            }
            Thread.sleep(POLL_LAG_MS);
        }
    }

    private static void failIfStopped(final String app, final KafkaStreams streams) {
        final KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.PENDING_SHUTDOWN) {
            throw new IllegalStateException(app + " stopped while being measured (state " + state + ")");
        }
    }

    /** Records fetched by the application's main consumers so far (restore consumers not counted). */
    static long consumed(final KafkaStreams streams) {
        double total = 0;
        for (final Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            final MetricName name = e.getKey();
            if ("records-consumed-total".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
                    && !name.tags().containsKey("topic")) {
                final String client = name.tags().getOrDefault("client-id", "");
                if (client.endsWith("-consumer") && !client.endsWith("-restore-consumer")) {
                    total += ((Number) e.getValue().metricValue()).doubleValue();
                }
            }
        }
        return Math.round(total);
    }

    /** Records on the source topics not yet committed by the group; Long.MAX_VALUE while offsets cannot be read. */
    static long lag(final Admin admin, final String groupId, final Set<String> topics) throws InterruptedException {
        try {
            final Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toSet());
            final var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get();
            final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (final TopicPartition tp : partitions) {
                final OffsetAndMetadata c = committed.get(tp);
                lag += Math.max(0, ends.get(tp).offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (ExecutionException e) {
            return Long.MAX_VALUE;
        }
    }

    /** End offsets summed over the topics' partitions. */
    static Map<String, Long> endOffsets(final Admin admin, final Set<String> topics) throws InterruptedException, ExecutionException {
        final Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
        final var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get();
        final Map<String, Long> sums = new HashMap<>();
        ends.forEach((tp, info) -> sums.merge(tp.topic(), info.offset(), Long::sum));
        return sums;
    }
}
