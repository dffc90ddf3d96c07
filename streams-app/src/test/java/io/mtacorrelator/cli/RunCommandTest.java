package io.mtacorrelator.cli;

import io.mtacorrelator.topology.CorrelatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration errors at start: one clear line each, exit code 2, before anything runs. */
class RunCommandTest {

    private static void assertOneLine(final CliHarness result, final String... fragments) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
        assertThat(result.err()).startsWith("run: ").contains(fragments);
    }

    @Test
    void anUnknownAppKeyIsRefusedNamingTheKnownOnes() {
        // When
        final CliHarness result = CliHarness.run("run", "--bootstrap-servers", "localhost:9092", "--set", "mta.gace.ms=1000");

        // Then
        assertOneLine(result, "unknown configuration key mta.gace.ms in the command line", "mta.grace.ms");
    }

    @Test
    void anUnknownKafkaKeyFromTheEnvironmentIsRefused() {
        // When: KAFKA_BOOTSTRAP_SERVER (missing S) maps to bootstrap.server, which nobody knows
        final CliHarness result = CliHarness.runWith(Map.of("KAFKA_BOOTSTRAP_SERVER", "localhost:9092"), "run");

        // Then
        assertOneLine(result, "unknown configuration key bootstrap.server in the environment", "KAFKA_BOOTSTRAP_SERVER");
    }

    @Test
    void aBadNumberNamesTheKeyAndWhereItCameFrom() {
        // When
        final CliHarness result = CliHarness.runWith(Map.of("MTA_GRACE_MS", "two minutes"), "run", "--bootstrap-servers", "localhost:9092");

        // Then
        assertOneLine(result, "mta.grace.ms", "two minutes", "from the environment");
    }

    @Test
    void aMetricsPortOutOfRangeNamesTheKeyAndTheFlag() {
        // When: a port no socket can have (the same flag with 9404 passes this check: the positive control below)
        final CliHarness result = CliHarness.run("run", "--bootstrap-servers", "localhost:9092", "--metrics-port", "70000");

        // Then
        assertOneLine(result, "mta.metrics.port", "70000", "from the command line");
    }

    @Test
    void theMetricsPortIsOffUnlessGivenAndTheFlagSetsTheKey() {
        // Given
        final RunCommand off = new RunCommand();
        off.environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        final RunCommand on = new RunCommand();
        on.environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        on.metricsPort = 9404;

        // Then
        assertThat(off.layers().build().getInt(io.mtacorrelator.topology.CorrelatorConfig.METRICS_PORT)).isEqualTo(-1);
        assertThat(on.layers().build().getInt(io.mtacorrelator.topology.CorrelatorConfig.METRICS_PORT)).isEqualTo(9404);
        assertThat(on.layers().origin(io.mtacorrelator.topology.CorrelatorConfig.METRICS_PORT)).isEqualTo("the command line");
    }

    @Test
    void aKeyGivenTwiceWithDifferentValuesInOneFileIsAConflict(@TempDir final Path dir) throws IOException {
        // Given
        final Path file = Files.writeString(dir.resolve("app.properties"),
                "bootstrap.servers=localhost:9092\nmta.grace.ms=60000\n# later...\nmta.grace.ms=120000\n");

        // When
        final CliHarness result = CliHarness.run("run", "--config", file.toString());

        // Then
        assertOneLine(result, "mta.grace.ms is given twice in file " + file, "'60000'", "'120000'");
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir final Path dir) {
        // When
        final CliHarness result = CliHarness.run("run", "--config", dir.resolve("nope.properties").toString());

        // Then
        assertOneLine(result, "cannot read configuration file", "nope.properties", "no such file");
    }

    @Test
    void noClusterAtAllIsSaid() {
        // When
        final CliHarness result = CliHarness.run("run");

        // Then
        assertOneLine(result, "no Kafka cluster given", "--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void anUnreachableClusterIsReportedWithinTheStartupTimeout() throws IOException {
        // Given: a loopback port nobody listens on
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        // When
        final long started = System.nanoTime();
        final CliHarness result = CliHarness.run("run", "--bootstrap-servers", "127.0.0.1:" + port,
                "--set", "mta.startup.timeout.ms=2000");

        // Then
        assertOneLine(result, "cannot reach Kafka at 127.0.0.1:" + port + " within 2 s");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(20_000);
    }

    @Test
    void theIncidentFormatFlagChoosesEachSiemShapeAndRefusesTheTerminalText() {
        // Given / When: each shape the incident topic can carry, as a user types it
        for (final String shape : List.of("avro", "json", "ecs", "ocsf", "cef")) {
            final RunCommand run = new RunCommand();
            new CommandLine(run).parseArgs("--bootstrap-servers", "localhost:9092", "--incident-format", shape);
            run.environment(Map.of());

            // Then: it is mta.incident.format, from the command line
            assertThat(run.layers().values()).containsEntry(CorrelatorConfig.INCIDENT_FORMAT, shape);
            assertThat(run.layers().origin(CorrelatorConfig.INCIDENT_FORMAT)).isEqualTo("the command line");
        }

        // When: the demo's text, several lines per incident, which a topic of one record per state change cannot carry
        final CliHarness result = CliHarness.run("run", "--bootstrap-servers", "localhost:9092", "--incident-format", "text");

        // Then
        assertOneLine(result, CorrelatorConfig.INCIDENT_FORMAT, "text", "avro, json, ecs, ocsf, cef", "from the command line");
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenFlags(@TempDir final Path dir) throws IOException {
        // Given: the same key at every layer
        final Path file = Files.writeString(dir.resolve("app.properties"), "mta.grace.ms=1000\nmta.incident.stale.ms=600000\n"
                + "mta.q189494.flood.count=20\n");
        final RunCommand run = new RunCommand();
        run.cluster.configFile = file;
        run.environment(Map.of("MTA_GRACE_MS", "2000", "MTA_INCIDENT_STALE_MS", "700000"));
        run.cluster.overrides = java.util.List.of("mta.grace.ms=3000");

        // When
        final var layers = run.layers();

        // Then
        assertThat(layers.values()).containsEntry("mta.grace.ms", "3000")
                .containsEntry("mta.incident.stale.ms", "700000")
                .containsEntry("mta.q189494.flood.count", "20")
                .containsEntry("application.id", "mta-correlator");
        assertThat(layers.origin("mta.grace.ms")).isEqualTo("the command line");
        assertThat(layers.origin("mta.incident.stale.ms")).isEqualTo("the environment");
        assertThat(layers.origin("mta.q189494.flood.count")).isEqualTo("file " + file);
    }
}
