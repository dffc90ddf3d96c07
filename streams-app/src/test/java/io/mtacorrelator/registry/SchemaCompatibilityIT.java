package io.mtacorrelator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas of the three Avro topics evolve under BACKWARD compatibility in the registry: a version that adds a field
 * with a default is accepted, one that adds a field without a default or changes a field's type is refused. The next
 * versions are derived from the current generated schemas, so the test follows the schemas as they change.
 */
class SchemaCompatibilityIT {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String PROBE_FIELD = "compatibilityProbe";
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

    static Stream<Arguments> topics() {
        return Stream.of(
                Arguments.of("mta.events", MtaEvent.getClassSchema()),
                Arguments.of("mta.counters", CounterSample.getClassSchema()),
                Arguments.of("mta.incidents", Incident.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void theSubjectTakesAFieldWithADefaultAndRefusesABreakingChange(final String topic, final Schema v1) throws Exception {
        // Given: the current schema registered as the subject's first version, the subject set to BACKWARD
        final String subject = topic + "-value";
        final Response registered = post("/subjects/" + subject + "/versions", schemaBody(v1));
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        final int v1Id = registered.json().get("id").asInt();
        final Response config = put("/config/" + subject, "{\"compatibility\":\"BACKWARD\"}");
        assertThat(config.status()).as(config.body()).isEqualTo(200);
        assertThat(get("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        // When: the next version adds a field with a default
        final Schema withDefault = addField(v1, PROBE_FIELD, JSON.createObjectNode()
                .put("name", PROBE_FIELD).put("type", "string").put("default", "none")
                .put("doc", "Added by SchemaCompatibilityIT."));
        final Response compatible = post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(withDefault));
        final Response v2 = post("/subjects/" + subject + "/versions", schemaBody(withDefault));

        // Then: the registry calls it compatible and registers it as a new schema, version 2
        assertThat(compatible.status()).as(compatible.body()).isEqualTo(200);
        assertThat(compatible.json().get("is_compatible").asBoolean()).as(compatible.body()).isTrue();
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        assertThat(v2.json().get("id").asInt()).isNotEqualTo(v1Id);
        assertThat(get("/subjects/" + subject + "/versions").json()).extracting(JsonNode::asInt).containsExactly(1, 2);

        // When: a next version adds a field without a default (old records have no value for it)
        final Schema requiredField = addField(v1, PROBE_FIELD + "Required", JSON.createObjectNode()
                .put("name", PROBE_FIELD + "Required").put("type", "string"));
        // Then: incompatible, and registering it is refused with 409
        assertRefused(subject, requiredField);

        // When: a next version changes the type of the first field
        final Schema changedType = changeFirstFieldType(v1);
        // Then: incompatible, and registering it is refused with 409
        assertRefused(subject, changedType);

        // And: the subject still has the two accepted versions, the latest being the one with the default
        assertThat(get("/subjects/" + subject + "/versions").json()).extracting(JsonNode::asInt).containsExactly(1, 2);
        final JsonNode latest = get("/subjects/" + subject + "/versions/latest").json();
        assertThat(new Schema.Parser().parse(latest.get("schema").asText()).getField(PROBE_FIELD)).isNotNull();
    }

    private static void assertRefused(final String subject, final Schema schema) throws IOException, InterruptedException {
        final Response check = post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(schema));
        assertThat(check.status()).as(check.body()).isEqualTo(200);
        assertThat(check.json().get("is_compatible").asBoolean()).as(check.body()).isFalse();
        final Response register = post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(register.status()).as(register.body()).isEqualTo(409);
    }

    /** v1 with one more field, given as its JSON; the name must be new, so the schema stays a real next version. */
    private static Schema addField(final Schema v1, final String name, final ObjectNode field) throws IOException {
        assertThat(v1.getField(name)).as("%s already has a field %s", v1.getFullName(), name).isNull();
        final ObjectNode json = (ObjectNode) JSON.readTree(v1.toString());
        ((ArrayNode) json.get("fields")).add(field);
        return new Schema.Parser().parse(json.toString());
    }

    /** v1 with its first field's type replaced by one no other type is promoted to (boolean, or string for a boolean). */
    private static Schema changeFirstFieldType(final Schema v1) throws IOException {
        final ObjectNode json = (ObjectNode) JSON.readTree(v1.toString());
        final ObjectNode first = (ObjectNode) json.get("fields").get(0);
        final JsonNode type = first.get("type");
        first.put("type", type.isTextual() && type.asText().equals("boolean") ? "string" : "boolean");
        first.remove("default");
        return new Schema.Parser().parse(json.toString());
    }

    private static String schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private record Response(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Response get(final String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path)).GET());
    }

    private static Response post(final String path, final String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response put(final String path, final String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                .header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response send(final HttpRequest.Builder request) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(request.header("Accept", CONTENT_TYPE).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }
}
