package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.ConfigLayers;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The configuration layers as the commands build them: defaults, --config FILE, environment, then flags. */
final class CommandLayers {

    private CommandLayers() {
    }

    /** {@code --set KEY=VALUE} options as entries, refusing anything without a key. */
    static List<Map.Entry<String, String>> parseSet(final List<String> overrides) {
        final List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (final String o : overrides) {
            final int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set takes KEY=VALUE, not '" + o + "'");
            }
            entries.add(Map.entry(o.substring(0, eq).trim(), o.substring(eq + 1).trim()));
        }
        return entries;
    }

    /**
     * @param flags named flags already turned into keys; they join the {@code --set} entries in the top layer,
     *              so a key given both ways with different values is a conflict
     */
    static ConfigLayers build(final Map<String, String> defaults, final Path configFile, final Map<String, String> environment,
                              final List<String> overrides, final List<Map.Entry<String, String>> flags) {
        final ConfigLayers layers = new ConfigLayers().layer("the defaults", defaults);
        if (configFile != null) {
            layers.file(configFile);
        }
        layers.environment(environment);
        final List<Map.Entry<String, String>> cli = parseSet(overrides);
        cli.addAll(flags);
        return layers.layer("the command line", cli);
    }
}
