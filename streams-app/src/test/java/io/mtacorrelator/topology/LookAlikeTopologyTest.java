package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.diagnosis.DiagnosisSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The faults that look like Q181721 (DOMAIN.md, differential diagnosis): none gives a Q181721 incident; where
 * the evidence clearly fits, the incident names that article instead.
 */
class LookAlikeTopologyTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    private static List<Incident> correlate(final Scenario scenario) {
        try (TopologyHarness harness = new TopologyHarness()) {
            return harness.run(scenario.lines());
        }
    }

    @Test
    void remoteThatIsDownIsQ170056AndResolvesWhenItAnswers() {
        // Given: EXCH2 down from minute 10 to 40: no association, the queue grows, 9318/1722 and 9215/10061;
        // then it answers again and the queue drains
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.remoteDown("EXCH1", "EXCH2", 10, 40, total);
        s.healthy("EXCH1", "EXCH2", 40, 50, total);

        // When
        final List<Incident> incidents = correlate(s);

        // Then
        assertThat(incidents).noneMatch(i -> "Q181721".equals(i.getKb()));
        assertThat(incidents).extracting(Incident::getKb).containsOnly("Q170056");
        assertThat(incidents.get(0).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incidents.get(0).getRemoteMta()).isEqualTo("EXCH2");
        assertThat(incidents.get(0).getEvidence().getSymptomCounts()).containsKeys("9318/1722", "9215/10061");
        assertThat(incidents.get(0).getRemediation().getReferences()).extracting(r -> r.getId()).containsExactly("Q170056");
        final Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.getCloseReason()).isEqualTo(CloseReason.RECOVERED);
    }

    @Test
    void dynamicRasConnectorFailingAboveTheThresholdIsQ181513() {
        // Given: over a Dynamic RAS connector the queue passes 50, then 9316/1783 and RAS failures (1294)
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.stuck("EXCH1", "EXCH2", 10, 45, 1, total, 1);
        for (int m = 36; m < 45; m += 2) {
            s.event(ShipperRecords.rpcNoDataError(s.at(m, 10), "EXCH1", 53, 1783), s.at(m, 10));
            s.event(ShipperRecords.rasFailure(s.at(m, 11), "EXCH1"), s.at(m, 11));
        }

        // When
        final List<Incident> incidents = correlate(s);

        // Then
        assertThat(incidents).isNotEmpty().extracting(Incident::getKb).containsOnly("Q181513");
        assertThat(incidents.get(0).getEvidence().getSymptomCounts()).containsKeys("9316/1783", "1294");
    }

    @Test
    void accountValidationFailingOverRasIsQ228901NotARemoteThatIsDown() {
        // Given: Netlogon finds no domain controller, then binds fail with 1722 and 9316 carries error 0
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.event(ShipperRecords.netlogonNoDc(s.at(9, 30), "EXCH1"), s.at(9, 30));
        s.stuck("EXCH1", "EXCH2", 10, 30, 0, total, 1);
        for (int m = 10; m < 30; m += 3) {
            s.event(ShipperRecords.bindBackFailed(s.at(m, 5), "EXCH1", 12), s.at(m, 5));
            s.event(ShipperRecords.rpcNoDataError(s.at(m, 6), "EXCH1", 12, 0), s.at(m, 6));
        }

        // When
        final List<Incident> incidents = correlate(s);

        // Then
        assertThat(incidents).isNotEmpty().extracting(Incident::getKb).containsOnly("Q228901");
        assertThat(incidents.get(0).getEvidence().getSymptomCounts()).containsKeys("5719", "9322/1722", "9316/0");
    }

    @Test
    void floodOfRpcInactiveCancelsIsQ189494ForTheMta() {
        // Given: healthy mail flow, but a 9277 "RPC inactive" cancel every minute
        final Scenario s = new Scenario(MORNING);
        s.healthy("EXCH1", "EXCH2", 0, 50, 1000);
        for (int m = 5; m < 25; m++) {
            s.event(ShipperRecords.rpcCancel(s.at(m, 40), "EXCH1", 160, "RPC inactive"), s.at(m, 40));
        }

        // When
        final List<Incident> incidents = correlate(s);

        // Then: one MTA-wide incident that opens, and closes once the cancels stop
        assertThat(incidents).isNotEmpty().extracting(Incident::getKb).containsOnly("Q189494");
        assertThat(incidents).extracting(Incident::getRemoteMta).containsOnlyNulls();
        assertThat(incidents.get(incidents.size() - 1).getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    }

    /** RPC inactive cancels of EXCH1, each delivered {@code copies} times, one a minute from minute 5. */
    private static Scenario cancels(final int distinct, final int copies) {
        final Scenario s = new Scenario(MORNING);
        s.healthy("EXCH1", "EXCH2", 0, 30, 1000);
        for (int m = 5; m < 5 + distinct; m++) {
            final String cancel = ShipperRecords.rpcCancel(s.at(m, 40), "EXCH1", 160, "RPC inactive");
            for (int copy = 0; copy < copies; copy++) {
                s.event(cancel, s.at(m, 40));
            }
        }
        return s;
    }

    @Test
    void eventsRedeliveredByTheShipperAreNotCountedTwice() {
        // Given: half the flood count of RPC inactive cancels, each delivered twice (an at-least-once shipper
        // retrying); and, the positive control, the flood count of distinct cancels
        final int flood = DiagnosisSettings.defaults().floodCount();

        // When / Then: as many records as a flood, but half as many events: no flood
        assertThat(correlate(cancels(flood / 2, 2))).isEmpty();
        assertThat(correlate(cancels(flood, 1))).isNotEmpty().extracting(Incident::getKb).containsOnly("Q189494");
    }

    @Test
    void fewRpcInactiveCancelsAreNormal() {
        // Given: four cancels ten minutes apart; and, the positive control, the flood count of them a minute apart
        final Scenario s = new Scenario(MORNING);
        s.healthy("EXCH1", "EXCH2", 0, 40, 1000);
        for (int m = 5; m < 40; m += 10) {
            s.event(ShipperRecords.rpcCancel(s.at(m, 40), "EXCH1", 160, "RPC inactive"), s.at(m, 40));
        }

        // When / Then
        assertThat(correlate(s)).isEmpty();
        assertThat(correlate(cancels(DiagnosisSettings.defaults().floodCount(), 1))).extracting(Incident::getKb).contains("Q189494");
    }

    @Test
    void associationLimitUnderLoadIsQ194589NotQ181721() {
        // Given: a queue growing over an open association with MtaBind cancels, while the MTA logs event 57
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.event(ShipperRecords.associationLimit(s.at(9, 50), "EXCH1"), s.at(9, 50));
        s.stuck("EXCH1", "EXCH2", 10, 25, 1, total, 1);
        for (int m = 10; m < 25; m += 2) {
            s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
            s.event(ShipperRecords.associationLimit(s.at(m, 21), "EXCH1"), s.at(m, 21));
        }

        // When
        final List<Incident> incidents = correlate(s);

        // Then
        assertThat(incidents).isNotEmpty().noneMatch(i -> "Q181721".equals(i.getKb()));
        assertThat(incidents).extracting(Incident::getKb).contains("Q194589");
    }

    @Test
    void workQueueLengthClimbingAfterARestartIsQ157068NotQ181721() {
        // Given: the MTA restarts at minute 20; its Work Queue Length then climbs to hundreds while every
        // connection queue stays short and mail flows
        final Scenario s = new Scenario(MORNING);
        s.healthy("EXCH1", "EXCH2", 0, 40, 1000);
        s.event(ShipperRecords.mtaStarted(s.at(20), "EXCH1"), s.at(20));
        for (int m = 0; m < 40; m++) {
            final int wql = m < 20 ? 2 : 30 * (m - 19);
            s.sample(ShipperRecords.mtaSample(s.at(m), "EXCH1", wql), s.at(m));
        }

        // When
        final List<Incident> incidents = correlate(s);

        // Then
        assertThat(incidents).isNotEmpty().extracting(Incident::getKb).containsOnly("Q157068");
        assertThat(incidents.get(0).getSeverity().name()).isEqualTo("LOW");
    }
}
