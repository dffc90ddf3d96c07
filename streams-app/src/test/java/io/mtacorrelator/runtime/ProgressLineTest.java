package io.mtacorrelator.runtime;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** correlate's progress line says where records wait, and never that 0 records are waiting. */
class ProgressLineTest {

    private static final TopicPartition RAW = new TopicPartition("mta.raw.eventlog", 0);
    private static final TopicPartition EVENTS = new TopicPartition("mta.events", 0);

    @Test
    void rawRecordsWaitingAreSaidToBeParsed() {
        // Given 3 raw records not yet committed; the normalised lag is not asked for then
        // When / Then
        assertThat(FileCorrelation.progressLine(Map.of(RAW, 3L), null)).isEqualTo("still parsing: 3 raw record(s) waiting");
    }

    @Test
    void onceTheRawTopicsAreDoneTheNormalisedRecordsWaitingAreSaidToBeCorrelated() {
        // Given no raw record waiting and 2 events
        // When / Then
        assertThat(FileCorrelation.progressLine(Map.of(RAW, 0L), Map.of(EVENTS, 2L)))
                .isEqualTo("still correlating: 2 event(s) and sample(s) waiting");
    }

    @Test
    void noLineSaysThatNothingIsWaitingInTheStageItNames() {
        // Given raw records still waiting although a normalised lag is known (positive control: the stage with records is named)
        final String line = FileCorrelation.progressLine(Map.of(RAW, 1L), Map.of(EVENTS, 0L));

        // Then
        assertThat(line).isEqualTo("still parsing: 1 raw record(s) waiting").doesNotContain("waiting: 0").doesNotContain(" 0 ");
        assertThat(FileCorrelation.progressLine(null, null)).isEqualTo("still starting: offsets not readable yet");
    }
}
