package io.mtacorrelator.runtime;

import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings of a finite run ({@code correlate}, {@code demo}): a run that evaluates only at the end of its input
 * does not pay the topology's wait for a quiet merged topic; a run given a grace of its own keeps it.
 */
class FiniteRunPropertiesTest {

    private static final Path STATE = Path.of("/tmp/state-of-this-test");

    @Test
    void aRunThatEvaluatesAtTheEndOfItsInputDoesNotWaitForQuietTopics() {
        // Given no settings of the user's (the grace defaults to "at the end of the input")
        // When
        final Map<String, Object> props = FileCorrelation.finiteRunProperties(Map.of(), STATE);

        // Then
        assertThat(props).containsEntry(CorrelatorConfig.GRACE_MS, "-1")
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        // and the topology's Streams settings carry it over its own default
        assertThat(new CorrelatorConfig(props).streamsProperties())
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
    }

    @Test
    void aRunWithAGraceKeepsTheTopologysWaitForTheOtherMergedTopic() {
        // Given a grace of two minutes: records are evaluated as they come, so their order across topics matters
        final Map<String, Object> withGrace = Map.of(CorrelatorConfig.GRACE_MS, "120000");

        // When
        final Map<String, Object> props = FileCorrelation.finiteRunProperties(withGrace, STATE);

        // Then: no override of ours, the topology's wait applies (positive control: the default run above has one)
        assertThat(props).doesNotContainKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
        assertThat(new CorrelatorConfig(props).streamsProperties().getProperty(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
                .isNotEqualTo("0");
    }

    @Test
    void aWaitTheUserSetIsKept() {
        // Given
        final Map<String, Object> own = Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "500");

        // When
        final Map<String, Object> props = FileCorrelation.finiteRunProperties(own, STATE);

        // Then
        assertThat(props).containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "500");
    }
}
