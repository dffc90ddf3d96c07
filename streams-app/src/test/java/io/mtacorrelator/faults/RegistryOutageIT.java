package io.mtacorrelator.faults;

import io.mtacorrelator.KraftCluster;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.cli.MtaCorrelatorCli;
import io.mtacorrelator.registry.ApicurioRegistry;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.scaleout.Deployment;
import io.mtacorrelator.scaleout.DriverRun;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import io.mtacorrelator.workload.WorkloadRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema registry unreachable while the application runs, on a real three-node cluster (RF 3, min ISR 2, 4
 * partitions, exactly-once) with the real Apicurio registry (Confluent API, {@code /apis/ccompat/v7}) behind a TCP
 * forwarder the test cuts and restores.
 *
 * <p>What the application does: it registers (or looks up) each Avro topic's schema id when it starts, before Kafka
 * Streams, and keeps the ids and the schemas for the process's life; it asks the registry again only for an id it has
 * not seen (a record on a normalised topic written with another schema). So a running instance does not notice the
 * outage and loses nothing; an instance started during it stops at once with one line naming the registry (exit 2,
 * nothing started); started again once the registry is back, it finishes the run with the incidents of an
 * uninterrupted one.
 */
class RegistryOutageIT {

    /** 12 MTAs x 4 connections, 12,000 records from 1999-03-01T06:00:00Z to 06:49:08Z (event time), episodes planted. */
    private static final EstateSpec ESTATE = EstateSpec.of(1, 12, 4, 12_000, 3.0);
    /** The registry is cut once the records before this are processed... */
    private static final Instant OUTAGE_FROM = Instant.parse("1999-03-01T06:20:00Z");
    /** ...and restored once those before this are, the instance restarted meanwhile. */
    private static final Instant OUTAGE_TO = Instant.parse("1999-03-01T06:35:00Z");

    /** Started beside the cluster: the registry takes tens of seconds on a busy machine. */
    private static final CompletableFuture<ApicurioRegistry> REGISTRY = CompletableFuture.supplyAsync(ApicurioRegistry::start);

    @RegisterExtension
    static final KraftCluster KAFKA = new KraftCluster();

    @AfterEach
    void resetAwaitility() {
        Awaitility.reset();
    }

    @AfterAll
    static void stopRegistry() {
        REGISTRY.thenAccept(ApicurioRegistry::close).exceptionally(e -> null).join();
    }

