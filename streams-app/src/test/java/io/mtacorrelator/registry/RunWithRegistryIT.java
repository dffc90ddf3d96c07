package io.mtacorrelator.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.cli.MtaCorrelatorCli;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.runtime.EmbeddedKafka;
import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployed shape: the real Apicurio registry, a real broker, the app started through run's code path,
 * and incidents read back by a consumer that knows nothing of this project: a plain Avro decoder with the
 * schema fetched by id from the registry's Confluent-compatible API.
 */
class RunWithRegistryIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void incidentsOnTheTopicAreConfluentWireFormatAvroReadableWithThePlainDecoder(@TempDir final Path dir) throws Exception {
        try (ApicurioRegistry registry = ApicurioRegistry.start(); EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // Given: run's configuration layers with the registry, and the article's episode as an export
            final CorrelatorConfig config = new ConfigLayers()
                    .layer("the test", Map.of("bootstrap.servers", kafka.bootstrapServers(),
                            "application.id", "mta-registry-it-" + UUID.randomUUID(),
                            "state.dir", dir.resolve("state").toString(),
                            "commit.interval.ms", "200",
                            // every record crosses the normalised topics on the two-hop path, so their Avro is
                            // registered too; the keyed default with one partition reroutes nothing through them
                            "mta.ingest.path", "two-hop"))
                    .environment(Map.of("MTA_SCHEMA_REGISTRY_URL", registry.ccompatUrl()))
                    .build();
            final Scenario scenario = new Scenario(Instant.parse("1999-03-01T08:00:00Z"));
            scenario.q181721Episode("EXCH1", "EXCH2", 15, 55, 50);
            final Path export = Files.write(dir.resolve("export.ndjson"), scenario.lines().stream().map(Scenario.Line::json).toList());

            // When: the app runs and the export is replayed into it
            try (CorrelatorApp app = CorrelatorApp.start(config, null, true)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
                final StringWriter err = new StringWriter();
                final int code = MtaCorrelatorCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), Map.of(),
                        "replay", "--bootstrap-servers", kafka.bootstrapServers(), "--end-of-input", export.toString());
                assertThat(code).as(err.toString()).isZero();

                // Then: every incident record is magic byte 0 + a schema id the registry knows + Avro binary
                final HttpClient http = HttpClient.newHttpClient();
                final Map<Integer, Schema> schemas = new HashMap<>();
                final List<GenericRecord> incidents = new ArrayList<>();
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka.bootstrapServers())) {
                    consumer.subscribe(List.of(config.getString(CorrelatorConfig.TOPIC_INCIDENTS)));
                    await().atMost(Duration.ofSeconds(90)).until(() -> {
                        for (final var record : consumer.poll(Duration.ofMillis(200))) {
                            final ByteBuffer bytes = ByteBuffer.wrap(record.value());
                            assertThat(bytes.get()).as("magic byte").isZero();
                            final int id = bytes.getInt();
                            final Schema schema = schemas.computeIfAbsent(id, i -> fetchSchema(http, registry.ccompatUrl(), i));
                            final byte[] avro = Arrays.copyOfRange(record.value(), 5, record.value().length);
                            incidents.add(new GenericDatumReader<GenericRecord>(schema)
                                    .read(null, DecoderFactory.get().binaryDecoder(avro, null)));
                        }
                        return incidents.stream().anyMatch(i -> "RESOLVED".equals(i.get("status").toString()));
                    });
                }
                assertThat(incidents).allSatisfy(i -> {
                    assertThat(i.get("kb").toString()).isEqualTo("Q181721");
                    assertThat(i.get("mta").toString()).isEqualTo("EXCH1");
                    assertThat(i.get("remoteMta").toString()).isEqualTo("EXCH2");
                });
                assertThat(incidents).extracting(i -> i.get("incidentId").toString()).containsOnly(incidents.get(0).get("incidentId").toString());
                assertThat(incidents.get(0).get("status").toString()).isEqualTo("OPEN");
                assertThat(schemas).hasSize(1);
                assertThat(schemas.values().iterator().next().getFullName()).isEqualTo("io.mtacorrelator.avro.Incident");
                // and the normalised topics are registered under TopicNameStrategy subjects too
                final String subjects = http.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(MAPPER.readTree(subjects).toString())
                        .contains("mta.events-value", "mta.counters-value", "mta.incidents-value");
                assertThat(app.failure()).isEmpty();
            }
        }
    }

    private static Schema fetchSchema(final HttpClient http, final String ccompat, final int id) {
        try {
            final HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(ccompat + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new Schema.Parser().parse(MAPPER.readTree(response.body()).get("schema").asText());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String bootstrap) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "plain-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
