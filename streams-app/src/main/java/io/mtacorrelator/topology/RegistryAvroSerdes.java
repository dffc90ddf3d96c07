package io.mtacorrelator.topology;

import io.apicurio.registry.resolver.SchemaResolverConfig;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Avro in the Confluent wire format with the schemas kept in a schema registry (Apicurio Registry 2.6, through its
 * serde). What goes on the topic is what Confluent's {@code KafkaAvroDeserializer} reads: magic byte {@code 0}, the
 * schema id as a 4-byte big-endian int, then the Avro binary of the record. The id is the one the registry's
 * Confluent-compatible API serves at {@code GET /schemas/ids/{id}} (Apicurio's content id).
 *
 * <h2>Registry URL</h2>
 * The URL given here, and so the value of {@code mta.schema.registry.url}, is the registry's
 * <b>Confluent-compatible API</b>, the same one Confluent clients reading the topics use:
 * {@code http://host:8080/apis/ccompat/v7} ({@code /apis/ccompat/v6} is taken too; a trailing slash is ignored).
 * The serde itself talks to the Apicurio v2 API of the same server, {@code http://host:8080/apis/registry/v2}, which
 * is derived from that URL; any other form of URL (the v2 API itself, a bare host) is refused with a
 * {@link ConfigException} naming the expected form, so there is one way to configure it.
 *
 * <h2>Subjects</h2>
 * TopicNameStrategy: the value schema of topic {@code T} is subject {@code T-value} (in Apicurio terms artifact
 * {@code T-value} of the default group), e.g. {@code mta.incidents-value}. Keys are plain strings and have no subject.
 *
 * <h2>Registration and reading</h2>
 * Serializers register the record's schema under its subject when it is not there yet (a new version when it
 * differs from the latest; the registry's compatibility rule, BACKWARD for this project, decides whether that is
 * allowed, and a refusal surfaces as a {@link SerializationException}). Set {@code apicurio.registry.auto-register}
 * to {@code false} in the extra config for producers that must only use schemas registered beforehand.
 * Deserializers fetch the writer schema by the id in the record and read it into the generated class ({@code
 * MtaEvent}, {@code CounterSample}, {@code Incident}), resolving it against the class's own schema, so records
 * written with an older compatible version are still read.
 *
 * <p>The serdes come configured: Kafka Streams does not configure serdes handed to it in {@code Consumed} or
 * {@code Produced}, and a later {@link Serde#configure} call is ignored so application properties cannot undo the
 * registry settings. Each serde holds an HTTP client to the registry and should be closed with the topology (Kafka
 * Streams closes the serializers and deserializers of its nodes).
 */
public final class RegistryAvroSerdes implements AvroSerdes {

    /** The Confluent-compatible API of Apicurio Registry, the URL form this class takes. */
    private static final Pattern CCOMPAT_PATH = Pattern.compile("^(.*?)/apis/ccompat/v[67]/?$");
    private static final String NATIVE_API_PATH = "/apis/registry/v2";

    private final String ccompatUrl;
    private final Map<String, Object> config;

    /**
     * @param registryUrl the registry's Confluent-compatible API, e.g. {@code http://localhost:8080/apis/ccompat/v7}
     * @param extraConfig further {@code apicurio.registry.*} / {@code apicurio.auth.*} settings of the Apicurio serde,
     *                    applied over this class's defaults (for example {@code apicurio.registry.auto-register=false},
     *                    credentials, TLS trust store); {@code apicurio.registry.url} cannot be set here
     */
    public RegistryAvroSerdes(final String registryUrl, final Map<String, ?> extraConfig) {
        this.ccompatUrl = Objects.requireNonNull(registryUrl, "registryUrl").strip();
        final String nativeApi = nativeApiUrl(this.ccompatUrl);
        final Map<String, Object> merged = new HashMap<>();
        // Confluent wire format: magic byte + 4-byte id in the payload, nothing in the headers.
        merged.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
        merged.put(SerdeConfig.ENABLE_HEADERS, false);
        // The id Confluent clients look up under /schemas/ids/{id} of the ccompat API.
        merged.put(SerdeConfig.USE_ID, "contentId");
        // Subject <topic>-value.
        merged.put(SchemaResolverConfig.ARTIFACT_RESOLVER_STRATEGY, TopicIdStrategy.class.getName());
        merged.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, true);
        merged.put(AvroKafkaSerdeConfig.AVRO_ENCODING, AvroKafkaSerdeConfig.AVRO_ENCODING_BINARY);
        merged.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        if (extraConfig != null) {
            if (extraConfig.containsKey(SchemaResolverConfig.REGISTRY_URL)) {
                throw new ConfigException(SchemaResolverConfig.REGISTRY_URL + " cannot be set in the extra config: "
                        + "the registry URL is the Confluent-compatible one given to RegistryAvroSerdes");
            }
            merged.putAll(extraConfig);
        }
        merged.put(SchemaResolverConfig.REGISTRY_URL, nativeApi);
        this.config = Map.copyOf(merged);
    }

    /** The Confluent-compatible URL this instance was given, normalised (no trailing slash). */
    public String registryUrl() {
        return ccompatUrl.endsWith("/") ? ccompatUrl.substring(0, ccompatUrl.length() - 1) : ccompatUrl;
    }

    /** The settings handed to the Apicurio serializers and deserializers (read-only). */
    public Map<String, Object> serdeConfig() {
        return config;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(final Class<T> type) {
        Objects.requireNonNull(type, "type");
        final AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        final AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return new ConfiguredSerde<>(new TypedSerializer<>(type, serializer), new TypedDeserializer<>(type, deserializer));
    }

    /** {@code <server>/apis/registry/v2} from {@code <server>/apis/ccompat/v7}, or a ConfigException. */
    static String nativeApiUrl(final String ccompatUrl) {
        final String expected = "the registry's Confluent-compatible API, e.g. http://localhost:8080/apis/ccompat/v7";
        final URI uri;
        try {
            uri = new URI(ccompatUrl);
        } catch (URISyntaxException e) {
            throw new ConfigException("schema registry URL '" + ccompatUrl + "' is not a URL; expected " + expected);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new ConfigException("schema registry URL '" + ccompatUrl + "' is not an http(s) URL; expected " + expected);
        }
        final Matcher matcher = CCOMPAT_PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (!matcher.matches()) {
            throw new ConfigException("schema registry URL '" + ccompatUrl + "' does not end in /apis/ccompat/v7; expected "
                    + expected);
        }
        final String server = uri.getScheme() + "://" + uri.getRawAuthority() + matcher.group(1);
        return server + NATIVE_API_PATH;
    }

    /** Checks that what was read is the generated class and gives errors the topic and type. */
    private static final class TypedDeserializer<T extends SpecificRecord> implements Deserializer<T> {
        private final Class<T> type;
        private final Deserializer<T> delegate;

        TypedDeserializer(final Class<T> type, final Deserializer<T> delegate) {
            this.type = type;
            this.delegate = delegate;
        }

        @Override
        public T deserialize(final String topic, final byte[] data) {
            return deserialize(topic, null, data);
        }

        @Override
        public T deserialize(final String topic, final Headers headers, final byte[] data) {
            if (data == null) {
                return null;
            }
            final Object value;
            try {
                value = headers == null ? delegate.deserialize(topic, data) : delegate.deserialize(topic, headers, data);
            } catch (SerializationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic
                        + " with the schema registry: " + e.getMessage(), e);
            }
            if (value != null && !type.isInstance(value)) {
                throw new SerializationException("topic " + topic + " holds " + value.getClass().getName()
                        + " where " + type.getName() + " was expected");
            }
            return type.cast(value);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Gives serialisation errors (registry down, schema refused as incompatible) the topic and type. */
    private static final class TypedSerializer<T extends SpecificRecord> implements Serializer<T> {
        private final Class<T> type;
        private final Serializer<T> delegate;

        TypedSerializer(final Class<T> type, final Serializer<T> delegate) {
            this.type = type;
            this.delegate = delegate;
        }

        @Override
        public byte[] serialize(final String topic, final T data) {
            return serialize(topic, null, data);
        }

        @Override
        public byte[] serialize(final String topic, final Headers headers, final T data) {
            if (data == null) {
                return null;
            }
            try {
                return headers == null ? delegate.serialize(topic, data) : delegate.serialize(topic, headers, data);
            } catch (SerializationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " to topic " + topic
                        + " with the schema registry: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** A serde whose parts are configured already: {@link #configure} does nothing. */
    private record ConfiguredSerde<T>(Serializer<T> serializer, Deserializer<T> deserializer) implements Serde<T> {

        @Override
        public void configure(final Map<String, ?> configs, final boolean isKey) {
            // configured in RegistryAvroSerdes#valueSerde; application properties must not replace the registry settings
        }

        @Override
        public void close() {
            try {
                serializer.close();
            } finally {
                deserializer.close();
            }
        }
    }
}
