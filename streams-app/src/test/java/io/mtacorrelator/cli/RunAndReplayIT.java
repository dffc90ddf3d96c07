package io.mtacorrelator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.BrokerReads;
import io.mtacorrelator.InProcessBroker;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code replay} then {@code run} on a real in-process broker gives what {@code correlate} gives on the same files. */
class RunAndReplayIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final InProcessBroker KAFKA = new InProcessBroker();

    @Test
    void runRefusesToStartWhenItsTopicsAreMissing() {
        // When
        final CliHarness result = CliHarness.run("run", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--set", "mta.topic.raw=nothing.here", "--set", "mta.topic.events=none.either");

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).startsWith("run: missing topic(s) on " + KAFKA.bootstrapServers() + ": nothing.here, none.either")
                .contains("--create-topics");
    }

    @Test
    void replayThenRunGivesTheIncidentsCorrelateGives(@TempDir final Path dir) throws IOException {
        // Given: a morning exported as two files, one per shipper (events first, then counters, not interleaved):
        // EXCH1 -> EXCH2 has the article's episode, EXCH4's remote is down
        final Scenario s = Scenario.twoFaults(Instant.parse("1999-03-01T08:00:00Z"));
        final Path events = Files.write(dir.resolve("winlogbeat.ndjson"), s.lines().stream()
                .filter(l -> l.topic().equals(Scenario.EVENTLOG_TOPIC)).map(Scenario.Line::json).toList());
        final Path counters = Files.write(dir.resolve("telegraf.ndjson"), s.lines().stream()
                .filter(l -> l.topic().equals(Scenario.COUNTERS_TOPIC)).map(Scenario.Line::json).toList());
        final CliHarness correlate = CliHarness.run("correlate", events.toString(), counters.toString());
        assertThat(correlate.exitCode()).as(correlate.err()).isZero();
        final Map<String, List<String>> expected = byIncident(correlate.out().lines().toList());
        assertThat(expected).hasSize(2);

        // When: run (its code path: layered config, topic creation) and replay into it
        final String appId = "mta-it-" + UUID.randomUUID();
        final CorrelatorConfig config = new ConfigLayers()
                .layer("the test", Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "application.id", appId,
                        "state.dir", dir.resolve("state").toString(), "commit.interval.ms", "200"))
                .build();
        try (CorrelatorApp app = CorrelatorApp.start(config, null, true)) {
            await().atMost(BrokerReads.CEILING).until(() -> app.state() == KafkaStreams.State.RUNNING);
            final CliHarness replay = CliHarness.run("replay", "--bootstrap-servers", KAFKA.bootstrapServers(),
                    "--end-of-input", events.toString(), counters.toString());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.err()).contains("replay: published " + s.lines().size() + " record(s) from 2 file(s)")
                    .contains("end-of-input marker sent");

            // Then: once run has processed and committed everything replayed (end-of-input marker included), the
            // whole incident topic, read to its end so that a late duplicate would show, is what correlate wrote
            final Topics topics = new Topics(config, new PlainAvroSerdes());
            BrokerReads.awaitProcessed(KAFKA.bootstrapServers(), appId, topics.rawNames(),
                    List.of(topics.events.name(), topics.counters.name()));
            final List<String> seen = BrokerReads.readToEnd(KAFKA.bootstrapServers(), topics.incidents.name(),
                    topics.incidents.valueSerde().deserializer()).stream().map(r -> IncidentJson.toLine(r.value())).toList();
            assertThat(byIncident(seen)).isEqualTo(expected);
            assertThat(app.failure()).isEmpty();
        }
    }

    @Test
    void aFailedStreamStopsTheApplicationLoudlyWithANonZeroExit(@TempDir final Path dir) throws Exception {
        // Given: the application running on its own topics
        final String prefix = "fail-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        final CorrelatorConfig config = new ConfigLayers()
                .layer("the test", Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "application.id", prefix + "app",
                        "state.dir", dir.resolve("state").toString(),
                        "mta.topic.raw", prefix + "raw", "mta.topic.events", prefix + "events",
                        "mta.topic.counters", prefix + "counters", "mta.topic.incidents", prefix + "incidents",
                        "mta.topic.deadletter", prefix + "dlt"))
                .build();
        try (CorrelatorApp app = CorrelatorApp.start(config, null, true);
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                     Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            await().atMost(BrokerReads.CEILING).until(() -> app.state() == KafkaStreams.State.RUNNING);

            // When: one of its source topics disappears under it
            admin.deleteTopics(List.of(prefix + "raw")).all().get();

            // Then: it does not limp on: it stops with the cause, and the exit code says so
            final int[] code = new int[1];
            await().atMost(BrokerReads.CEILING).until(() -> {
                code[0] = app.awaitTermination();
                return true;
            });
            assertThat(code[0]).isEqualTo(1);
            assertThat(app.state()).isIn(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);
        }
    }

    /** State changes grouped by incident id, in order: the stream a SIEM de-duplicating by id sees. */
    private static Map<String, List<String>> byIncident(final List<String> lines) {
        final Map<String, List<String>> out = new TreeMap<>();
        for (final String line : lines) {
            try {
                final JsonNode n = MAPPER.readTree(line);
                out.computeIfAbsent(n.get("incidentId").asText(), k -> new ArrayList<>()).add(line);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return out;
    }
}
