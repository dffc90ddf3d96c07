package io.mtacorrelator.connect.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.registry.ApicurioRegistry;
import io.mtacorrelator.render.IncidentFormat;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transforms' wire-format path against a real schema registry (Apicurio Registry 2.6, the runner the streams app's
 * registry ITs use): the Incident schema registered under {@code mta.incidents-value} through the Confluent-compatible
 * API, a record in the Confluent wire format with the id the registry gave, read back by the transform.
 */
class IncidentTransformRegistryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void wireFormatAvroIsReadWithTheSchemaTheRegistryServes() throws Exception {
        try (ApicurioRegistry registry = ApicurioRegistry.start()) {
            // Given: the Incident schema registered as the incident topic's value schema, and an incident written
            // in the wire format with the id the registry answered
            final int id = register(registry.ccompatUrl(), "mta.incidents-value", Incident.getClassSchema().toString());
            final Incident incident = IncidentTransformTest.incident();
            final byte[] avro = IncidentTransformTest.avro(incident);
            final byte[] wire = ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
            final IncidentToOcsf<SinkRecord> ocsf = new IncidentToOcsf<>();
            ocsf.configure(Map.of(IncidentTransform.SCHEMA_REGISTRY_URL, registry.ccompatUrl(), IncidentTransform.OUTPUT, "string"));

            // When
            final SinkRecord out = ocsf.apply(new SinkRecord("mta.incidents", 0, Schema.STRING_SCHEMA, incident.getIncidentId(),
                    Schema.BYTES_SCHEMA, wire, 0L, 0L, TimestampType.CREATE_TIME));

            // Then: the OCSF finding of that incident; an id the registry does not have is a one-line reason
            assertThat(out.value()).isEqualTo(IncidentFormat.OCSF.render(incident));
            final byte[] unknown = ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id + 1000).put(avro).array();
            assertThatThrownBy(() -> ocsf.apply(new SinkRecord("mta.incidents", 0, null, null, Schema.BYTES_SCHEMA, unknown, 1L)))
                    .isInstanceOf(DataException.class).hasMessageContaining("schema id " + (id + 1000)).hasMessageContaining("HTTP 404");
        }
    }

    /** POST {ccompat}/subjects/{subject}/versions: the id of the schema, as Confluent clients register one. */
    private static int register(final String ccompatUrl, final String subject, final String schema) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ccompatUrl + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(Map.of("schema", schema))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode body = MAPPER.readTree(response.body());
        return body.get("id").asInt();
    }
}
