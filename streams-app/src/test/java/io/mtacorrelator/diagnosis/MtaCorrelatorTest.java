package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.MtaEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The correlation of one MTA as plain objects: no Kafka, no serdes. */
class MtaCorrelatorTest {

    private static final Instant T0 = Instant.parse("1999-03-01T08:00:00Z");

    private static CounterSample sample(final int minute, final int queue, final int associations, final double total) {
        return CounterSample.newBuilder().setMta("EXCH1").setTimestamp(T0.plusSeconds(60L * minute))
                .setObjectName("MSExchangeMTA Connections").setInstance("EXCH2")
                .setCounters(Map.of("Queue Length", (double) queue, "Associations", (double) associations,
                        "Outbound Messages Total", total))
                .setShipper("test").build();
    }

    private static MtaEvent cancel(final int minute) {
        return MtaEvent.newBuilder().setMta("EXCH1").setTimestamp(T0.plusSeconds(60L * minute + 20)).setEventId(9277)
                .setProvider("MSExchangeMTA").setEventName("RPC_CANCEL").setMessage("").setOperation("MtaBind")
                .setLtabIndex(53).setShipper("test").build();
    }

    @Test
    void signalsWaitForTheGraceAndAreThenEvaluatedInEventTimeOrder() {
        // Given: a correlator with a 2-minute grace and a queue growing over an open association
        final MtaCorrelator correlator = new MtaCorrelator(DiagnosisSettings.defaults());
        final MtaState state = new MtaState("EXCH1");
        final List<Incident> out = new ArrayList<>();

        // When: the samples come first, the cancel that makes the diagnosis arrives a minute late
        out.addAll(correlator.onSample(state, sample(0, 1, 1, 100)).incidents());
        out.addAll(correlator.onSample(state, sample(1, 3, 1, 100)).incidents());
        out.addAll(correlator.onSample(state, sample(2, 5, 1, 100)).incidents());
        out.addAll(correlator.onSample(state, sample(3, 7, 1, 100)).incidents());
        out.addAll(correlator.onEvent(state, cancel(2)).incidents());
        assertThat(out).as("still within the grace").isEmpty();
        out.addAll(correlator.onSample(state, sample(4, 9, 1, 100)).incidents());
        out.addAll(correlator.onSample(state, sample(5, 11, 1, 100)).incidents());
        assertThat(out).as("minute 3 is not yet more than the grace behind minute 5").isEmpty();
        out.addAll(correlator.onSample(state, sample(6, 13, 1, 100)).incidents());

        // Then: decided at minute 3, the first sample at which all the evidence existed
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(out.get(0).getDetectedAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(state.grace.size()).isEqualTo(3);
    }

    @Test
    void aSignalBehindTheHorizonIsLateAndChangesNothing() {
        // Given
        final MtaCorrelator correlator = new MtaCorrelator(DiagnosisSettings.defaults());
        final MtaState state = new MtaState("EXCH1");
        correlator.onSample(state, sample(0, 1, 1, 100));
        correlator.onSample(state, sample(10, 1, 1, 200));

        // When: a sample of minute 5 after stream time reached minute 10 (horizon: just before minute 8)
        final MtaCorrelator.Outcome outcome = correlator.onSample(state, sample(5, 40, 1, 100));

        // Then
        assertThat(outcome.late()).isTrue();
        assertThat(outcome.latenessMs()).isEqualTo(3 * 60_000L - 1);
        assertThat(state.grace.signals()).extracting(Signal::time).doesNotContain(T0.plusSeconds(300).toEpochMilli());
    }

    @Test
    void aTotalThatGoesBackwardsAfterARestartIsNotTakenForSentMail() {
        // Given: two samples either side of a restart, the second total counting from zero again
        final QueuePoint before = new QueuePoint(0, 30, 1, 15_000d, null, null);
        final QueuePoint after = new QueuePoint(60_000, 31, 1, 0d, null, null);

        // When / Then: counted from zero after the restart, whether or not the restart event was seen
        assertThat(after.sentSince(before, true)).hasValue(0);
        assertThat(after.sentSince(before, false)).hasValue(0);
        assertThat(after.countersReset(before)).isTrue();
        assertThat(new QueuePoint(60_000, 31, 1, 7d, null, null).sentSince(before, true)).hasValue(7);
        assertThat(new QueuePoint(60_000, 31, 1, 15_004d, null, null).sentSince(before, false)).hasValue(4);
        assertThat(new QueuePoint(60_000, 31, 1, 15_004d, null, null).countersReset(before)).isFalse();
    }

    @Test
    void whatNoCounterShowsIsUnknownNotZero() {
        // Given: samples with only Queue Length and Associations, and samples with a send rate
        final QueuePoint bare = new QueuePoint(0, 30, 1, null, null, null);
        final QueuePoint bareLater = new QueuePoint(60_000, 31, 1, null, null, null);
        final QueuePoint idle = new QueuePoint(60_000, 31, 1, null, 0d, null);
        final QueuePoint sending = new QueuePoint(60_000, 31, 1, null, 0.5d, null);

        // When / Then: no counter, no number; a rate of zero is a seen zero
        assertThat(bareLater.sentSince(bare, false)).isEmpty();
        assertThat(bareLater.showsSends()).isFalse();
        assertThat(idle.sentSince(bare, false)).hasValue(0);
        assertThat(sending.sentSince(bare, false)).hasValue(30);
    }

    @Test
    void queueLevelsWorthAnUpdateAreBounded() {
        // Given / When / Then
        assertThat(Q181721Rule.level(10, 50)).isZero();
        assertThat(Q181721Rule.level(25, 50)).isEqualTo(1);
        assertThat(Q181721Rule.level(40, 50)).isEqualTo(2);
        assertThat(Q181721Rule.level(50, 50)).isEqualTo(3);
        assertThat(Q181721Rule.level(5_000, 50)).isEqualTo(3);
    }
}
