package io.mtacorrelator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the Confluent Schema Registry REST API, the one Confluent Schema Registry, Karapace, Redpanda and
 * Apicurio Registry ({@code /apis/ccompat/v7}) all serve. It registers and looks up Avro schemas by subject and fetches
 * them by id; both directions are cached, because an id never changes its schema and a registered schema keeps its id,
 * so each is asked for once per process.
 *
 * <p>Every failure is a {@link SchemaRegistryException} with one line naming the registry URL, the subject or id, and
 * the registry's {@code error_code}; the credentials travel only in the {@code Authorization} header and never appear
 * in a message.
 */
public final class SchemaRegistryClient {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** What Confluent's own client accepts, newest media type first. */
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of an answer that is not a Confluent error body to tell what answered. */
    private static final int BODY_EXCERPT = 120;

    /** A version of a subject as the registry returns it. */
    public record SubjectVersion(String subject, int version, int id, Schema schema) {
    }

    /** The registry's verdict on a schema against a subject's latest version, with its reasons when it gives them. */
    public record Compatibility(boolean compatible, List<String> messages) {
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final RegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();

    public SchemaRegistryClient(final RegistrySettings settings) {
        this.settings = settings;
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.timeout());
        final SSLContext tls = RegistryTls.context(settings);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.authorization = settings.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.userInfo().value().getBytes(StandardCharsets.UTF_8));
    }

    /** The registry's base URL (no credentials in it). */
    public String url() {
        return settings.url();
    }

    /**
     * {@code POST /subjects/{subject}/versions}: the schema's id, registering it as the subject's next version when it
     * is not one yet; the registry's compatibility rule may refuse it (409).
     */
    public int register(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final JsonNode answer = send("register the schema " + schema.getFullName() + " under subject " + subject,
                "POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        final int id = intField(answer, "id", "registering under subject " + subject);
        remember(key, id);
        return id;
    }

    /** {@code GET /schemas/ids/{id}}: the schema with this id. */
    public Schema schemaById(final int id) {
        final Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        final String action = "fetch schema id " + id;
        final Schema schema = parse(textField(send(action, "GET", "/schemas/ids/" + id, null), "schema", action), action);
        schemaById.putIfAbsent(id, schema);
        return schema;
    }

    /** {@code GET /subjects/{subject}/versions/latest}: the subject's newest version (not cached: it changes). */
    public SubjectVersion latest(final String subject) {
        final String action = "look up the latest version of subject " + subject;
        final SubjectVersion latest = version(subject, send(action, "GET", "/subjects/" + encode(subject) + "/versions/latest", null),
                action);
        remember(new SubjectSchema(subject, latest.schema()), latest.id());
        return latest;
    }

    /**
     * {@code POST /subjects/{subject}}: the version of the subject that is this schema, registering nothing; error
     * 40401 when there is no such subject, 40403 when the schema is none of its versions.
     */
    public SubjectVersion lookup(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final String action = "look up the schema " + schema.getFullName() + " under subject " + subject;
        final SubjectVersion found = version(subject, send(action, "POST", "/subjects/" + encode(subject), schemaBody(schema)), action);
        remember(key, found.id());
        return found;
    }

    /** The id of this schema under the subject if this client has registered or looked it up before; no request. */
    public Integer cachedId(final String subject, final Schema schema) {
        return idBySubjectSchema.get(new SubjectSchema(subject, schema));
    }

    /** {@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}: whether the subject would take it. */
    public Compatibility compatibility(final String subject, final Schema schema) {
        final String action = "check the compatibility of " + schema.getFullName() + " with subject " + subject;
        final JsonNode answer = send(action, "POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                schemaBody(schema));
        final JsonNode verdict = answer.get("is_compatible");
        if (verdict == null || !verdict.isBoolean()) {
            throw malformed(action, "no is_compatible");
        }
        final List<String> messages = new ArrayList<>();
        final JsonNode reasons = answer.get("messages");
        if (reasons != null && reasons.isArray()) {
            reasons.forEach(m -> messages.add(m.asText()));
        }
        return new Compatibility(verdict.booleanValue(), List.copyOf(messages));
    }

    private void remember(final SubjectSchema key, final int id) {
        idBySubjectSchema.putIfAbsent(key, id);
        schemaById.putIfAbsent(id, key.schema());
    }

    private SubjectVersion version(final String subject, final JsonNode answer, final String action) {
        return new SubjectVersion(subject, intField(answer, "version", action), intField(answer, "id", action),
                parse(textField(answer, "schema", action), action));
    }

    private JsonNode send(final String action, final String method, final String path, final String body) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(settings.timeout())
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        final HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryException("cannot " + action + ": the schema registry at " + url()
                    + " did not answer within " + settings.timeout().toMillis() + " ms", -1, e);
        } catch (ConnectException e) {
            throw new SchemaRegistryException("cannot " + action + ": cannot connect to the schema registry at " + url()
                    + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", -1, e);
        } catch (SSLException e) {
            throw new SchemaRegistryException("cannot " + action + ": TLS with the schema registry at " + url() + " failed: "
                    + e.getMessage(), -1, e);
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot " + action + ": the schema registry at " + url() + " cannot be reached: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while trying to " + action + " at " + url(), -1, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw refused(action, response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw malformed(action, "not JSON: " + excerpt(response.body()));
        }
    }

    /** Confluent's error body, {@code {"error_code":40401,"message":"..."}}, as one line; or what else came back. */
    private SchemaRegistryException refused(final String action, final HttpResponse<String> response) {
        final int status = response.statusCode();
        JsonNode error = null;
        try {
            error = JSON.readTree(response.body());
        } catch (IOException notJson) {
            // told below from the status alone
        }
        final StringBuilder line = new StringBuilder("cannot ").append(action).append(": the schema registry at ").append(url());
        if (error != null && error.path("error_code").isInt()) {
            final int code = error.get("error_code").intValue();
            line.append(" answered error ").append(code).append(" (HTTP ").append(status).append("): ")
                    .append(oneLine(error.path("message").asText("")));
            return new SchemaRegistryException(line.toString(), code, null);
        }
        line.append(" answered HTTP ").append(status);
        if (status == 401 || status == 403) {
            line.append(": the credentials (mta.schema.registry.basic.auth.user.info) are missing or not accepted");
        } else {
            line.append(" without a Confluent error body (").append(excerpt(response.body()))
                    .append("); is it the registry's Confluent REST API (Apicurio: .../apis/ccompat/v7)?");
        }
        return new SchemaRegistryException(line.toString(), -1, null);
    }

    private SchemaRegistryException malformed(final String action, final String what) {
        return new SchemaRegistryException("cannot " + action + ": the schema registry at " + url() + " gave an answer that is "
                + "not the Confluent API's: " + what, -1, null);
    }

    private int intField(final JsonNode answer, final String field, final String action) {
        final JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(action, "no " + field);
        }
        return value.intValue();
    }

    private String textField(final JsonNode answer, final String field, final String action) {
        final JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(action, "no " + field);
        }
        return value.textValue();
    }

    private Schema parse(final String text, final String action) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw malformed(action, "the schema is not Avro (" + oneLine(e.getMessage()) + ")");
        }
    }

    private static String schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    /** A subject as one path segment (topic names need no escaping, but a subject is any string). */
    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String excerpt(final String body) {
        final String flat = oneLine(body == null ? "" : body);
        if (flat.isEmpty()) {
            return "empty body";
        }
        return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "...";
    }

    private static String oneLine(final String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
