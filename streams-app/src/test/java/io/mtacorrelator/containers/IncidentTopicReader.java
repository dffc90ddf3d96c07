package io.mtacorrelator.containers;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.topology.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the incident topic from the beginning with the application's own deserializers (the {@link Topic} of the
 * {@code Topics} registry), committed records only: the correlator writes with exactly-once transactions. Each
 * {@link #poll()} adds what arrived to {@link #incidents()}; meant to be polled from one thread (Awaitility's
 * {@code pollInSameThread}).
 */
final class IncidentTopicReader implements AutoCloseable {

    private final KafkaConsumer<String, Incident> consumer;
    private final List<Incident> incidents = new ArrayList<>();

    IncidentTopicReader(final String bootstrapServers, final Topic<String, Incident> topic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic.name() + " does not exist on " + bootstrapServers);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once (up to half a second) and returns every incident read so far, in topic order per partition. */
    List<Incident> poll() {
        for (final ConsumerRecord<String, Incident> record : consumer.poll(Duration.ofMillis(500))) {
            incidents.add(record.value());
        }
        return List.copyOf(incidents);
    }

    List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    /** One line per incident state change, for assertion messages. */
    String describe() {
        final StringBuilder text = new StringBuilder();
        for (final Incident i : incidents) {
            text.append(String.join(" ", i.getIncidentId(), i.getKb(), i.getStatus().name(), i.getMta(),
                    String.valueOf(i.getRemoteMta()))).append('\n');
        }
        return text.length() == 0 ? "(no incidents)" : text.toString();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
