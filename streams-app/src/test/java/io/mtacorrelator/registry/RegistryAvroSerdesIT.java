package io.mtacorrelator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.cli.MtaCorrelatorCli;
import io.mtacorrelator.topology.RegistryAvroSerdes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RegistryAvroSerdes against a real Apicurio Registry through its Confluent-compatible API ({@code /apis/ccompat/v7})
 * only: what it writes is the Confluent wire format (magic byte, schema id, Avro binary), readable by anything that only
 * knows the Confluent API and plain Avro, under the subject {@code <topic>-value}; and it reads it back into the
 * generated class.
 */
class RegistryAvroSerdesIT {

    private static final String TOPIC = "mta.incidents";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApicurioRegistry registry;
    private static HttpClient http;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void writesTheConfluentWireFormatUnderTheTopicValueSubjectAndReadsBackTheGeneratedClass() throws Exception {
        // Given: a complete incident and the registry serde for it
        final Incident incident = incident();
        final RegistryAvroSerdes serdes = serdes(registry.ccompatUrl());
        try (Serde<Incident> serde = serdes.valueSerde(Incident.class)) {

            // When: it is written to the incidents topic
            final byte[] bytes = serde.serializer().serialize(TOPIC, incident);

            // Then: magic byte 0, then a 4-byte big-endian schema id, then the Avro body
            assertThat(bytes).hasSizeGreaterThan(5);
            assertThat(bytes[0]).isZero();
            final int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
            assertThat(schemaId).isPositive();

            // And: the Confluent-compatible API serves that id's schema, which is the Incident schema
            final JsonNode bySchemaId = getJson("/schemas/ids/" + schemaId);
            final Schema writerSchema = new Schema.Parser().parse(bySchemaId.get("schema").asText());
            assertThat(writerSchema.getFullName()).isEqualTo(Incident.getClassSchema().getFullName());
            assertThat(writerSchema).isEqualTo(Incident.getClassSchema());

            // And: plain Avro with nothing but that schema decodes the rest of the bytes
            final GenericRecord decoded = decodeGeneric(writerSchema, bytes);
            assertThat(decoded.get("incidentId")).hasToString(incident.getIncidentId());
            assertThat(decoded.get("kb")).hasToString("Q181721");
            assertThat(decoded.get("status")).hasToString("RESOLVED");
            assertThat(decoded.get("severity")).hasToString("HIGH");
            assertThat(decoded.get("riskScore")).isEqualTo(73);
            assertThat(decoded.get("mta")).hasToString("EXCH1");
            assertThat(decoded.get("remoteMta")).hasToString("EXCH2");
            assertThat(decoded.get("firstSeen")).isEqualTo(incident.getFirstSeen().toEpochMilli());
            assertThat(decoded.get("resolvedAt")).isEqualTo(incident.getResolvedAt().toEpochMilli());
            assertThat(decoded.get("closeReason")).hasToString("RECOVERED");
            final GenericRecord evidence = (GenericRecord) decoded.get("evidence");
            assertThat(evidence.get("queueLength")).isEqualTo(57);
            assertThat(evidence.get("queueGrowthPerMinute")).isEqualTo(3.5);
            assertThat(evidence.get("messagesSentDuringGrowth")).isEqualTo(0L);
            assertThat((List<?>) evidence.get("symptoms")).hasSize(2);
            assertThat(((GenericRecord) ((List<?>) evidence.get("symptoms")).get(0)).get("ntError")).isEqualTo(1727);
            assertThat(((Map<?, ?>) evidence.get("symptomCounts")).entrySet())
                    .extracting(e -> e.getKey().toString() + "=" + e.getValue())
                    .containsExactlyInAnyOrder("9316/1727=2", "9277/MtaBind=1");
            final GenericRecord remediation = (GenericRecord) decoded.get("remediation");
            assertThat((List<?>) remediation.get("actions")).extracting(Object::toString)
                    .containsExactly("Restart the MTA service on EXCH1.", "Check the RPC path to EXCH2.");
            assertThat(((GenericRecord) ((List<?>) remediation.get("references")).get(0)).get("id")).hasToString("Q181721");

            // And: the subject is <topic>-value, and its latest version carries the same id
            assertThat(getJson("/subjects")).extracting(JsonNode::asText).contains(TOPIC + "-value");
            final JsonNode latest = getJson("/subjects/" + TOPIC + "-value/versions/latest");
            assertThat(latest.get("id").asInt()).isEqualTo(schemaId);

            // When: the bytes are read back with the registry deserializer
            final Incident readBack = serde.deserializer().deserialize(TOPIC, bytes);

            // Then: the generated class, equal to what was written
            assertThat(readBack).isInstanceOf(Incident.class).isEqualTo(incident);
        }
    }

    @Test
    void writingTheSameSchemaAgainReusesItsIdAndVersion() throws Exception {
        // Given: an incident written once by one serde
        final RegistryAvroSerdes serdes = serdes(registry.ccompatUrl() + "/");
        final byte[] first;
        try (Serde<Incident> serde = serdes.valueSerde(Incident.class)) {
            first = serde.serializer().serialize(TOPIC, incident());
        }

        // When: another serde (another application instance) writes another incident
        final byte[] second;
        try (Serde<Incident> serde = serdes.valueSerde(Incident.class)) {
            second = serde.serializer().serialize(TOPIC, Incident.newBuilder(incident()).setIncidentId("other").build());
        }

        // Then: the same schema id, and the subject still has one version
        assertThat(ByteBuffer.wrap(second, 1, 4).getInt()).isEqualTo(ByteBuffer.wrap(first, 1, 4).getInt());
        assertThat(getJson("/subjects/" + TOPIC + "-value/versions")).extracting(JsonNode::asInt).containsExactly(1);
    }

