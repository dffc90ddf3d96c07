package io.mtacorrelator.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.RegistryAvroSerdes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RegistryAvroSerdes over the Confluent REST API, against a stub answering as Confluent's documentation shows: the
 * wire format (magic byte 0, 4-byte big-endian id, Avro binary) under subject {@code <topic>-value}, one request per
 * topic and per id, and pre-registered schemas when auto-registration is off.
 */
class RegistryAvroSerdesTest {

    private static final String TOPIC = "mta.incidents";
    private static final String SUBJECT = TOPIC + "-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ConfluentRegistryStub stub = new ConfluentRegistryStub();

    private static RegistryAvroSerdes serdes(final boolean autoRegister) {
        return new RegistryAvroSerdes(new SchemaRegistryClient(RegistrySettings.of(stub.url())), autoRegister);
    }

    @Test
    void writesMagicByteTheRegisteredIdAndTheAvroBodyAndAsksTheRegistryOncePerTopic() throws Exception {
        // Given: a registry that registers the Incident schema under mta.incidents-value as id 42
        stub.registers(SUBJECT, 42);
        final Serde<Incident> serde = serdes(true).valueSerde(Incident.class);

        // When: two incidents are written, the second with headers as Kafka Streams passes them
        final RecordHeaders headers = new RecordHeaders();
        final byte[] first = serde.serializer().serialize(TOPIC, incident("a"));
        final byte[] second = serde.serializer().serialize(TOPIC, headers, incident("b"));

        // Then: 0, then 42 big-endian, then exactly the plain Avro binary of the record
        final byte[] body = new PlainAvroSerdes().valueSerde(Incident.class).serializer().serialize(TOPIC, incident("a"));
        assertThat(first[0]).isZero();
        assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(42);
        assertThat(java.util.Arrays.copyOfRange(first, 5, first.length)).isEqualTo(body);
        assertThat(ByteBuffer.wrap(second, 1, 4).getInt()).isEqualTo(42);
        assertThat(headers.toArray()).isEmpty();
        // And: one registration for both writes, nothing else asked
        stub.server().verify(1, postRequestedFor(urlPathEqualTo("/subjects/" + SUBJECT + "/versions")));
        stub.server().verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void readsTheRecordBackByFetchingTheWriterSchemaOncePerId() {
        // Given: bytes written with id 42, and a registry that serves id 42
        stub.registers(SUBJECT, 42);
        final RegistryAvroSerdes writer = serdes(true);
        final byte[] bytes = writer.valueSerde(Incident.class).serializer().serialize(TOPIC, incident("a"));
        stub.reset();
        stub.servesId(42, Incident.getClassSchema());
        final Serde<Incident> reader = serdes(true).valueSerde(Incident.class);

        // When: read twice by another process's serde
        final Incident once = reader.deserializer().deserialize(TOPIC, bytes);
        final Incident twice = reader.deserializer().deserialize(TOPIC, new RecordHeaders(), bytes);

        // Then: the generated class, equal to what was written, from one fetch of the schema
        assertThat(once).isEqualTo(incident("a")).isEqualTo(twice);
        stub.server().verify(1, getRequestedFor(urlPathEqualTo("/schemas/ids/42")));
    }

    @Test
    void resolvesAWriterSchemaThatIsAnotherVersionAgainstTheClasssSchema() throws Exception {
        // Given: a record written by a newer producer whose schema (id 43) has one more field at the end
        final Schema newer = withTrailingField(Incident.getClassSchema(), "ticket");
        final byte[] current = new PlainAvroSerdes().valueSerde(Incident.class).serializer().serialize(TOPIC, incident("a"));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(43).array());
        out.writeBytes(current);
        out.write(2 * 3); // Avro string "T-1": zig-zag length 3, then the bytes
        out.writeBytes("T-1".getBytes(StandardCharsets.UTF_8));
        final byte[] bytes = out.toByteArray();
        // (control: the newer schema reads the bytes whole, its field included)
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        assertThat(new GenericDatumReader<GenericRecord>(newer).read(null, decoder).get("ticket")).hasToString("T-1");
        stub.servesId(43, newer);

        // When
        final Incident read = serdes(true).valueSerde(Incident.class).deserializer().deserialize(TOPIC, bytes);

        // Then: the current class, the unknown field skipped
        assertThat(read).isEqualTo(incident("a"));
    }

