package io.mtacorrelator.connect.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches writer schemas by id from a schema registry's Confluent-compatible API ({@code GET /schemas/ids/{id}},
 * served by Confluent Schema Registry and by Apicurio Registry at {@code /apis/ccompat/v7}), the id being the one in a
 * Confluent wire-format record. Schemas never change under an id, so each is fetched once.
 */
final class SchemaRegistryClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    SchemaRegistryClient(final String baseUrl, final Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    String url() {
        return baseUrl;
    }

    /** The schema with this id; a DataException saying which id and why when it cannot be had. */
    Schema schema(final int id) {
        return schemas.computeIfAbsent(id, this::fetch);
    }

    private Schema fetch(final int id) {
        final String where = baseUrl + "/schemas/ids/" + id;
        final HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(where)).timeout(timeout)
                    .header("Accept", "application/vnd.schemaregistry.v1+json, application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DataException("cannot fetch schema id " + id + " from " + where + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while fetching schema id " + id + " from " + where, e);
        }
        if (response.statusCode() != 200) {
            throw new DataException("cannot fetch schema id " + id + " from " + where + ": HTTP " + response.statusCode());
        }
        try {
            final JsonNode body = MAPPER.readTree(response.body());
            final JsonNode schema = body.get("schema");
            if (schema == null || !schema.isTextual()) {
                throw new DataException("schema id " + id + " from " + where + ": the answer has no schema");
            }
            return new Schema.Parser().parse(schema.textValue());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException("schema id " + id + " from " + where + " is not an Avro schema: " + e.getMessage(), e);
        }
    }
}
