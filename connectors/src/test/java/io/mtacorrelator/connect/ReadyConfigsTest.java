package io.mtacorrelator.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.connect.source.ArchiveSourceConnector;
import io.mtacorrelator.connect.transforms.IncidentToCef;
import io.mtacorrelator.connect.transforms.IncidentToEcs;
import io.mtacorrelator.connect.transforms.IncidentToOcsf;
import io.mtacorrelator.connect.transforms.IncidentTransform;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ready configurations of {@code connectors/config}. Ours and Kafka's stock file connectors are validated by their
 * own ConfigDefs (and run in {@code ConnectArchivesToEcsIT}); the third-party sinks (Splunk Connect for Kafka,
 * Confluent's Elasticsearch and HTTP sinks) cannot run here, so their shape is checked: the keys their documentation
 * requires, the rules their validators apply, and our transform chained so that the sink gets what it writes.
 */
class ReadyConfigsTest {

    private static final Path CONFIG = Path.of("config");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    /** Required keys, from each connector's own documentation (README / configuration reference). */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "com.splunk.kafka.connect.SplunkSinkConnector", List.of("splunk.hec.uri", "splunk.hec.token", "topics"),
            "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector", List.of("connection.url", "topics"),
            "io.confluent.connect.http.HttpSinkConnector", List.of("http.api.url", "topics", "confluent.topic.bootstrap.servers"));

    @Test
    void everyFileIsAConnectorConfigurationWithItsName() throws IOException {
        final List<Path> files = files();
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("archive-source.json", "ecs-file-sink.json",
                "ndjson-filestream-source.json", "splunk-hec-sink.json", "elasticsearch-sink.json", "http-sink.json");
        for (final Path file : files) {
            final Map<String, String> config = read(file);
            assertThat(config).as(file.toString()).containsKeys("name", "connector.class", "tasks.max");
        }
    }

    @Test
    void ourAndKafkasConnectorsAcceptTheirConfigurations() throws IOException {
        assertValid(new ArchiveSourceConnector().config(), read(CONFIG.resolve("archive-source.json")));
        assertValid(new FileStreamSourceConnector().config(), read(CONFIG.resolve("ndjson-filestream-source.json")));
        assertValid(new FileStreamSinkConnector().config(), read(CONFIG.resolve("ecs-file-sink.json")));
    }

    @Test
    void everyIncidentSinkChainsOurTransformForWhatItWrites() throws IOException {
        for (final Path file : files()) {
            final Map<String, String> config = read(file);
            if (!config.containsKey("topics")) {
                continue;
            }
            // Given: a sink of the incident topic
            assertThat(config.get("topics")).as(file.toString()).isEqualTo("mta.incidents");
            // the transform sees the record's bytes, whatever the correlator wrote (Avro with the registry, JSON)
            assertThat(config.get("value.converter")).as(file.toString()).isEqualTo(BYTES);
            // the correlator writes transactionally: only committed incidents are sent on
            assertThat(config.get("consumer.override.isolation.level")).as(file.toString()).isEqualTo("read_committed");

            // When: its transform chain
            final List<String> names = List.of(config.get("transforms").split(","));
            assertThat(names).as(file.toString()).hasSize(1);
            final String prefix = "transforms." + names.get(0).strip() + ".";
            final String type = config.get(prefix + "type");
            final IncidentTransform<SinkRecord> transform = transform(type);
            final Map<String, String> own = new LinkedHashMap<>();
            config.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                    own.put(k.substring(prefix.length()), v);
                }
            });

            // Then: every key of the transform is one it defines, and it configures
            assertThat(transform.config().names()).as(file.toString()).containsAll(own.keySet());
            transform.configure(own);
            // and its output is what the sink writes: a JSON object (map) for the JSON sinks, text for the file sink
            final boolean writesText = "org.apache.kafka.connect.file.FileStreamSinkConnector".equals(config.get("connector.class"));
            if (!(transform instanceof IncidentToCef)) {
                assertThat(own.get(IncidentTransform.OUTPUT)).as(file.toString())
                        .isEqualTo(writesText ? IncidentTransform.OUTPUT_STRING : IncidentTransform.OUTPUT_MAP);
            }
        }
    }

    @Test
    void theThirdPartySinksHaveTheKeysAndShapeTheirConnectorsRequire() throws IOException {
        int checked = 0;
        for (final Path file : files()) {
            final Map<String, String> config = read(file);
            final List<String> required = REQUIRED.get(config.get("connector.class"));
            if (required == null) {
                continue;
            }
            checked++;
            assertThat(config).as(file.toString()).containsKeys(required.toArray(String[]::new));
            switch (config.get("connector.class")) {
                case "com.splunk.kafka.connect.SplunkSinkConnector" -> {
                    // /event endpoint with the document as the event; one index per topic
                    assertThat(config.get("splunk.hec.raw")).isEqualTo("false");
                    assertThat(config.get("splunk.indexes").split(",")).hasSameSizeAs(config.get("topics").split(","));
                }
                case "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector" -> {
                    // a data stream needs both its type and dataset, refuses upserts, and takes schemaless maps only
                    // with schema.ignore
                    assertThat(config.get("data.stream.type")).isIn("LOGS", "METRICS");
                    assertThat(config.get("data.stream.dataset")).matches("[a-z0-9_.]{1,100}");
                    assertThat(config.get("write.method")).isEqualTo("INSERT");
                    assertThat(config.get("schema.ignore")).isEqualTo("true");
                    assertThat(config.get("data.stream.timestamp.field")).isEqualTo("@timestamp");
                }
                case "io.confluent.connect.http.HttpSinkConnector" -> {
                    assertThat(config.get("request.body.format")).isEqualTo("json");
                    assertThat(config.get("request.method")).isIn("POST", "PUT", "PATCH");
                    // its reporter writes each answer of the endpoint to Kafka: the published examples of this sink all
                    // name the reporter's cluster and topics, and the topics must not be the one it reads
                    assertThat(config).containsKeys("reporter.bootstrap.servers", "reporter.result.topic.name",
                            "reporter.error.topic.name");
                    assertThat(List.of(config.get("reporter.result.topic.name"), config.get("reporter.error.topic.name")))
                            .doesNotContain(config.get("topics"));
                }
                default -> throw new AssertionError(config.get("connector.class"));
            }
        }
        assertThat(checked).as("Splunk, Elasticsearch and HTTP sinks").isEqualTo(REQUIRED.size());
    }

    private static IncidentTransform<SinkRecord> transform(final String type) {
        if (IncidentToEcs.class.getName().equals(type)) {
            return new IncidentToEcs<>();
        }
        if (IncidentToOcsf.class.getName().equals(type)) {
            return new IncidentToOcsf<>();
        }
        if (IncidentToCef.class.getName().equals(type)) {
            return new IncidentToCef<>();
        }
        throw new AssertionError("not one of the plugin's transforms: " + type);
    }

    private static void assertValid(final ConfigDef definition, final Map<String, String> config) {
        final List<ConfigValue> values = definition.validate(config);
        assertThat(values).as("positive control: the definition has keys").isNotEmpty();
        assertThat(values).allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(CONFIG)) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Map<String, String> read(final Path file) throws IOException {
        final Map<String, String> config = new LinkedHashMap<>();
        MAPPER.readTree(file.toFile()).properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }
}
