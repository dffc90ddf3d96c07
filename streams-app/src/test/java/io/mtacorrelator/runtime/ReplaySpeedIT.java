package io.mtacorrelator.runtime;

import io.mtacorrelator.ArrivalScenario;
import io.mtacorrelator.ReplayResult;
import io.mtacorrelator.BrokerReads;
import io.mtacorrelator.InProcessBroker;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the real in-process broker, the same deliveries replayed at half real time, in real time and as fast as
 * possible give identical incident streams. The clock is compressed: one event-time minute is a third of a
 * wall-clock second at real time, and the wall-clock settings (idle flush, punctuation) are compressed alike, so
 * the idle flush meets the scenario's quiet spell as it would live.
 */
class ReplaySpeedIT {

    /** Event-time milliseconds per wall-clock millisecond at "real time". */
    private static final long COMPRESSION = 180;
    private static final long IDLE_FLUSH_MS = 5 * 60_000L / COMPRESSION;

    @RegisterExtension
    static final InProcessBroker KAFKA = new InProcessBroker();

    @Test
    void halfRealTimeRealTimeAndFullSpeedGiveIdenticalIncidentStreams(@TempDir final Path dir) {
        // Given: the episode as Telegraf and a lagging Winlogbeat deliver it, with a quiet spell of almost five
        // minutes (compressed: the idle flush's default) before an event still within the grace arrives
        final List<ArrivalScenario.Arrival> arrivals = ArrivalScenario.arrivals();

        // When
        final ReplayResult fullSpeed = replay(dir, "full", arrivals, 0);
        final ReplayResult realTime = replay(dir, "real", arrivals, 1);
        final ReplayResult halfSpeed = replay(dir, "half", arrivals, 0.5);

        // Then: one incident that uses the delayed event, nothing set aside, the same at every speed
        assertThat(fullSpeed.incidents()).hasSize(1);
        assertThat(fullSpeed.incidents().values().iterator().next()).anySatisfy(i -> assertThat(i.getEvidence().getSymptoms())
                .anySatisfy(s -> assertThat(s.getTimestamp()).isEqualTo(ArrivalScenario.DELAYED_EVENT)));
        assertThat(fullSpeed.deadLetters()).isZero();
        assertThat(realTime.summary()).as("in real time").isEqualTo(fullSpeed.summary());
        assertThat(halfSpeed.summary()).as("at half real time").isEqualTo(fullSpeed.summary());
        assertThat(realTime).isEqualTo(fullSpeed);
        assertThat(halfSpeed).isEqualTo(fullSpeed);
    }

    /**
     * Runs the application on its own topics and publishes the arrivals paced at {@code speed} times (compressed)
     * real time, 0 meaning as fast as possible, then the end-of-input marker; waits until everything is processed.
     */
    private static ReplayResult replay(final Path dir, final String name, final List<ArrivalScenario.Arrival> arrivals, final double speed) {
        final String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        final String eventlog = prefix + Scenario.EVENTLOG_TOPIC;
        final String counters = prefix + Scenario.COUNTERS_TOPIC;
        final CorrelatorConfig config = new ConfigLayers()
                .layer("the test", Map.ofEntries(
                        Map.entry("bootstrap.servers", KAFKA.bootstrapServers()),
                        Map.entry("application.id", prefix + "app"),
                        Map.entry("state.dir", dir.resolve(prefix + "state").toString()),
                        Map.entry("commit.interval.ms", "200"),
                        Map.entry(CorrelatorConfig.TOPIC_RAW, eventlog + "," + counters),
                        Map.entry(CorrelatorConfig.TOPIC_EVENTS, prefix + "events"),
                        Map.entry(CorrelatorConfig.TOPIC_COUNTERS, prefix + "counters"),
                        Map.entry(CorrelatorConfig.TOPIC_INCIDENTS, prefix + "incidents"),
                        Map.entry(CorrelatorConfig.TOPIC_DEAD_LETTER, prefix + "deadletter"),
                        Map.entry(CorrelatorConfig.IDLE_FLUSH_MS, String.valueOf(IDLE_FLUSH_MS)),
                        Map.entry(CorrelatorConfig.PUNCTUATE_INTERVAL_MS, "100")))
                .build();
        final Topics topics = new Topics(config, new PlainAvroSerdes());
        try (CorrelatorApp app = CorrelatorApp.start(config, null, true)) {
            await().atMost(BrokerReads.CEILING).until(() -> app.state() == KafkaStreams.State.RUNNING);
            publish(arrivals, speed, Map.of(Scenario.EVENTLOG_TOPIC, eventlog, Scenario.COUNTERS_TOPIC, counters));
            BrokerReads.awaitProcessed(KAFKA.bootstrapServers(), prefix + "app", topics.rawNames(),
                    List.of(topics.events.name(), topics.counters.name()));
            assertThat(app.failure()).isEmpty();
        }
        final List<Incident> incidents = BrokerReads.readToEnd(KAFKA.bootstrapServers(), topics.incidents.name(),
                topics.incidents.valueSerde().deserializer()).stream().map(r -> r.value()).toList();
        final int deadLetters = BrokerReads.readToEnd(KAFKA.bootstrapServers(), topics.deadLetter.name(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer()).size();
        return ReplayResult.of(incidents, deadLetters);
    }

    /** Sends each record when its arrival comes on the compressed clock, stamped with its event time, keyed by MTA. */
    private static void publish(final List<ArrivalScenario.Arrival> arrivals, final double speed, final Map<String, String> topicOf) {
        final Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.ACKS_CONFIG, "all");
        final Instant first = arrivals.get(0).arrival();
        final long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final ArrivalScenario.Arrival a : arrivals) {
                if (speed > 0) {
                    final long dueNanos = Math.round(Duration.between(first, a.arrival()).toNanos() / (double) COMPRESSION / speed);
                    final long wait = start + dueNanos - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producer.send(new ProducerRecord<>(topicOf.get(a.line().topic()), null, a.line().time().toEpochMilli(),
                        "EXCH1".getBytes(StandardCharsets.UTF_8), a.line().json().getBytes(StandardCharsets.UTF_8)));
                producer.flush();
            }
            Replayer.sendEndOfInput(producer, List.copyOf(topicOf.values()));
            producer.flush();
        }
    }
}
