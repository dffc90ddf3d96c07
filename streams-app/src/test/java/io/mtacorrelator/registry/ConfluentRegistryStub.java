package io.mtacorrelator.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.apache.avro.Schema;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server answering as Confluent's Schema Registry API reference shows: bodies of content type
 * {@code application/vnd.schemaregistry.v1+json}, {@code {"id": 1}} for a registration, {@code {"schema": "..."}} by id,
 * {@code {"subject","id","version","schema"}} for a version, {@code {"is_compatible": true}}, and errors as
 * {@code {"error_code": 40401, "message": "Subject 'x' not found."}}. Tests stub what they need through these helpers
 * and count the requests on {@link #server()}. As a JUnit extension ({@code @RegisterExtension static}) it starts once
 * per class and forgets every stub and request before each test.
 */
final class ConfluentRegistryStub implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @Override
    public void beforeAll(final ExtensionContext context) {
        server.start();
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(final ExtensionContext context) {
        reset();
    }

    WireMockServer server() {
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    void reset() {
        server.resetAll();
    }

    /** {@code POST /subjects/{subject}/versions} answers {@code {"id": id}}. */
    void registers(final String subject, final int id) {
        server.stubFor(schemaPost("/subjects/" + subject + "/versions").willReturn(ok("{\"id\":" + id + "}")));
    }

    /** {@code GET /schemas/ids/{id}} answers the schema. */
    void servesId(final int id, final Schema schema) {
        server.stubFor(get(urlPathEqualTo("/schemas/ids/" + id))
                .willReturn(ok(JSON.createObjectNode().put("schema", schema.toString()).toString())));
    }

    /** {@code GET /subjects/{subject}/versions/latest} answers that version. */
    void latestIs(final String subject, final int version, final int id, final Schema schema) {
        server.stubFor(get(urlPathEqualTo("/subjects/" + subject + "/versions/latest"))
                .willReturn(ok(versionBody(subject, version, id, schema))));
    }

    /** {@code POST /subjects/{subject}} (is this schema registered under it?) answers that version. */
    void looksUp(final String subject, final int version, final int id, final Schema schema) {
        server.stubFor(schemaPost("/subjects/" + subject).willReturn(ok(versionBody(subject, version, id, schema))));
    }

    /** The subject does not exist: 404 with error 40401 on every path under it. */
    void hasNoSubject(final String subject) {
        final String body = error(40401, "Subject '" + subject + "' not found.");
        server.stubFor(get(urlPathEqualTo("/subjects/" + subject + "/versions/latest")).willReturn(status(404, body)));
        server.stubFor(schemaPost("/subjects/" + subject).willReturn(status(404, body)));
        server.stubFor(schemaPost("/compatibility/subjects/" + subject + "/versions/latest").willReturn(status(404, body)));
    }

    /** Registering under the subject is refused as incompatible: 409 with error_code 409. */
    void refusesAsIncompatible(final String subject) {
        server.stubFor(schemaPost("/subjects/" + subject + "/versions").willReturn(status(409, error(409,
                "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\", details: "
                        + "[{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'probe' at path "
                        + "'/fields/0' in the new schema has no default value and is missing in the old schema'}]"))));
    }

    /** {@code POST /compatibility/subjects/{subject}/versions/latest} answers the verdict. */
    void judgesCompatible(final String subject, final boolean compatible, final String... messages) {
        final var body = JSON.createObjectNode().put("is_compatible", compatible);
        final var list = body.putArray("messages");
        for (final String m : messages) {
            list.add(m);
        }
        server.stubFor(schemaPost("/compatibility/subjects/" + subject + "/versions/latest").willReturn(ok(body.toString())));
    }

    static MappingBuilder schemaPost(final String path) {
        return post(urlPathEqualTo(path)).withHeader("Content-Type", equalTo(CONTENT_TYPE));
    }

    static ResponseDefinitionBuilder ok(final String body) {
        return status(200, body);
    }

    static ResponseDefinitionBuilder status(final int status, final String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", CONTENT_TYPE).withBody(body);
    }

    static String error(final int code, final String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
    }

    private static String versionBody(final String subject, final int version, final int id, final Schema schema) {
        return JSON.createObjectNode().put("subject", subject).put("id", id).put("version", version)
                .put("schema", schema.toString()).toString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
