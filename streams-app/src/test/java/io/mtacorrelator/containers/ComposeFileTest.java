package io.mtacorrelator.containers;

import io.mtacorrelator.operations.OperationsEndpoint;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Compose stack in step with the code, without Docker: the images are those the container tests use,
 * the topics job creates every topic the application reads or writes (with retention.ms=-1), and the
 * correlator's environment is configuration that {@code run} accepts.
 */
class ComposeFileTest {

    private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");
    private static final Path CREATE_TOPICS = Path.of("..", "deploy", "kafka", "create-topics.sh");
    private static final Path CONNECT_WORKER = Path.of("..", "deploy", "connect", "connect-distributed.properties");
    private static final Path ECS_FILE_SINK = Path.of("..", "connectors", "config", "ecs-file-sink.json");

    @Test
    void theStackUsesTheImagesOfTheContainerTests() throws IOException {
        final String compose = read(COMPOSE_FILE);
        assertThat(compose)
                .contains(StackImages.KAFKA.asCanonicalNameString())
                .contains("image: " + StackImages.REGISTRY.asCanonicalNameString())
                .contains("image: " + StackImages.CORRELATOR_JRE.asCanonicalNameString())
                .contains("image: " + StackImages.CURL.asCanonicalNameString());
    }

    @Test
    void theTopicsJobCreatesEveryTopicOfTheApplicationKeptForEver() throws IOException {
        final String script = read(CREATE_TOPICS);
        final List<String> topics = new Topics(new CorrelatorConfig(Map.of()), new PlainAvroSerdes()).all();
        assertThat(topics).isNotEmpty().allSatisfy(topic ->
                assertThat(script).containsPattern("(?m)^\\s*" + Pattern.quote(topic) + "(\\s|$)"));
        assertThat(script).contains("--config retention.ms=-1").contains("--if-not-exists");
        assertThat(read(COMPOSE_FILE)).contains("./deploy/kafka/create-topics.sh:");
    }

    @Test
    void theCorrelatorsEnvironmentIsConfigurationRunAccepts() throws IOException {
        // Given: the correlator service's environment block, as Compose passes it
        final Map<String, String> environment = serviceEnvironment(read(COMPOSE_FILE), "correlator");
        assertThat(environment).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_STATE_DIR", "MTA_SCHEMA_REGISTRY_URL",
                "MTA_INCIDENT_FORMAT", "MTA_METRICS_PORT");

