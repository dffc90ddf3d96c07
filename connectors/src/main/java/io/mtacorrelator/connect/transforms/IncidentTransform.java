package io.mtacorrelator.connect.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.connect.PluginVersion;
import io.mtacorrelator.render.IncidentFormat;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replaces the value of an incident record (any of the forms {@link IncidentValues} reads) by one of the SIEM
 * renderings of the render module, the same code {@code run --incident-format} and {@code correlate --format} use.
 * Key, headers, topic and timestamp are kept; a tombstone (null value) passes unchanged. A value that is not an
 * incident fails the record with a {@link DataException}, which Connect's {@code errors.tolerance} and dead-letter
 * queue settings of the connector then handle.
 */
public abstract class IncidentTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";
    public static final String OUTPUT = "output";
    public static final String OUTPUT_MAP = "map";
    public static final String OUTPUT_STRING = "string";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    /** The keys every incident transform takes. */
    static ConfigDef baseConfig() {
        return new ConfigDef()
                .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.MEDIUM,
                        "Schema registry for incidents written as Avro with a registry (Confluent wire format: magic byte, "
                                + "schema id), read as bytes (ByteArrayConverter): its Confluent-compatible API, e.g. "
                                + "http://registry:8080/apis/ccompat/v7 for Apicurio Registry or http://schema-registry:8081 "
                                + "for Confluent's. Not needed for our JSON, for plain Avro, or when an Avro converter of "
                                + "the sink already made a Struct.")
                .define(SCHEMA_REGISTRY_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How long one schema fetch from the registry may take.");
    }

    /** The keys of the JSON renderings (ECS, OCSF): the base keys and the output form. */
    static ConfigDef jsonConfig() {
        return baseConfig().define(OUTPUT, Type.STRING, OUTPUT_MAP, ConfigDef.ValidString.in(OUTPUT_MAP, OUTPUT_STRING),
                Importance.MEDIUM,
                "map: the document as a schemaless map, for sinks that write JSON objects through JsonConverter with "
                        + "schemas.enable=false (Elasticsearch, Splunk HEC, HTTP); string: the document as one line of "
                        + "JSON text (a string schema), for sinks that write text (the file sink, StringConverter).");
    }

    private IncidentValues values;
    private boolean asMap;

    /** The rendering this transform applies. */
    protected abstract IncidentFormat format();

    @Override
    public void configure(final Map<String, ?> props) {
        final AbstractConfig config = new AbstractConfig(config(), props);
        final String url = config.getString(SCHEMA_REGISTRY_URL).strip();
        SchemaRegistryClient registry = null;
        if (!url.isEmpty()) {
            checkUrl(url);
            registry = new SchemaRegistryClient(url, Duration.ofMillis(config.getLong(SCHEMA_REGISTRY_TIMEOUT_MS)));
        }
        this.values = new IncidentValues(registry);
        this.asMap = config.values().containsKey(OUTPUT) && OUTPUT_MAP.equals(config.getString(OUTPUT));
    }

    private static void checkUrl(final String url) {
        try {
            final URI uri = new URI(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, url, "expected an http(s) URL of the registry's "
                        + "Confluent-compatible API, e.g. http://registry:8080/apis/ccompat/v7");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, url, "not a URL: " + e.getMessage());
        }
    }

    @Override
    public R apply(final R record) {
        if (record.value() == null) {
            return record;
        }
        final Incident incident = values.read(record.value());
        final String rendered = format().render(incident);
        final Object value;
        final Schema schema;
        if (asMap) {
            try {
                value = MAPPER.readValue(rendered, MAP);
            } catch (JsonProcessingException e) {
                throw new DataException("cannot turn the " + format().id() + " rendering into a map", e);
            }
            schema = null;
        } else {
            value = rendered;
            schema = Schema.STRING_SCHEMA;
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema, value,
                record.timestamp(), record.headers());
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public void close() {
        // nothing held: the registry client's connections close with it
    }
}
