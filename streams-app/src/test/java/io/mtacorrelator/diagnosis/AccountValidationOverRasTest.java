package io.mtacorrelator.diagnosis;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Q228901 (account validation over a RAS link) names a connection whose queue is stuck while the MTA logs the
 * article's events. Those events carry no remote MTA, so they stand beside every connection of the MTA: a quiet
 * connection that sent nothing for a few samples while its queue crept up by a message or two is not stuck.
 */
class AccountValidationOverRasTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    private static final DiagnosisSettings SETTINGS = DiagnosisSettings.defaults();

    @Test
    void aQuietConnectionBesideTheStuckOneIsNotDiagnosedWithIt() {
        // Given: EXCH1 -> EXCH2 healthy until minute 10, then stuck (the queue grows by two a minute, nothing sent) with
        // Netlogon 5719, 9322/1722 and 9316/0 logged from minute 10
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.stuck("EXCH1", "EXCH2", 10, 30, 1, total, 1);
        s.event(ShipperRecords.netlogonNoDc(s.at(10, 5), "EXCH1"), s.at(10, 5));
        for (int m = 10; m < 30; m += 2) {
            s.event(ShipperRecords.bindBackFailed(s.at(m, 20), "EXCH1", 60), s.at(m, 20));
            s.event(ShipperRecords.rpcNoDataError(s.at(m, 40), "EXCH1", 60, 0), s.at(m, 40));
        }
        // And EXCH1 -> EXCH3, a quiet connection: nothing sent at minutes 14-16 while its queue creeps 0, 1, 1, 2, then
        // delivered; healthy before and after
        long quiet = s.healthy("EXCH1", "EXCH3", 0, 14, 500);
        final int[] creeping = {0, 1, 1, 2};
        for (int i = 0; i < creeping.length; i++) {
            s.connection(s.at(14 + i), "EXCH1", "EXCH3", creeping[i], 1, quiet);
        }
        quiet += 2;
        s.healthy("EXCH1", "EXCH3", 18, 30, quiet);

        // When correlated
        final List<Incident> incidents = PlainCorrelation.run(s.lines());

        // Then Q228901 is reported for the stuck connection (positive control), and for it alone
        final List<Incident> opened = incidents.stream().filter(i -> i.getStatus() == IncidentStatus.OPEN).toList();
        assertThat(opened).extracting(Incident::getKb).contains("Q228901");
        assertThat(opened).filteredOn(i -> "Q228901".equals(i.getKb())).extracting(Incident::getRemoteMta).containsOnly("EXCH2");
        assertThat(incidents).extracting(Incident::getRemoteMta).doesNotContain("EXCH3");
        // 2 messages gained over the quiet stretch: below the growth the rules require of a stuck queue
        assertThat(creeping[creeping.length - 1] - creeping[0]).isLessThan(SETTINGS.minQueueGrowth());
    }
}
