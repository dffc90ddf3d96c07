package io.mtacorrelator.runtime;

import io.mtacorrelator.topology.CorrelatorConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedPathTest {

    private static final Map<String, Object> BASE = Map.of(CorrelatorConfig.GRACE_MS, "60000", "application.id", "mta-test");

    @Test
    void topicsWithOnePartitionCountRunTheKeyedPathWithThatCount() {
        // Given: raw and normalised topics of 6 partitions each
        final Map<String, Integer> partitions = Map.of("raw.events", 6, "raw.counters", 6, "mta.events", 6, "mta.counters", 6);

        // When
        final KeyedPath.Choice choice = KeyedPath.choose(new CorrelatorConfig(BASE), partitions);

        // Then: keyed, with the topics' count, the other settings kept
        assertThat(choice.fallback()).isEmpty();
        assertThat(choice.config().getString(CorrelatorConfig.INGEST_PATH)).isEqualTo(CorrelatorConfig.PATH_KEYED);
        assertThat(choice.config().getInt(CorrelatorConfig.INGEST_PARTITIONS)).isEqualTo(6);
        assertThat(choice.config().getLong(CorrelatorConfig.GRACE_MS)).isEqualTo(60_000L);
        assertThat(choice.config().streamsProperties().getProperty("application.id")).isEqualTo("mta-test");
    }

    @Test
    void topicsThatDifferInPartitionsRunTheTwoHopPathAndSaySo() {
        // Given: one raw topic with more partitions than the others
        final Map<String, Integer> partitions = Map.of("raw.events", 12, "raw.counters", 6, "mta.events", 6, "mta.counters", 6);

        // When
        final KeyedPath.Choice choice = KeyedPath.choose(new CorrelatorConfig(BASE), partitions);

        // Then: two-hop, with one line that names the topics and their counts
        assertThat(choice.config().getString(CorrelatorConfig.INGEST_PATH)).isEqualTo(CorrelatorConfig.PATH_TWO_HOP);
        assertThat(choice.fallback()).hasValueSatisfying(line -> assertThat(line).contains("raw.events=12", "raw.counters=6")
                .contains("two-hop").doesNotContain("\n"));
    }

    @Test
    void theTwoHopPathChosenByTheOperatorIsKeptWhateverThePartitions() {
        // Given
        final CorrelatorConfig twoHop = new CorrelatorConfig(Map.of(CorrelatorConfig.INGEST_PATH, CorrelatorConfig.PATH_TWO_HOP));

        // When
        final KeyedPath.Choice choice = KeyedPath.choose(twoHop, Map.of("raw.events", 4, "mta.events", 4));

        // Then
        assertThat(choice.config().getString(CorrelatorConfig.INGEST_PATH)).isEqualTo(CorrelatorConfig.PATH_TWO_HOP);
        assertThat(choice.fallback()).isEmpty();
    }
}