    @Test
    void aRunningInstanceRidesOutARegistryOutageARestartDuringItFailsWithOneLineAndARestartAfterItCompletesTheRun(
            @TempDir final Path dir) throws Exception {
        // Given: the estate keyed by MTA in three parts by event time: before 06:20:00Z, 06:20:00Z to before 06:35:00Z
        // (processed while the registry is cut), and from 06:35:00Z (after it is back)
        final List<Deployment.Delivery> all = new ArrayList<>();
        new EstateGenerator(ESTATE).generate(r -> all.add(new Deployment.Delivery(r, true)));
        final List<Deployment.Delivery> before = part(all, Instant.EPOCH, OUTAGE_FROM);
        final List<Deployment.Delivery> during = part(all, OUTAGE_FROM, OUTAGE_TO);
        final List<Deployment.Delivery> after = part(all, OUTAGE_TO, Instant.MAX);
        assertThat(List.of(before, during, after)).allSatisfy(p -> assertThat(p).isNotEmpty());
        // and the incidents of an uninterrupted run (production topology, test driver)
        final DriverRun.Result uninterrupted = DriverRun.of(all, dir.resolve("uninterrupted"), Map.of());
        final Map<String, List<String>> expected = uninterrupted.incidents();
        // and the registry, reached by the application only through the forwarder
        final ApicurioRegistry registry = REGISTRY.join();
        try (TcpProxy proxy = TcpProxy.to(registry.port());
             Deployment deployment = Deployment.create(KAFKA.bootstrapServers(), "outage", 4, (short) KraftCluster.REPLICATION_FACTOR,
                     Deployment.PUBLISHED_IN_STEPS)) {
            final String through = "http://127.0.0.1:" + proxy.port() + "/apis/ccompat/v7";
            final Map<String, String> viaProxy = Map.of(CorrelatorConfig.SCHEMA_REGISTRY_URL, through,
                    CorrelatorConfig.SCHEMA_REGISTRY_TIMEOUT_MS, "5000");
            final Deserializer<Incident> incidents = registryDeserializer(registry.ccompatUrl());
            final Path state = dir.resolve("state");

            // When: an instance with the registry (as run starts it) processes the first part
            final CorrelatorApp first = deployment.startInstance(state, viaProxy, null);
            Awaitility.setDefaultFailFastCondition("the instance failed", () -> first.failure().isPresent());
            deployment.publish(before);
            deployment.awaitProcessed();
            final int changesBefore = changes(deployment.incidents(incidents));
            // and the registry becomes unreachable: the forwarder's port closed, its connections cut
            final int acceptedAtTheCut = proxy.accepted();
            proxy.cut();
            // (the positive control: the registry itself answers, through the forwarder nothing does)
            assertThat(get(registry.ccompatUrl() + "/subjects")).isEqualTo(200);
            assertThatThrownBy(() -> get(through + "/subjects")).isInstanceOf(ConnectException.class);
            // and the second part is published
            deployment.publish(during);
            deployment.awaitProcessed();

            // Then: the instance went on through the outage, writing incidents without the registry
            assertThat(first.failure()).as("failure during the outage").isEmpty();
            assertThat(first.state()).isEqualTo(KafkaStreams.State.RUNNING);
            final int changesDuring = changes(deployment.incidents(incidents));
            assertThat(changesDuring).as("incident state changes written during the outage").isGreaterThan(changesBefore);
            assertThat(acceptedAtTheCut).as("registry connections before the outage").isPositive();

            // When: the instance is stopped and started again with run while the registry is still unreachable
            assertThat(deployment.stop(first)).as("closed within its shutdown timeout").isTrue();
            Awaitility.reset();
            final Path config = properties(dir.resolve("run.properties"), deployment.instanceSettings(state), viaProxy);
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int code = MtaCorrelatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                    "run", "--config", config.toString());

            // Then: it stops at once, nothing started, with one line that names the registry and what failed
            assertThat(code).as("exit code; stderr: %s", err).isEqualTo(2);
            final List<String> lines = err.toString().lines().toList();
            assertThat(lines).as("stderr").hasSize(1);
            assertThat(lines.get(0)).startsWith("run: cannot ").contains("schema registry at " + through)
                    .doesNotContain("Exception", "\tat ");
            System.out.println("RegistryOutageIT: a start during the outage: exit " + code + ", " + lines.get(0));

            // When: the registry is back and the instance is started again (its state directory kept), and the rest
            // of the records and the end-of-input marker are published
            proxy.restore();
            assertThat(get(through + "/subjects")).as("through the forwarder again").isEqualTo(200);
            final CorrelatorApp second = deployment.startInstance(state, viaProxy, null);
            Awaitility.setDefaultFailFastCondition("the instance failed", () -> second.failure().isPresent());
            deployment.publish(after);
            deployment.endOfInput();
            deployment.awaitProcessed();

            // Then: the incidents are those of the uninterrupted run, each change once
            assertThat(second.failure()).isEmpty();
            final Map<String, List<String>> seen = deployment.incidents(incidents);
            // (late signals are dead-lettered: more of them than uninterrupted would explain a difference below)
            assertThat(deployment.deadLetters()).as("dead letters (late signals)").isEqualTo(uninterrupted.deadLetters());
            assertThat(Deployment.differences(expected, seen)).as("incidents with the outage against uninterrupted").isEmpty();
            final FaultTally tally = FaultTally.of("RegistryOutageIT", all.size(), String.format("registry unreachable from %s to %s "
                    + "(event time): the running instance went on (%d changes written during it); a restart during it exited %d "
                    + "with one line; restarted after it", OUTAGE_FROM, OUTAGE_TO, changesDuring - changesBefore, code), expected, seen)
                    .print();
            assertThat(tally.duplicates()).as("duplicates").isZero();
            assertThat(tally.lost()).as("lost").isZero();
            assertThat(tally.unexpected()).as("unexpected").isZero();
        }
    }

    private static List<Deployment.Delivery> part(final List<Deployment.Delivery> all, final Instant from, final Instant to) {
        return all.stream().filter(d -> {
            final WorkloadRecord r = d.record();
            return r.eventTimeMs() >= from.toEpochMilli() && (to == Instant.MAX || r.eventTimeMs() < to.toEpochMilli());
        }).toList();
    }

    private static int changes(final Map<String, List<String>> byId) {
        return byId.values().stream().mapToInt(List::size).sum();
    }

    /** Incidents in the Confluent wire format, the schemas fetched from the registry itself (not through the forwarder). */
    private static Deserializer<Incident> registryDeserializer(final String url) {
        final CorrelatorConfig config = new CorrelatorConfig(Map.of(CorrelatorConfig.SCHEMA_REGISTRY_URL, url));
        return CorrelatorApp.serdesFor(config).valueSerde(Incident.class).deserializer();
    }

    private static int get(final String url) throws IOException, InterruptedException {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Path properties(final Path file, final Map<String, String> settings, final Map<String, String> more)
            throws IOException {
        final Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(more);
        final Properties props = new Properties();
        props.putAll(all);
        try (Writer writer = Files.newBufferedWriter(file)) {
            props.store(writer, "run during the registry outage");
        }
        return file;
    }
}
