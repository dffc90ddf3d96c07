package io.mtacorrelator.connect.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.connect.PluginVersion;
import io.mtacorrelator.render.IncidentFormat;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.render.Product;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transforms on records as each converter hands them over: our JSON (text, bytes, map), Avro (plain, and in the
 * Confluent wire format with the schema fetched from a registry over HTTP), and an Incident Struct.
 */
class IncidentTransformTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An incident as the correlator writes it (the bundled scenario's OPEN record, via our JSON). */
    static Incident incident() throws IOException {
        try (InputStream in = IncidentTransformTest.class.getResourceAsStream("/incident-open.json")) {
            return IncidentJson.fromLine(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static SinkRecord record(final Schema schema, final Object value) {
        return new SinkRecord("mta.incidents", 0, Schema.STRING_SCHEMA, "key-1", schema, value, 42L, 1_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static <T extends Transformation<SinkRecord>> T configured(final T transform, final Map<String, ?> props) {
        transform.configure(props);
        return transform;
    }

    @Test
    void ourJsonAsTextBecomesTheEcsLine() throws IOException {
        // Given
        final Incident incident = incident();
        final IncidentToEcs<SinkRecord> ecs = configured(new IncidentToEcs<>(), Map.of(IncidentTransform.OUTPUT, "string"));

        // When
        final SinkRecord out = ecs.apply(record(Schema.STRING_SCHEMA, IncidentJson.toLine(incident)));

        // Then: the render module's ECS line, key and timestamp kept
        assertThat(out.value()).isEqualTo(IncidentFormat.ECS.render(incident));
        assertThat(out.valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(out.key()).isEqualTo("key-1");
        assertThat(out.timestamp()).isEqualTo(1_000L);
    }

    @Test
    void ourJsonAsBytesOrAMapBecomesTheOcsfMap() throws IOException {
        // Given
        final Incident incident = incident();
        final Map<?, ?> expected = MAPPER.readValue(IncidentFormat.OCSF.render(incident), Map.class);
        final IncidentToOcsf<SinkRecord> ocsf = configured(new IncidentToOcsf<>(), Map.of());

        // When: bytes (ByteArrayConverter) and a map (JsonConverter without schemas)
        final SinkRecord fromBytes = ocsf.apply(record(Schema.BYTES_SCHEMA,
                IncidentJson.toLine(incident).getBytes(StandardCharsets.UTF_8)));
        final SinkRecord fromMap = ocsf.apply(record(null, MAPPER.readValue(IncidentJson.toLine(incident), Map.class)));

        // Then: a schemaless map, by default, equal to the OCSF document
        assertThat(fromBytes.valueSchema()).isNull();
        assertThat(fromBytes.value()).isEqualTo(expected);
        assertThat(fromMap.value()).isEqualTo(expected);
    }

    @Test
    void plainAvroAndRegistryAvroBecomeTheCefLine() throws IOException {
        // Given: a registry serving the Incident schema under id 7 (Confluent-compatible GET /schemas/ids/{id})
        final Incident incident = incident();
        final AtomicInteger fetches = new AtomicInteger();
        final HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/apis/ccompat/v7/schemas/ids/7", exchange -> {
            fetches.incrementAndGet();
            final byte[] body = MAPPER.writeValueAsBytes(Map.of("schema", Incident.getClassSchema().toString()));
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        try {
            final String url = "http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/ccompat/v7";
            final IncidentToCef<SinkRecord> cef = configured(new IncidentToCef<>(), Map.of(IncidentTransform.SCHEMA_REGISTRY_URL, url));
            final byte[] avro = avro(incident);
            final byte[] wire = ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(7).put(avro).array();

            // When
            final SinkRecord fromPlain = cef.apply(record(Schema.BYTES_SCHEMA, avro));
            final SinkRecord fromWire = cef.apply(record(Schema.BYTES_SCHEMA, wire));
            cef.apply(record(Schema.BYTES_SCHEMA, wire));

            // Then: the same CEF line; the schema fetched once
            assertThat(fromPlain.value()).isEqualTo(IncidentFormat.CEF.render(incident));
            assertThat(fromWire.value()).isEqualTo(IncidentFormat.CEF.render(incident));
            assertThat(fetches).hasValue(1);
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void anIncidentStructFromAnAvroConverterIsRead() throws IOException {
        // Given: the incident as an Avro converter makes it a Struct (timestamps as Date, enums as text)
        final Incident incident = incident();
        final Struct struct = AvroStructs.toStruct(incident);

        // When
        final SinkRecord out = configured(new IncidentToEcs<SinkRecord>(), Map.of(IncidentTransform.OUTPUT, "string"))
                .apply(record(struct.schema(), struct));

        // Then
        assertThat(out.value()).isEqualTo(IncidentFormat.ECS.render(incident));
    }

    @Test
    void whatIsNotAnIncidentFailsTheRecordSayingWhyAndTombstonesPass() throws IOException {
        // Given: a real incident (positive control), a JSON object that is not one, registry Avro without a registry
        final IncidentToEcs<SinkRecord> ecs = configured(new IncidentToEcs<>(), Map.of());
        assertThat(ecs.apply(record(Schema.STRING_SCHEMA, IncidentJson.toLine(incident()))).value()).isInstanceOf(Map.class);

        // When / Then
        assertThatThrownBy(() -> ecs.apply(record(Schema.STRING_SCHEMA, "{\"hello\":1}")))
                .isInstanceOf(DataException.class).hasMessage("not an incident in JSON: evidence is missing or not an object");
        assertThatThrownBy(() -> ecs.apply(record(Schema.BYTES_SCHEMA, new byte[] {0, 0, 0, 0, 7, 1})))
                .isInstanceOf(DataException.class).hasMessageContaining("has no schema.registry.url");
        assertThatThrownBy(() -> ecs.apply(record(Schema.INT32_SCHEMA, 5)))
                .isInstanceOf(DataException.class).hasMessageContaining("java.lang.Integer");
        final SinkRecord tombstone = record(null, null);
        assertThat(ecs.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void everyTransformHasItsConfigDefAndVersionAndIsRegisteredForServiceLoading() {
        // Given: the plugin's transforms, as ServiceLoader finds them (plugin.discovery=service_load)
        final List<String> ours = ServiceLoader.load(Transformation.class).stream()
                .map(ServiceLoader.Provider::type).map(Class::getName)
                .filter(n -> n.startsWith("io.mtacorrelator.")).sorted().toList();

        // Then
        assertThat(ours).containsExactly(IncidentToCef.class.getName(), IncidentToEcs.class.getName(), IncidentToOcsf.class.getName());
        for (final IncidentTransform<SinkRecord> t : List.<IncidentTransform<SinkRecord>>of(new IncidentToEcs<>(), new IncidentToOcsf<>(),
                new IncidentToCef<>())) {
            assertThat(t.version()).isEqualTo(PluginVersion.VERSION).isEqualTo(Product.VERSION);
            assertThat(t.config().names()).contains(IncidentTransform.SCHEMA_REGISTRY_URL);
        }
        assertThat(new IncidentToCef<>().config().names()).doesNotContain(IncidentTransform.OUTPUT);
        assertThat(new IncidentToOcsf<>().config().names()).contains(IncidentTransform.OUTPUT);
    }

    /** The incident as plain Avro binary of its schema. */
    static byte[] avro(final Incident incident) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Incident.class).write(incident, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
