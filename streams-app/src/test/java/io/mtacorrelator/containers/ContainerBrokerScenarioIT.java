package io.mtacorrelator.containers;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.runtime.Replayer;
import io.mtacorrelator.topology.AvroSerdes;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code run} code path against real servers in containers: the official apache/kafka image (KRaft) and
 * Apicurio Registry 2.6. The application starts as {@code run} starts it ({@code CorrelatorApp.start(config, null,
 * false)}: serdes from {@code mta.schema.registry.url}, topics must exist), a Q181721 episode is replayed as
 * {@code replay --end-of-input} replays it, and the incident is read back from {@code mta.incidents} with the
 * application's own registry deserializer.
 *
 * <p>Needs Docker; skipped (reported as such) where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerScenarioIT {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(StackImages.KAFKA);

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>(StackImages.REGISTRY)
            .withExposedPorts(StackImages.REGISTRY_PORT)
            .waitingFor(Wait.forHttp("/health/ready").forPort(StackImages.REGISTRY_PORT).forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(3)));

    @Test
    void aReplayedQ181721EpisodeBecomesOneIncidentOpenedThenResolved(@TempDir final Path stateDir, @TempDir final Path dir)
            throws Exception {
        // Given: the article's episode for EXCH1 -> EXCH2 as shipper records in an NDJSON export
        final Scenario scenario = new Scenario(MORNING);
        final int thresholdMinute = scenario.q181721Episode("EXCH1", "EXCH2", 20, 60, 50);
        final List<String> lines = scenario.lines().stream().map(Scenario.Line::json).toList();
        final Path export = Files.write(dir.resolve("episode.ndjson"), lines, StandardCharsets.UTF_8);
        // and the application configured as run would be, against the containers
        final String bootstrap = KAFKA.getBootstrapServers();
        final CorrelatorConfig config = new CorrelatorConfig(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator-it-" + UUID.randomUUID(),
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                CorrelatorConfig.SCHEMA_REGISTRY_URL,
                StackImages.ccompatUrl(REGISTRY.getHost(), REGISTRY.getMappedPort(StackImages.REGISTRY_PORT))));
        final AvroSerdes serdes = CorrelatorApp.serdesFor(config);
        final Topics topics = new Topics(config, serdes);
        // and its topics, created as the Compose stack creates them: event-time timestamps from 1999 must not fall
        // to time-based retention
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics.all().stream()
                    .map(name -> new NewTopic(name, 1, (short) 1).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))
                    .toList()).all().get(60, TimeUnit.SECONDS);
        }

        // When: the application runs and the export is replayed, with the end-of-input marker
        try (CorrelatorApp app = CorrelatorApp.start(config, null, false);
             IncidentTopicReader reader = new IncidentTopicReader(bootstrap, topics.incidents)) {
            final Replayer.Summary replayed = new Replayer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))
                    .replay(List.of(export), topics.rawNames().get(0), topics.rawNames(), lines.size(), (done, total, rate) -> { });
            assertThat(replayed.records()).isEqualTo(lines.size());
            assertThat(replayed.unreadable()).isZero();

            // Then: the incident resolves (the marker makes the application evaluate everything it holds)
            await("a RESOLVED Q181721 incident on " + topics.incidents.name())
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .failFast("the application stopped (Kafka Streams in state ERROR or NOT_RUNNING)",
                            () -> app.state() == KafkaStreams.State.ERROR || app.state() == KafkaStreams.State.NOT_RUNNING)
                    .until(() -> reader.poll().stream().anyMatch(ContainerBrokerScenarioIT::resolvedQ181721));

            // and it is one incident, for EXCH1 -> EXCH2, from OPEN to RESOLVED
            final List<Incident> incidents = reader.incidents();
            assertThat(incidents).as(reader.describe()).isNotEmpty()
                    .allSatisfy(i -> {
                        assertThat(i.getKb()).isEqualTo("Q181721");
                        assertThat(i.getMta()).isEqualTo("EXCH1");
                        assertThat(i.getRemoteMta()).isEqualTo("EXCH2");
                    });
            assertThat(incidents).extracting(Incident::getIncidentId).as(reader.describe()).containsOnly(incidents.get(0).getIncidentId());
            assertThat(incidents.get(0).getStatus()).as(reader.describe()).isEqualTo(IncidentStatus.OPEN);
            assertThat(incidents.get(0).getEvidence().getQueueLength()).isLessThan(50);
            final Incident last = incidents.get(incidents.size() - 1);
            assertThat(last.getStatus()).as(reader.describe()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(last.getResolvedAt()).isAfter(scenario.at(thresholdMinute));
            assertThat(incidents).filteredOn(i -> i.getStatus() == IncidentStatus.RESOLVED).hasSize(1);
        }
    }

    private static boolean resolvedQ181721(final Incident incident) {
        return "Q181721".equals(incident.getKb()) && incident.getStatus() == IncidentStatus.RESOLVED;
    }
}