        // When: run layers it over its defaults (unknown keys and bad values would throw here)
        final CorrelatorConfig config = new ConfigLayers()
                .layer("the defaults", Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator"))
                .environment(environment)
                .build();

        // Then
        assertThat(config.streamsProperties().getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka:9092");
        assertThat(config.streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/var/lib/mta-correlator");
        assertThat(config.getString(CorrelatorConfig.SCHEMA_REGISTRY_URL)).isEqualTo("http://registry:8080/apis/ccompat/v7");
        assertThat(config.getString(CorrelatorConfig.INCIDENT_FORMAT)).isEqualTo("avro");
        assertThat(config.getInt(CorrelatorConfig.METRICS_PORT)).isEqualTo(9404);
    }

    @Test
    void theCorrelatorPublishesItsEndpointAndIsHealthyWhenReady() throws IOException {
        // Given: the port run serves on, from the correlator's environment as run reads it
        final String compose = read(COMPOSE_FILE);
        final int port = new ConfigLayers()
                .layer("the defaults", Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator"))
                .environment(serviceEnvironment(compose, "correlator")).build()
                .getInt(CorrelatorConfig.METRICS_PORT);
        assertThat(port).isPositive();
        final String service = serviceBlock(compose, "correlator");

        // Then: that container port is published (host port movable by STACK_METRICS_PORT), and the health check asks
        // that port for readiness and wants 200
        assertThat(service).contains("- \"${STACK_BIND_ADDRESS:-127.0.0.1}:${STACK_METRICS_PORT:-" + port + "}:" + port + "\"");
        assertThat(service).containsPattern("(?m)^    healthcheck:$")
                .contains("/dev/tcp/127.0.0.1/" + port + " ")
                .contains("GET " + OperationsEndpoint.READY + " HTTP/1.0")
                .contains("[ \"$$status\" = 200 ]");
        // and the stack's one other /health/ready check is the registry's, on its own port (the correlator's is its own)
        assertThat(serviceBlock(compose, "registry")).contains("/dev/tcp/127.0.0.1/8080 ").doesNotContain(String.valueOf(port));
    }

    @Test
    void theConnectWorkerLooksForTheProjectsPluginWhereComposeMountsIt() throws IOException {
        final String worker = read(CONNECT_WORKER);
        assertThat(worker).contains("plugin.path=/opt/mta-connectors/target/plugin")
                .contains("bootstrap.servers=kafka:9092");
        assertThat(read(COMPOSE_FILE)).contains("source: ./connectors").contains("target: /opt/mta-connectors");
    }

    @Test
    void theConnectWorkerLoadsThePluginAndKafkasFileConnectorsOfItsImage() throws IOException {
        // Given: the worker's plugin.path, and the Kafka version of the image it runs on
        final String worker = read(CONNECT_WORKER);
        final Matcher pluginPath = Pattern.compile("(?m)^plugin\\.path=(.+)$").matcher(worker);
        assertThat(pluginPath.find()).as("plugin.path in %s", CONNECT_WORKER).isTrue();
        final List<String> entries = List.of(pluginPath.group(1).strip().split(","));

        // Then: the directory mvn package builds (connectors/target/plugin, mounted at /opt/mta-connectors), and the
        // stock file connectors' jar of that Kafka version (FileStreamSink, which runs the ECS sink)
        assertThat(entries).contains("/opt/mta-connectors/target/plugin",
                "/opt/kafka/libs/connect-file-" + StackImages.KAFKA.getVersionPart() + ".jar");
        assertThat(worker).contains("connector.client.config.override.policy=All");
    }

    @Test
    void theConnectSinksJobCreatesTheReadyEcsFileSink() throws IOException {
        // Given: the ready configuration the job sends, and the correlator's registry
        final String sink = read(ECS_FILE_SINK);
        final Matcher name = Pattern.compile("\"name\": \"([^\"]+)\"").matcher(sink);
        assertThat(name.find()).isTrue();
        final String compose = read(COMPOSE_FILE);
        final String registry = serviceEnvironment(compose, "correlator").get("MTA_SCHEMA_REGISTRY_URL");

        // Then: the job PUTs that file as that connector's config; the sink's transform reads the correlator's registry,
        // and writes where the connect service keeps a volume
        assertThat(compose).contains("./connectors/config/ecs-file-sink.json:/opt/mta-deploy/ecs-file-sink.json:ro")
                .contains("\"@/opt/mta-deploy/ecs-file-sink.json\"")
                .contains("\"http://connect:8083/connectors/" + name.group(1) + "/config\"");
        assertThat(sink).contains("\"transforms.ecs.type\": \"io.mtacorrelator.connect.transforms.IncidentToEcs\"")
                .contains("\"transforms.ecs.schema.registry.url\": \"" + registry + "\"")
                .contains("\"file\": \"/var/lib/kafka/data/");
        assertThat(compose).contains("- connect-output:/var/lib/kafka/data");
    }

    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{(STACK_[A-Z_]+):-([^}]*)}");

    /** The lines of one service, up to the next service. */
    private static String serviceBlock(final String compose, final String service) {
        final List<String> lines = compose.lines().toList();
        final int start = lines.indexOf("  " + service + ":");
        assertThat(start).as("service %s in %s", service, COMPOSE_FILE).isNotNegative();
        final StringBuilder block = new StringBuilder();
        for (int i = start + 1; i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith("    ")); i++) {
            block.append(lines.get(i)).append('\n');
        }
        return block.toString();
    }

    /** The {@code environment:} map of one service (the simple block form this compose file uses). */
    private static Map<String, String> serviceEnvironment(final String compose, final String service) {
        final List<String> lines = compose.lines().toList();
        int i = lines.indexOf("  " + service + ":");
        assertThat(i).as("service %s in %s", service, COMPOSE_FILE).isNotNegative();
        while (!lines.get(++i).equals("    environment:")) {
            assertThat(lines.get(i)).as("environment of %s", service).startsWith("    ");
        }
        final Pattern entry = Pattern.compile("^ {6}([A-Z0-9_]+): (.+)$");
        final Map<String, String> environment = new LinkedHashMap<>();
        for (i++; i < lines.size(); i++) {
            final String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            final Matcher m = entry.matcher(line);
            if (!m.matches()) {
                break;
            }
            // With the defaults Compose interpolates when the STACK_* variables are not set.
            final String value = m.group(2).strip().replaceAll("^\"(.*)\"$", "$1");
            environment.put(m.group(1), DEFAULTED.matcher(value).replaceAll(r -> Matcher.quoteReplacement(r.group(2))));
        }
        return environment;
    }

    private static String read(final Path file) throws IOException {
        assertThat(file).as("%s, relative to the module's directory", file).isRegularFile();
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
