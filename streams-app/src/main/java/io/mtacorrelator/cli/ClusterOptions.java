package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of every command that talks to a Kafka cluster (run, replay, incidents, reset): the cluster, a
 * properties file and {@code --set}, layered over the environment as described under {@code run --help}.
 */
final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", description = "Kafka cluster (bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file: mta.* keys and Kafka Streams/client properties.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any configuration key, highest precedence. Repeatable.")
    List<String> overrides = new ArrayList<>();

    /** The environment the layers read; a field so tests can give their own. */
    Map<String, String> environment = System.getenv();

    /**
     * @param defaults keys this command sets before any layer (its application.id)
     * @param flags    the command's own named flags as keys, in the command-line layer
     */
    ConfigLayers layers(final Map<String, String> defaults, final List<Map.Entry<String, String>> flags) {
        final List<Map.Entry<String, String>> all = new ArrayList<>(flags);
        if (bootstrapServers != null) {
            all.add(Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return CommandLayers.build(defaults, configFile, environment, overrides, all);
    }

    /** The layered configuration, or null after printing the one line that says which key and layer are wrong. */
    CorrelatorConfig configOrReport(final String command, final java.io.PrintWriter err,
                                    final Map<String, String> defaults, final List<Map.Entry<String, String>> flags) {
        try {
            return layers(defaults, flags).build();
        } catch (ConfigException e) {
            err.println(command + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * The client properties for one kind of client (producer, consumer, admin) from the layered configuration:
     * the keys that client knows (bootstrap.servers, security, ...) and those given with its prefix
     * ({@code producer.linger.ms}), the prefixed ones winning.
     */
    static Map<String, Object> clientProperties(final CorrelatorConfig config, final java.util.Set<String> names,
                                                final String prefix) {
        final Map<String, Object> client = new java.util.HashMap<>();
        config.streamsProperties().forEach((k, v) -> {
            if (names.contains(k.toString())) {
                client.put(k.toString(), v);
            }
        });
        config.streamsProperties().forEach((k, v) -> {
            if (k.toString().startsWith(prefix)) {
                client.put(k.toString().substring(prefix.length()), v);
            }
        });
        return client;
    }
}
