package io.mtacorrelator.diagnosis;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.render.IncidentText;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A counter that was not shipped is unknown, not zero. */
class UnshippedCountersTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    /** Queue lengths of an ordinary burst of mail: it arrives over three minutes and drains as it is sent. */
    private static final int[] BURST = {2, 9, 14, 17, 11, 5, 1};

    private static List<Incident> of(final List<Incident> incidents, final String remote) {
        return incidents.stream().filter(i -> remote.equals(i.getRemoteMta())).toList();
    }

    @Test
    void burstsOfMailWithAnOccasionalCancelOnAConnectionWithoutASentCounterAreNoQ181721() {
        // Given: EXCH1's counters ship only Queue Length and Associations. Towards EXCH2, three hours of
        // ordinary traffic with a burst every 30 minutes and an MtaBind cancel a few minutes before each
        // burst; towards EXCH3 (the positive control), the article's episode from minute 20
        final Scenario s = new Scenario(MORNING).withoutSentCounter("EXCH1", "EXCH2").withoutSentCounter("EXCH1", "EXCH3");
        for (int m = 0; m < 180; m++) {
            final int inBurst = m % 30 - 10;
            final int queue = inBurst >= 0 && inBurst < BURST.length ? BURST[inBurst] : m % 3;
            s.connection(s.at(m), "EXCH1", "EXCH2", queue, 1, 0);
            if (m % 30 == 5) {
                s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
            }
        }
        final int thresholdMinute = s.q181721Episode("EXCH1", "EXCH3", 20, 80, 50);

        // When
        final List<Incident> incidents = PlainCorrelation.run(s.lines());

        // Then: the real episode is found, before the threshold, saying what it could not see and no more than
        // MEDIUM sure
        final List<Incident> episode = of(incidents, "EXCH3");
        assertThat(episode).isNotEmpty().extracting(Incident::getKb).containsOnly("Q181721");
        assertThat(episode.get(0).getDetectedAt()).isBefore(s.at(thresholdMinute));
        assertThat(episode).extracting(i -> i.getEvidence().getSentCounter()).containsOnly("not shipped");
        assertThat(episode).extracting(Incident::getConfidence).doesNotContain(Confidence.HIGH).contains(Confidence.MEDIUM);
        assertThat(IncidentText.render(episode.get(0))).contains("sent during growth unknown (sent counter not shipped)");
        assertThat(IncidentJson.toNode(episode.get(0)).at("/evidence/sentCounter").asText()).isEqualTo("not shipped");
        assertThat(episode.get(episode.size() - 1).getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        // and no burst is taken for a stuck queue
        assertThat(of(incidents, "EXCH2")).as("incidents on EXCH1 -> EXCH2").extracting(PlainCorrelation::brief).isEmpty();
    }

    /**
     * EXCH1 → EXCH2 stuck from minute 10 (one message a minute); the MTA restarts at 12:50, before the growth
     * suffices for a diagnosis, and its totals count from zero again.
     */
    private static Scenario restartMidGrowth(final boolean restartEventShipped) {
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 5000);
        int queue = 1;
        for (int m = 10; m < 40; m++) {
            queue++;
            s.connection(s.at(m), "EXCH1", "EXCH2", queue, 1, m < 13 ? total : 0);
            if (m % 2 == 0) {
                s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
            }
            if (m % 6 == 1) {
                s.event(ShipperRecords.rpcNoData(s.at(m, 30), "EXCH1", 53, 1727), s.at(m, 30));
            }
        }
        if (restartEventShipped) {
            s.event(ShipperRecords.mtaStarted(s.at(12, 50), "EXCH1"), s.at(12, 50));
        }
        return s;
    }

    @Test
    void aTotalThatGoesBackwardsIsARestartEvenWhenTheRestartEventWasNotShipped() {
        // Given: the same restart mid-growth, once with its 9298 shipped and once without (only the totals show it)
        final List<Incident> withEvent = PlainCorrelation.run(restartMidGrowth(true).lines());

        // When
        final List<Incident> countersOnly = PlainCorrelation.run(restartMidGrowth(false).lines());

        // Then: the growth run begins after the restart either way, so the incidents are the same
        assertThat(withEvent).isNotEmpty();
        // the first sample after the restart (minute 13, queue 1 + 13 - 9) is where the growth run begins
        assertThat(withEvent.get(0).getEvidence().getQueueAtStart()).isEqualTo(1 + 13 - 9);
        assertThat(countersOnly).extracting(PlainCorrelation::brief).isEqualTo(withEvent.stream().map(PlainCorrelation::brief).toList());
        assertThat(countersOnly).isEqualTo(withEvent);
    }
}
