package io.mtacorrelator.runtime;

import io.mtacorrelator.topology.CorrelatorConfig;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether the keyed path can run on the cluster's topics, and with how many partitions. On that path a raw record is
 * correlated in the task that parsed it when its partition is the one Kafka's default partitioner gives its MTA, and
 * the other records reach that same task through the normalised topics: so the raw and normalised topics must all
 * have the same number of partitions, and the topology must know it. Where they differ, the two-hop path (every
 * record through the normalised topics) is correct with any partition counts.
 */
public final class KeyedPath {

    /** The configuration to run with, and the one line to log when the two-hop path was chosen instead. */
    public record Choice(CorrelatorConfig config, Optional<String> fallback) {
    }

    private KeyedPath() {
    }

    /** @param partitions partitions of each topic the ingest reads (raw and normalised) */
    public static Choice choose(final CorrelatorConfig config, final Map<String, Integer> partitions) {
        if (!CorrelatorConfig.PATH_KEYED.equals(config.getString(CorrelatorConfig.INGEST_PATH))) {
            return new Choice(config, Optional.empty());
        }
        final TreeSet<Integer> counts = new TreeSet<>(partitions.values());
        if (counts.size() == 1) {
            return new Choice(config.with(CorrelatorConfig.INGEST_PARTITIONS, counts.first()), Optional.empty());
        }
        return new Choice(config.with(CorrelatorConfig.INGEST_PATH, CorrelatorConfig.PATH_TWO_HOP),
                Optional.of("the raw and normalised topics differ in partitions " + new TreeMap<>(partitions)
                        + ": using the two-hop ingest path (give them one partition count for the faster keyed path)"));
    }
}