    @Test
    void keepsTheSchemaIdInThePayloadWhenGivenHeaders() {
        // Given: the registry serde, called as Kafka Streams calls it, with the record's headers
        final RegistryAvroSerdes serdes = serdes(registry.ccompatUrl());
        final RecordHeaders headers = new RecordHeaders();
        try (Serde<Incident> serde = serdes.valueSerde(Incident.class)) {

            // When
            final byte[] bytes = serde.serializer().serialize(TOPIC, headers, incident());

            // Then: no headers, the Confluent prefix in the payload, and it reads back with the headers too
            assertThat(headers.toArray()).isEmpty();
            assertThat(bytes[0]).isZero();
            assertThat(serde.deserializer().deserialize(TOPIC, headers, bytes)).isEqualTo(incident());
        }
    }

    @Test
    void aSchemaTheSubjectsCompatibilityRuleRefusesFailsTheWriteWithASerializationException() throws Exception {
        // Given: a subject whose latest version Incident cannot read (first field of another type), under BACKWARD
        final String topic = "mta.incidents.guarded";
        final ObjectNode other = (ObjectNode) JSON.readTree(Incident.getClassSchema().toString());
        ((ObjectNode) other.get("fields").get(0)).put("type", "boolean");
        assertThat(send("POST", "/subjects/" + topic + "-value/versions",
                JSON.createObjectNode().put("schema", other.toString()).toString())).isEqualTo(200);
        assertThat(send("PUT", "/config/" + topic + "-value", "{\"compatibility\":\"BACKWARD\"}")).isEqualTo(200);
        final RegistryAvroSerdes serdes = serdes(registry.ccompatUrl());
        try (Serde<Incident> serde = serdes.valueSerde(Incident.class)) {

            // When / Then: the serializer's registration is refused, and the error names the topic and type
            assertThatThrownBy(() -> serde.serializer().serialize(topic, incident()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Incident")
                    .hasMessageContaining(topic);
        }
        assertThat(getJson("/subjects/" + topic + "-value/versions")).extracting(JsonNode::asInt).containsExactly(1);
    }

    @Test
    void registerSchemasIsTheDeployStepForAnAppThatMustNotRegister() throws Exception {
        // Given: topics of their own, not registered yet, and a serde that only uses pre-registered schemas
        final Map<String, String> env = Map.of("MTA_SCHEMA_REGISTRY_URL", registry.ccompatUrl(),
                "MTA_TOPIC_EVENTS", "pre.events", "MTA_TOPIC_COUNTERS", "pre.counters", "MTA_TOPIC_INCIDENTS", "pre.incidents");
        final RegistryAvroSerdes preRegistered = new RegistryAvroSerdes(
                new SchemaRegistryClient(RegistrySettings.of(registry.ccompatUrl())), false);
        final Serde<Incident> before = preRegistered.valueSerde(Incident.class);
        assertThatThrownBy(() -> before.serializer().serialize("pre.incidents", incident()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject pre.incidents-value")
                .hasMessageContaining("register-schemas");

        // When: register-schemas runs with that configuration, twice (a repeated deploy)
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int first = MtaCorrelatorCli.execute(new PrintWriter(out), new PrintWriter(err, true), env, "register-schemas");
        final int again = MtaCorrelatorCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), env,
                "register-schemas");

        // Then: the three subjects at version 1, with the ids the registry serves as their latest versions
        assertThat(first).as(err.toString()).isZero();
        assertThat(again).as(err.toString()).isZero();
        final int incidentsId = getJson("/subjects/pre.incidents-value/versions/latest").get("id").asInt();
        assertThat(out.toString().lines()).containsExactly(
                "pre.events-value: io.mtacorrelator.avro.MtaEvent is version 1, id "
                        + getJson("/subjects/pre.events-value/versions/latest").get("id").asInt(),
                "pre.counters-value: io.mtacorrelator.avro.CounterSample is version 1, id "
                        + getJson("/subjects/pre.counters-value/versions/latest").get("id").asInt(),
                "pre.incidents-value: io.mtacorrelator.avro.Incident is version 1, id " + incidentsId);
        assertThat(getJson("/subjects/pre.incidents-value/versions")).extracting(JsonNode::asInt).containsExactly(1);

        // When: the serde that must not register writes an incident
        final byte[] bytes = preRegistered.valueSerde(Incident.class).serializer().serialize("pre.incidents", incident());

        // Then: with the pre-registered id, and it reads back
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(incidentsId);
        assertThat(preRegistered.valueSerde(Incident.class).deserializer().deserialize("pre.incidents", bytes)).isEqualTo(incident());
        assertThat(getJson("/subjects/pre.incidents-value/versions")).extracting(JsonNode::asInt).containsExactly(1);
    }

    private static RegistryAvroSerdes serdes(final String url) {
        return new RegistryAvroSerdes(new SchemaRegistryClient(RegistrySettings.of(url)), true);
    }

    private static GenericRecord decodeGeneric(final Schema schema, final byte[] bytes) throws IOException {
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        final GenericRecord record = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
        assertThat(decoder.isEnd()).as("all bytes after the 5-byte prefix are the record").isTrue();
        return record;
    }

    private static int send(final String method, final String path, final String body) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static JsonNode getJson(final String path) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                        .header("Accept", "application/vnd.schemaregistry.v1+json")
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Incident incident() {
        return TestIncidents.complete();
    }
}