    @Test
    void bytesWithoutTheWireFormatPrefixAreRefusedWithOneLine() {
        // Given: plain Avro (no prefix) as the registry-less serde writes it, and (control) the same with the prefix
        final byte[] plain = new PlainAvroSerdes().valueSerde(Incident.class).serializer().serialize(TOPIC, incident("a"));
        final Serde<Incident> serde = serdes(true).valueSerde(Incident.class);
        plain[0] = 2;

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, plain))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot read Incident from topic mta.incidents: not the Confluent wire format (magic byte 2, "
                        + "expected magic byte 0 and a 4-byte schema id)");
        stub.server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void withoutAutoRegistrationTheSubjectsLatestVersionIsUsedAndNothingIsRegistered() {
        // Given: a subject whose latest version (3, id 17) is the Incident schema
        stub.latestIs(SUBJECT, 3, 17, Incident.getClassSchema());
        final Serde<Incident> serde = serdes(false).valueSerde(Incident.class);

        // When
        final byte[] first = serde.serializer().serialize(TOPIC, incident("a"));
        final byte[] second = serde.serializer().serialize(TOPIC, incident("b"));

        // Then: id 17, one lookup, no registration
        assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(17);
        assertThat(ByteBuffer.wrap(second, 1, 4).getInt()).isEqualTo(17);
        stub.server().verify(1, getRequestedFor(urlPathEqualTo("/subjects/" + SUBJECT + "/versions/latest")));
        stub.server().verify(0, postRequestedFor(urlPathEqualTo("/subjects/" + SUBJECT + "/versions")));
    }

    @Test
    void withoutAutoRegistrationAnEarlierVersionThatIsThisSchemaIsUsedWhenTheLatestIsNewer() throws Exception {
        // Given: the latest version (4, id 30) has a field more; version 3 (id 17) is this build's schema
        stub.latestIs(SUBJECT, 4, 30, withTrailingField(Incident.getClassSchema(), "ticket"));
        stub.looksUp(SUBJECT, 3, 17, Incident.getClassSchema());

        // When
        final byte[] bytes = serdes(false).valueSerde(Incident.class).serializer().serialize(TOPIC, incident("a"));

        // Then: written as version 3's id, never registered
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(17);
        stub.server().verify(0, postRequestedFor(urlPathEqualTo("/subjects/" + SUBJECT + "/versions")));
    }

    @Test
    void withoutAutoRegistrationAMissingSubjectFailsTheWriteWithOneLineSayingWhatToDo() {
        // Given: the registry has no subject mta.incidents-value (error 40401), and (control) has mta.events-value
        stub.hasNoSubject(SUBJECT);
        stub.latestIs("mta.events-value", 1, 5, Incident.getClassSchema());
        final Serde<Incident> serde = serdes(false).valueSerde(Incident.class);

        // When / Then
        assertThat(ByteBuffer.wrap(serde.serializer().serialize("mta.events", incident("a")), 1, 4).getInt()).isEqualTo(5);
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, incident("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot write Incident to topic mta.incidents: cannot look up the latest version of subject "
                        + SUBJECT + ": the schema registry at " + stub.url() + " answered error 40401 (HTTP 404): Subject '"
                        + SUBJECT + "' not found.; mta.schema.registry.auto.register is false, so the schemas must be "
                        + "registered beforehand: run 'register-schemas' with this configuration");
        stub.server().verify(0, postRequestedFor(urlPathEqualTo("/subjects/" + SUBJECT + "/versions")));
    }

    @Test
    void anIncompatibleSchemaFailsTheWriteNamingTopicTypeSubjectAndCode() {
        // Given: a registry whose compatibility rule refuses the schema (409)
        stub.refusesAsIncompatible(SUBJECT);

        // When / Then
        assertThatThrownBy(() -> serdes(true).valueSerde(Incident.class).serializer().serialize(TOPIC, incident("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("cannot write Incident to topic mta.incidents: cannot register the schema "
                        + "io.mtacorrelator.avro.Incident under subject " + SUBJECT)
                .hasMessageContaining("answered error 409 (HTTP 409)");
    }

    private static Schema withTrailingField(final Schema schema, final String name) throws Exception {
        final ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
        ((ArrayNode) json.get("fields")).add(JSON.createObjectNode().put("name", name).put("type", "string").put("default", ""));
        return new Schema.Parser().parse(json.toString());
    }

    private static Incident incident(final String id) {
        return Incident.newBuilder(TestIncidents.complete()).setIncidentId("Q181721:EXCH1:EXCH2:" + id).build();
    }
}
