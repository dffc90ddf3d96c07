package io.mtacorrelator.topology;

import io.mtacorrelator.registry.SchemaRegistryClient;
import io.mtacorrelator.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro in the Confluent wire format with the schemas kept in a registry that speaks the Confluent REST API (Confluent
 * Schema Registry, Karapace, Redpanda, Apicurio Registry at {@code /apis/ccompat/v7}), through
 * {@link SchemaRegistryClient}. What goes on the topic is what Confluent's {@code KafkaAvroDeserializer} reads: magic
 * byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro binary of the record; nothing in the headers.
 *
 * <h2>Subjects</h2>
 * TopicNameStrategy: the value schema of topic {@code T} is subject {@code T-value}, e.g. {@code mta.incidents-value}.
 * Keys are plain strings and have no subject.
 *
 * <h2>Writing</h2>
 * With auto-registration (the default) the serializer registers the generated class's schema under the subject
 * (the registry returns the existing id when it is there already; its compatibility rule may refuse a new version).
 * Without it, only schemas registered beforehand are used: the subject's latest version when it is this schema,
 * otherwise the earlier version that is (a rolling upgrade); a subject or schema that is not there fails the write
 * with one line saying to register them ({@code register-schemas}). The id is then kept per topic, so each topic costs
 * one request per process.
 *
 * <h2>Reading</h2>
 * The deserializer fetches the writer schema by the id in the record (once per id) and resolves it against the
 * generated class's schema, so records written with an older compatible version are read into the current class.
 *
 * <p>The serdes come configured: Kafka Streams does not configure serdes handed to it in {@code Consumed} or
 * {@code Produced}, and a later {@link Serde#configure} call is ignored so application properties cannot undo the
 * registry settings.
 */
public final class RegistryAvroSerdes implements AvroSerdes {

    private static final byte MAGIC_BYTE = 0;
    private static final int PREFIX_LENGTH = 5;

    private final SchemaRegistryClient client;
    private final boolean autoRegister;

    /**
     * @param client       the registry
     * @param autoRegister register the schemas when writing ({@code mta.schema.registry.auto.register}); false: use
     *                     only schemas registered beforehand
     */
    public RegistryAvroSerdes(final SchemaRegistryClient client, final boolean autoRegister) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
    }

    /** TopicNameStrategy: the subject of topic {@code T}'s values. */
    public static String subject(final String topic) {
        return topic + "-value";
    }

    public SchemaRegistryClient client() {
        return client;
    }

    public boolean autoRegister() {
        return autoRegister;
    }

    /**
     * The id this serde writes {@code schema} with on {@code topic}: registered now when auto-registering, else the
     * pre-registered version. A registry that refuses, cannot be reached, or lacks the schema gives a
     * {@link SchemaRegistryException} with one line.
     */
    public int writerId(final String topic, final Schema schema) {
        final String subject = subject(topic);
        if (autoRegister) {
            return client.register(subject, schema);
        }
        final Integer known = client.cachedId(subject, schema);
        if (known != null) {
            return known;
        }
        try {
            final SchemaRegistryClient.SubjectVersion latest = client.latest(subject);
            if (sameEncoding(latest.schema(), schema)) {
                return latest.id();
            }
            return client.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            if (e.notRegistered()) {
                throw e.withHint(CorrelatorConfig.SCHEMA_REGISTRY_AUTO_REGISTER + " is false, so the schemas must be "
                        + "registered beforehand: run 'register-schemas' with this configuration");
            }
            throw e;
        }
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(final Class<T> type) {
        Objects.requireNonNull(type, "type");
        final Schema schema = SpecificData.get().getSchema(type);
        return new ConfiguredSerde<>(new WireFormatSerializer<>(type, schema), new WireFormatDeserializer<>(type, schema));
    }

    /** Whether records written with one schema are the same bytes as with the other (Avro's parsing canonical form). */
    private static boolean sameEncoding(final Schema a, final Schema b) {
        return SchemaNormalization.parsingFingerprint64(a) == SchemaNormalization.parsingFingerprint64(b);
    }

    /** Magic byte, the id of the class's schema under the topic's subject, the Avro binary. */
    private final class WireFormatSerializer<T extends SpecificRecord> implements Serializer<T> {
        private final Class<T> type;
        private final Schema schema;
        private final SpecificDatumWriter<T> writer;
        private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();

        WireFormatSerializer(final Class<T> type, final Schema schema) {
            this.type = type;
            this.schema = schema;
            this.writer = new SpecificDatumWriter<>(schema);
        }

        @Override
        public byte[] serialize(final String topic, final T data) {
            if (data == null) {
                return null;
            }
            final int id;
            try {
                final Integer known = idByTopic.get(topic);
                id = known != null ? known : idByTopic.computeIfAbsent(topic, t -> writerId(t, schema));
            } catch (SchemaRegistryException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " to topic " + topic + ": "
                        + e.getMessage(), e);
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(MAGIC_BYTE);
            out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(data, encoder);
                encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as Avro to topic " + topic, e);
            }
            return out.toByteArray();
        }
    }

    /** Reads the writer schema's id from the prefix and resolves that schema against the class's. */
    private final class WireFormatDeserializer<T extends SpecificRecord> implements Deserializer<T> {
        private final Class<T> type;
        private final Schema schema;
        private final Map<Integer, SpecificDatumReader<T>> readerById = new ConcurrentHashMap<>();

        WireFormatDeserializer(final Class<T> type, final Schema schema) {
            this.type = type;
            this.schema = schema;
        }

        @Override
        public T deserialize(final String topic, final byte[] data) {
            if (data == null) {
                return null;
            }
            if (data.length < PREFIX_LENGTH || data[0] != MAGIC_BYTE) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic
                        + ": not the Confluent wire format (" + (data.length < PREFIX_LENGTH ? data.length + " bytes"
                        : "magic byte " + data[0]) + ", expected magic byte 0 and a 4-byte schema id)");
            }
            final int id = ByteBuffer.wrap(data, 1, 4).getInt();
            final SpecificDatumReader<T> reader;
            try {
                final SpecificDatumReader<T> known = readerById.get(id);
                reader = known != null ? known
                        : readerById.computeIfAbsent(id, i -> new SpecificDatumReader<>(client.schemaById(i), schema));
            } catch (SchemaRegistryException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic + ": "
                        + e.getMessage(), e);
            }
            try {
                return type.cast(reader.read(null, DecoderFactory.get().binaryDecoder(data, PREFIX_LENGTH,
                        data.length - PREFIX_LENGTH, null)));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic
                        + " with writer schema id " + id + ": " + e.getMessage(), e);
            }
        }
    }

    /** A serde whose parts are configured already: {@link #configure} does nothing. */
    private record ConfiguredSerde<T>(Serializer<T> serializer, Deserializer<T> deserializer) implements Serde<T> {

        @Override
        public void configure(final Map<String, ?> configs, final boolean isKey) {
            // configured in RegistryAvroSerdes#valueSerde; application properties must not replace the registry settings
        }
    }
}
