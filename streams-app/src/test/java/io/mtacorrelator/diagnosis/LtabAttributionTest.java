package io.mtacorrelator.diagnosis;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events name a locality-table slot, not a remote MTA. Which remote a slot stands for is learnt from events that
 * name both, and the MTA rebuilds the table when it restarts: each event is judged by the table as it stood
 * when the event was logged, and the remote address an RPC cancel names identifies the remote across restarts.
 */
class LtabAttributionTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    private static final int RESTART_MINUTE = 20;

    @Test
    void eventsFromBeforeARestartKeepTheRemoteTheirSlotStoodForThen() {
        // Given: LTAB 53 is EXCH2's (a 9318 names it); EXCH2's queue is stuck from minute 10 with the article's
        // symptoms on LTAB 53; the MTA restarts at 20:50 and then gives slot 53 to EXCH3 (a 9318 names it), while
        // EXCH2's symptoms continue on slot 71; the queue reaches the threshold and drains
        final Scenario s = new Scenario(MORNING);
        s.event(ShipperRecords.bindFailedNamingRemote(s.at(5), "EXCH1", 53, "EXCH2"), s.at(5));
        s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.healthy("EXCH1", "EXCH3", 0, 50, 9000);
        s.event(ShipperRecords.mtaStarted(s.at(RESTART_MINUTE, 50), "EXCH1"), s.at(RESTART_MINUTE, 50));
        s.event(ShipperRecords.bindFailedNamingRemote(s.at(RESTART_MINUTE + 1, 30), "EXCH1", 53, "EXCH3"), s.at(RESTART_MINUTE + 1, 30));
        int queue = 1;
        long totalAfterRestart = 0;
        int cancels = 0;
        int noData = 0;
        boolean stuck = true;
        for (int m = 10; m < 45; m++) {
            stuck &= queue < 50;
            final int ltab = m <= RESTART_MINUTE ? 53 : 71;
            if (stuck && m % 2 == 1) {
                s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", ltab, "MtaBind"), s.at(m, 20));
                cancels++;
            }
            if (stuck && m % 6 == 2) {
                s.event(ShipperRecords.rpcNoData(s.at(m, 35), "EXCH1", ltab, 1727), s.at(m, 35));
                noData++;
            }
            queue = stuck ? queue + 2 : Math.max(1, queue - 17);
            totalAfterRestart += stuck ? 0 : 17;
            s.connection(s.at(m), "EXCH1", "EXCH2", queue, stuck ? 1 : 2, m <= RESTART_MINUTE ? 1000 : totalAfterRestart);
        }

        // When
        final List<Incident> incidents = PlainCorrelation.run(s.lines());

        // Then: one incident for EXCH2, named by its slot from the start, whose resolution still lists the symptoms
        // logged before the restart
        assertThat(incidents).isNotEmpty().extracting(Incident::getRemoteMta).containsOnly("EXCH2");
        final Incident resolved = incidents.get(incidents.size() - 1);
        assertThat(resolved.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.getConfidence()).isEqualTo(Confidence.HIGH);
        assertThat(resolved.getEvidence().getSymptomCounts()).containsEntry("9277/MtaBind", cancels).containsEntry("9316/1727", noData);
    }

    @Test
    void theRemoteAddressOfACancelIdentifiesTheRemoteAfterARestart() {
        // Given: before a restart, slot 53 is EXCH2's (a 9318 names it) and a cancel on slot 53 shows EXCH2 at
        // 10.1.2.20. After the restart both EXCH2's and EXCH3's queues grow over an open association with nothing
        // sent; the cancels are on a new slot, 71, but name 10.1.2.20
        final Scenario s = new Scenario(MORNING);
        s.event(ShipperRecords.bindFailedNamingRemote(s.at(1), "EXCH1", 53, "EXCH2"), s.at(1));
        s.event(ShipperRecords.rpcCancel(s.at(2), "EXCH1", 53, "MtaBind", 1, "10.1.2.20"), s.at(2));
        s.event(ShipperRecords.mtaStarted(s.at(5), "EXCH1"), s.at(5));
        for (final String remote : new String[] {"EXCH2", "EXCH3"}) {
            final long total = s.healthy("EXCH1", remote, 0, 30, 1000);
            s.stuck("EXCH1", remote, 30, 50, 1, total, 1);
        }
        for (int m = 30; m < 50; m += 2) {
            s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 71, "MtaBind", 1, "10.1.2.20"), s.at(m, 20));
            s.event(ShipperRecords.rpcNoData(s.at(m, 40), "EXCH1", 71, 1727), s.at(m, 40));
        }

        // When
        final List<Incident> incidents = PlainCorrelation.run(s.lines());

        // Then: the incident is EXCH2's, named, and EXCH3's growing queue is not blamed on EXCH2's symptoms
        assertThat(incidents).isNotEmpty().extracting(PlainCorrelation::brief).allMatch(b -> b.contains("-> EXCH2 "));
        assertThat(incidents.get(incidents.size() - 1).getConfidence()).isEqualTo(Confidence.HIGH);
    }
}
