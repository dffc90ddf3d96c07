package io.mtacorrelator.runtime;

import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration layers, lowest precedence first: built-in defaults &lt; properties file &lt; environment
 * ({@code KAFKA_*} to Kafka properties, {@code MTA_*} to app keys) &lt; command-line flags. A higher layer
 * overrides a lower one; within one layer a key given twice is an error, and so is a key nobody knows.
 * Every value remembers where it came from, for error messages.
 */
public final class ConfigLayers {

    /** Environment variables of Kafka's own scripts and images, not configuration keys. */
    private static final Set<String> NOT_CONFIG = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG", "KAFKA_HOME", "KAFKA_LOG_DIR",
            "KAFKA_VERSION", "MTA_HOME");

    /** Prefixes Kafka Streams accepts in front of client and topic keys. */
    private static final List<String> PREFIXES = List.of("main.consumer.", "restore.consumer.", "global.consumer.",
            "consumer.", "producer.", "admin.", "topic.");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    /** Adds a layer on top of the ones before it. {@code origin} names it in messages ("file app.properties"). */
    public ConfigLayers layer(final String origin, final List<Map.Entry<String, String>> entries) {
        final Map<String, String> seen = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : entries) {
            final String key = e.getKey().trim();
            final String previous = seen.put(key, e.getValue());
            if (previous != null && !previous.equals(e.getValue())) {
                throw new ConfigException(key + " is given twice in " + origin + " with different values"
                        + (isSecret(key) ? " (not shown: it is a secret)" : " ('" + previous + "' and '" + e.getValue() + "')"));
            }
            checkKnown(key, origin);
        }
        seen.forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, origin);
        });
        return this;
    }

    public ConfigLayers layer(final String origin, final Map<String, String> entries) {
        return layer(origin, new ArrayList<>(entries.entrySet()));
    }

    /** A properties file, refusing a key that appears twice in it. */
    public ConfigLayers file(final Path file) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new ConfigException("cannot read configuration file " + file + (Files.exists(file) ? "" : ": no such file"));
        }
        final List<Map.Entry<String, String>> entries = new ArrayList<>();
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        final StringBuilder logical = new StringBuilder();
        for (final String line : text.split("\\R", -1)) {
            logical.append(line);
            if (endsWithContinuation(line)) {
                logical.append('\n');
                continue;
            }
            final String entry = logical.toString();
            logical.setLength(0);
            final String trimmed = entry.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            final Properties one = new Properties();
            try {
                one.load(new StringReader(entry));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
            }
            one.forEach((k, v) -> entries.add(Map.entry(k.toString(), v.toString())));
        }
        return layer("file " + file, entries);
    }

    /** {@code KAFKA_BOOTSTRAP_SERVERS} to {@code bootstrap.servers}, {@code MTA_GRACE_MS} to {@code mta.grace.ms}. */
    public ConfigLayers environment(final Map<String, String> env) {
        final List<Map.Entry<String, String>> entries = new ArrayList<>();
        final Map<String, String> names = new LinkedHashMap<>();
        new TreeSet<>(env.keySet()).forEach(name -> {
            if (NOT_CONFIG.contains(name)) {
                return;
            }
            final String key;
            if (name.startsWith("KAFKA_")) {
                key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            } else if (name.startsWith("MTA_")) {
                key = "mta." + name.substring("MTA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            } else {
                return;
            }
            names.put(key, name);
            entries.add(Map.entry(key, env.get(name)));
        });
        try {
            return layer("the environment", entries);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + " (environment variables " + names + ")");
        }
    }

    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    public String origin(final String key) {
        return origins.getOrDefault(key, "the defaults");
    }

    /** The application's config from all layers; a bad value names its key and where it came from. */
    public CorrelatorConfig build() {
        final String bootstrap = values.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new ConfigException("no Kafka cluster given: set --bootstrap-servers, bootstrap.servers in the config file, "
                    + "or KAFKA_BOOTSTRAP_SERVERS");
        }
        return validated(values);
    }

    /**
     * Checks every value as {@link #build()} does, for a command that brings its own cluster ({@code correlate}) or
     * needs none ({@code register-schemas}): the same one-line error naming the key and its layer, before anything
     * starts. The configuration it returns has a placeholder cluster where none was given.
     */
    public CorrelatorConfig check() {
        final Map<String, String> withCluster = new LinkedHashMap<>(values);
        withCluster.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        withCluster.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlate");
        return validated(withCluster);
    }

    private CorrelatorConfig validated(final Map<String, String> values) {
        try {
            final CorrelatorConfig config = new CorrelatorConfig(values);
            new StreamsConfig(config.streamsProperties());
            return config;
        } catch (ConfigException e) {
            // The key the message is about: the longest one it names (mta.topic.retention.ms, not topic.retention.ms).
            final String key = values.keySet().stream().filter(k -> e.getMessage() != null && e.getMessage().contains(k))
                    .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
            throw new ConfigException(e.getMessage() + (key == null ? "" : " (from " + origin(key) + ")"));
        }
    }

    private static void checkKnown(final String key, final String origin) {
        if (key.startsWith(CorrelatorConfig.PREFIX)) {
            if (!CorrelatorConfig.isKnownKey(key)) {
                throw new ConfigException("unknown configuration key " + key + " in " + origin + "; known mta.* keys: "
                        + String.join(", ", new TreeSet<>(CorrelatorConfig.DEFINITION.names())) + ", "
                        + CorrelatorConfig.INPUT_TIMEZONE_PREFIX + "<MTA>");
            }
            return;
        }
        String bare = key;
        for (final String prefix : PREFIXES) {
            if (key.startsWith(prefix)) {
                bare = key.substring(prefix.length());
                break;
            }
        }
        if (key.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)) {
            return;
        }
        if (!kafkaKeys().contains(bare)) {
            throw new ConfigException("unknown configuration key " + key + " in " + origin
                    + "; it is neither an mta.* key nor a Kafka Streams, client or topic property");
        }
    }

    /**
     * Whether the key's value is a secret: a {@code PASSWORD} in our definition or in Kafka's (Streams, producer,
     * consumer, admin), also behind a client prefix. Such values are never put in a message.
     */
    public static boolean isSecret(final String key) {
        String bare = key;
        for (final String prefix : PREFIXES) {
            if (key.startsWith(prefix)) {
                bare = key.substring(prefix.length());
                break;
            }
        }
        for (final ConfigDef definition : List.of(CorrelatorConfig.DEFINITION, StreamsConfig.configDef(), ProducerConfig.configDef(),
                ConsumerConfig.configDef(), AdminClientConfig.configDef())) {
            final ConfigDef.ConfigKey defined = definition.configKeys().get(bare);
            if (defined != null && defined.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> kafkaKeys() {
        final Set<String> keys = new TreeSet<>(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        for (final var f : TopicConfig.class.getFields()) {
            if (f.getName().endsWith("_CONFIG")) {
                try {
                    keys.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private static boolean endsWithContinuation(final String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
