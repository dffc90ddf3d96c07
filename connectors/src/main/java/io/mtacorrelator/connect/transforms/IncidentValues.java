package io.mtacorrelator.connect.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Alternative;
import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;
import io.mtacorrelator.avro.RpcSymptom;
import io.mtacorrelator.avro.Severity;
import io.mtacorrelator.render.IncidentJson;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

/**
 * Reads the value of an incident record, whatever converter the sink uses, into our {@link Incident}:
 * <ul>
 *   <li>bytes ({@code ByteArrayConverter}): Avro in the Confluent wire format (magic byte 0, schema id, Avro binary;
 *   what {@code run} writes with a schema registry) read with the writer schema fetched from the registry; our JSON
 *   ({@code run --incident-format json}); or plain Avro binary of the Incident schema (a registry-free {@code run}).
 *   The three are told apart by the first byte: 0, {@code {}, or anything else (a plain Avro incident starts with the
 *   length of its id, never 0 nor an odd number such as 0x7B);</li>
 *   <li>a string ({@code StringConverter}): our JSON;</li>
 *   <li>a map ({@code JsonConverter} without schemas): our JSON as a map;</li>
 *   <li>a Struct (an Avro converter with a registry, such as Confluent's or Apicurio's {@code AvroConverter}): the
 *   Incident record, field by field.</li>
 * </ul>
 * Anything else, or a value that is not an incident, is a {@link DataException} saying what was found, which
 * Connect's error handling ({@code errors.tolerance}, dead-letter queue) then deals with.
 */
final class IncidentValues {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte MAGIC = 0;

    static {
        // Avro 1.12 decodes into generated classes only when they are trusted, which the streams app arranges with
        // a system property; a Connect worker's JVM has none, so the plugin trusts the Incident's own classes here.
        // Avro is the plugin's own copy (plugin class loader), so this reaches no other plugin.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(Incident.class).add(IncidentStatus.class).add(Severity.class).add(Confidence.class)
                        .add(CloseReason.class).add(Evidence.class).add(Alternative.class).add(RpcSymptom.class).add(Remediation.class)
                        .add(Reference.class)
                        .build()));
    }

    private final SchemaRegistryClient registry;

    /** @param registry the registry of wire-format records, or null when none is configured */
    IncidentValues(final SchemaRegistryClient registry) {
        this.registry = registry;
    }

    Incident read(final Object value) {
        try {
            if (value instanceof byte[] bytes) {
                return fromBytes(bytes);
            }
            if (value instanceof ByteBuffer buffer) {
                final byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                return fromBytes(bytes);
            }
            if (value instanceof String text) {
                return IncidentJson.fromLine(text);
            }
            if (value instanceof Map<?, ?> map) {
                return IncidentJson.fromNode(MAPPER.valueToTree(map));
            }
            if (value instanceof Struct struct) {
                return IncidentJson.fromNode(tree(struct));
            }
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
        throw new DataException("not an incident: a value of type " + value.getClass().getName()
                + " (expected our JSON as text, bytes or a map, Avro bytes, or an Incident Struct)");
    }

    private Incident fromBytes(final byte[] bytes) {
        if (bytes.length == 0) {
            throw new DataException("not an incident: an empty value");
        }
        if (bytes[0] == MAGIC) {
            return fromWireFormat(bytes);
        }
        if (firstNonBlank(bytes) == '{') {
            return IncidentJson.fromLine(new String(bytes, StandardCharsets.UTF_8));
        }
        return readAvro(bytes, 0, Incident.getClassSchema(), "plain Avro of the Incident schema");
    }

    private Incident fromWireFormat(final byte[] bytes) {
        if (bytes.length < 5) {
            throw new DataException("not an incident: a wire-format record of " + bytes.length + " bytes has no schema id");
        }
        if (registry == null) {
            throw new DataException("the incident is Avro with a schema registry (Confluent wire format), but the "
                    + "transform has no schema.registry.url");
        }
        final int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        return readAvro(bytes, 5, registry.schema(id), "Avro with schema id " + id + " of " + registry.url());
    }

    private static Incident readAvro(final byte[] bytes, final int offset, final Schema writer, final String what) {
        try {
            // Resolved against our reader schema, so records written with an older compatible schema are read too.
            return new SpecificDatumReader<Incident>(writer, Incident.getClassSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null));
        } catch (IOException | RuntimeException e) {
            throw new DataException("not an incident in " + what + ": " + e.getMessage(), e);
        }
    }

    private static int firstNonBlank(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b;
            }
        }
        return -1;
    }

    /** A Struct as the JSON tree IncidentJson reads: timestamps (Date) as epoch milliseconds. */
    private static JsonNode tree(final Object value) {
        if (value == null) {
            return MAPPER.nullNode();
        }
        if (value instanceof Struct struct) {
            final ObjectNode node = MAPPER.createObjectNode();
            for (final Field field : struct.schema().fields()) {
                node.set(field.name(), tree(struct.get(field)));
            }
            return node;
        }
        if (value instanceof Map<?, ?> map) {
            final ObjectNode node = MAPPER.createObjectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), tree(v)));
            return node;
        }
        if (value instanceof Collection<?> list) {
            final ArrayNode node = MAPPER.createArrayNode();
            list.forEach(v -> node.add(tree(v)));
            return node;
        }
        if (value instanceof Date date) {
            return MAPPER.getNodeFactory().numberNode(date.getTime());
        }
        return MAPPER.valueToTree(value);
    }
}
