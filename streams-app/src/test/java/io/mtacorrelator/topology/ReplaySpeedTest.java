package io.mtacorrelator.topology;

import io.mtacorrelator.ArrivalScenario;
import io.mtacorrelator.ReplayResult;
import io.mtacorrelator.avro.Incident;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall clock never decides what is late: the same deliveries replayed slower than real time, in real time
 * and faster give the same incidents, and a record within the grace is used at every speed.
 */
class ReplaySpeedTest {

    /**
     * Pipes the records in arrival order, moving the wall clock by the arrival gap divided by {@code speed}
     * (0: not at all, as fast as possible), with the default grace and idle flush.
     */
    private static ReplayResult replay(final List<ArrivalScenario.Arrival> arrivals, final double speed) {
        try (TopologyHarness harness = new TopologyHarness()) {
            Instant previous = arrivals.get(0).arrival();
            for (final ArrivalScenario.Arrival a : arrivals) {
                if (speed > 0) {
                    harness.driver.advanceWallClockTime(Duration.ofMillis(Math.round(
                            Duration.between(previous, a.arrival()).toMillis() / speed)));
                }
                previous = a.arrival();
                harness.pipeRaw(a.line().topic(), a.line().json().getBytes(StandardCharsets.UTF_8), a.line().time().toEpochMilli());
            }
            final List<Incident> incidents = harness.endOfInput(previous.toEpochMilli()).incidents();
            return ReplayResult.of(incidents, harness.deadLetters().size());
        }
    }

    @Test
    void halfRealTimeRealTimeAndFullSpeedGiveTheSameIncidents() {
        // Given: the episode as Telegraf and a lagging Winlogbeat deliver it, with a quiet spell of almost five
        // minutes (the idle flush's default) before an event still within the grace arrives
        final List<ArrivalScenario.Arrival> arrivals = ArrivalScenario.arrivals();

        // When
        final ReplayResult fullSpeed = replay(arrivals, 0);
        final ReplayResult realTime = replay(arrivals, 1);
        final ReplayResult halfSpeed = replay(arrivals, 0.5);

        // Then: one incident whose evidence includes the delayed 9316, nothing set aside, identical at every speed
        assertThat(fullSpeed.incidents()).hasSize(1);
        assertThat(fullSpeed.incidents().values().iterator().next()).extracting(i -> i.getEvidence().getSymptoms())
                .anySatisfy(symptoms -> assertThat(symptoms).anySatisfy(
                        s -> assertThat(s.getTimestamp()).isEqualTo(ArrivalScenario.DELAYED_EVENT)));
        assertThat(fullSpeed.deadLetters()).isZero();
        assertThat(realTime.summary()).as("in real time").isEqualTo(fullSpeed.summary());
        assertThat(halfSpeed.summary()).as("at half real time").isEqualTo(fullSpeed.summary());
        assertThat(realTime).isEqualTo(fullSpeed);
        assertThat(halfSpeed).isEqualTo(fullSpeed);
    }
}
