package io.mtacorrelator.containers;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.cli.MtaCorrelatorCli;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole {@code docker-compose.yml} stack, as a user runs it: {@code docker compose up} (Kafka, the topics job,
 * Apicurio Registry, Kafka Connect, the correlator from {@code target/mta-correlator.jar}), then the bundled demo
 * scenario replayed from the host with {@code replay --end-of-input} on the host-mapped Kafka port, and a Q181721
 * incident expected on {@code mta.incidents}, read as Avro through the registry with the application's serde.
 *
 * <p>The stack's host ports are moved to free ones (STACK_* variables of the compose file), so the test does not
 * collide with a stack already running on 9094/8080/8083. Uses the local {@code docker compose} (v2) when there is
 * one, Testcontainers' containerised Compose otherwise. Needs Docker and the fat jar (failsafe runs after
 * {@code package}); skipped, reported as such, without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    /** The module's directory is the working directory of failsafe. */
    private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");
    private static final Path JAR = Path.of("target", "mta-correlator.jar");
    private static final Path DEMO_SCENARIO = Path.of("src", "main", "resources", "scenarios", "q181721-episode.ndjson");
    private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(4);

    private static final ToStringConsumer CORRELATOR_LOG = new ToStringConsumer();
    private static ComposeContainer stack;
    private static String kafkaBootstrap;
    private static String registryUrl;

    @BeforeAll
    static void startStack() throws IOException {
        assertThat(COMPOSE_FILE).as("docker-compose.yml beside the modules").isRegularFile();
        assertThat(JAR).as("the fat jar the correlator service mounts (built by mvn package, before failsafe runs)")
                .isRegularFile();
        final String dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
        final int kafkaPort = freePort();
        final int registryPort = freePort();
        final int connectPort = freePort();
        final int metricsPort = freePort();
        final boolean localCompose = localComposeAvailable();
        stack = new ComposeContainer(COMPOSE_FILE.toAbsolutePath().normalize().toFile())
                .withEnv(Map.of(
                        // Published on loopback when Docker runs here; on every interface of a remote Docker host.
                        "STACK_BIND_ADDRESS", isLoopback(dockerHost) ? "127.0.0.1" : "0.0.0.0",
                        "STACK_KAFKA_HOST", dockerHost,
                        "STACK_KAFKA_PORT", String.valueOf(kafkaPort),
                        "STACK_REGISTRY_PORT", String.valueOf(registryPort),
                        "STACK_CONNECT_PORT", String.valueOf(connectPort),
                        "STACK_METRICS_PORT", String.valueOf(metricsPort)))
                .withLocalCompose(localCompose)
                // The bound of all the waits together; set before them, as each takes it when it is added.
                .withStartupTimeout(Duration.ofMinutes(10))
                .waitingFor("kafka", Wait.forHealthcheck().withStartupTimeout(SERVICE_TIMEOUT))
                .waitingFor("registry", Wait.forHealthcheck().withStartupTimeout(SERVICE_TIMEOUT))
                .waitingFor("connect", Wait.forHealthcheck().withStartupTimeout(SERVICE_TIMEOUT))
                // The correlator's health check asks /health/ready: healthy once its Kafka Streams client is RUNNING.
                .waitingFor("correlator", Wait.forHealthcheck().withStartupTimeout(SERVICE_TIMEOUT))
                .withLogConsumer("correlator", CORRELATOR_LOG);
        if (!localCompose) {
            // Containerised Compose sees only what is copied into it (paths stay those of the host).
            stack.withCopyFilesInContainer("deploy", "connectors", "streams-app/target/mta-correlator.jar");
        }
        try {
            stack.start();
        } catch (RuntimeException e) {
            final String log = CORRELATOR_LOG.toUtf8String();
            stopStack();
            throw new AssertionError("the Compose stack did not come up: " + e.getMessage()
                    + "\ncorrelator output:\n" + (log.isEmpty() ? "(none)" : log), e);
        }
        kafkaBootstrap = dockerHost + ":" + kafkaPort;
        registryUrl = StackImages.ccompatUrl(dockerHost, registryPort);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
            stack = null;
        }
    }

    @Test
    void theDemoScenarioReplayedFromTheHostBecomesAQ181721Incident() {
        // Given: the bundled demo export (EXCH1's event log and counters, a Q181721 episode to EXCH2)
        assertThat(DEMO_SCENARIO).isRegularFile();

        // When: it is replayed from the host as the README says, ending with the end-of-input marker
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = MtaCorrelatorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                "replay", "--bootstrap-servers", kafkaBootstrap, "--end-of-input", DEMO_SCENARIO.toString());
        assertThat(code).as("replay: %s", err).isZero();
        assertThat(err.toString()).contains("end-of-input marker sent");

        // Then: the correlator in the stack reports the episode on mta.incidents, Avro with its schema in the
        // registry, read with the serde the application configures for that registry
        final CorrelatorConfig config = new CorrelatorConfig(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                CorrelatorConfig.SCHEMA_REGISTRY_URL, registryUrl));
        final Topics topics = new Topics(config, CorrelatorApp.serdesFor(config));
        try (IncidentTopicReader reader = new IncidentTopicReader(kafkaBootstrap, topics.incidents)) {
            await("a RESOLVED Q181721 incident on " + topics.incidents.name())
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .until(() -> reader.poll().stream()
                            .anyMatch(i -> isQ181721(i) && i.getStatus() == IncidentStatus.RESOLVED));

            final List<Incident> q181721 = reader.incidents().stream().filter(ComposeStackIT::isQ181721).toList();
            final String seen = reader.describe() + "\ncorrelator output:\n" + CORRELATOR_LOG.toUtf8String();
            assertThat(q181721).as(seen).allSatisfy(i -> {
                assertThat(i.getMta()).isEqualTo("EXCH1");
                assertThat(i.getRemoteMta()).isEqualTo("EXCH2");
            });
            assertThat(q181721).extracting(Incident::getIncidentId).as(seen).containsOnly(q181721.get(0).getIncidentId());
            assertThat(q181721.get(0).getStatus()).as(seen).isEqualTo(IncidentStatus.OPEN);
            assertThat(q181721.get(q181721.size() - 1).getStatus()).as(seen).isEqualTo(IncidentStatus.RESOLVED);

            // and the Connect worker's ECS file sink (created by the connect-sinks job) wrote the same incident,
            // closed under its id, through the plugin's ECS transform
            final String id = q181721.get(0).getIncidentId();
            final ContainerState connect = stack.getContainerByServiceName("connect")
                    .or(() -> stack.getContainerByServiceName("connect-1")).orElseThrow();
            await("the RESOLVED incident in the ECS file sink's output").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        final String ecs = connect.execInContainer("cat", ECS_FILE).getStdout();
                        return ecs.lines().anyMatch(l -> l.contains("\"id\":\"" + id + "\"") && l.contains("\"action\":\"incident-resolved\""));
                    });
        }
    }

    /** Where the ready ECS file sink config (connectors/config/ecs-file-sink.json) writes, in the connect service. */
    private static final String ECS_FILE = "/var/lib/kafka/data/mta-incidents-ecs.ndjson";

    private static boolean isQ181721(final Incident incident) {
        return "Q181721".equals(incident.getKb());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isLoopback(final String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether {@code docker compose} (Compose v2, the Docker CLI plugin) answers on this machine. */
    private static boolean localComposeAvailable() {
        try {
            final Process process = new ProcessBuilder(ComposeContainer.COMPOSE_EXECUTABLE, "compose", "version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
