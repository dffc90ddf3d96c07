package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OPEN, UPDATED only on material change, RESOLVED on recovery or staleness; recurrences are new incidents. */
class IncidentLifecycleTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    private static List<Incident> correlate(final Scenario scenario) {
        try (TopologyHarness harness = new TopologyHarness()) {
            return harness.run(scenario.lines());
        }
    }

    @Test
    void onlyTheStuckConnectionOfAnMtaWithSeveralGetsTheIncident() {
        // Given: EXCH1 sends to EXCH2 (stuck from minute 20), EXCH3 and EXCH4 (healthy); the RPC events name no remote
        final Scenario s = new Scenario(MORNING);
        s.q181721Episode("EXCH1", "EXCH2", 20, 70, 50);
        s.healthy("EXCH1", "EXCH3", 0, 70, 9000);
        s.healthy("EXCH1", "EXCH4", 0, 70, 4000);

        // When
        final List<Incident> incidents = correlate(s);

        // Then
        assertThat(incidents).isNotEmpty().extracting(Incident::getRemoteMta).containsOnly("EXCH2");
        assertThat(incidents).extracting(Incident::getKb).containsOnly("Q181721");
    }

    /** EXCH2's queue grows over an open association with the article's symptoms, all on LTAB 53. */
    private static Scenario symptomsOnLtab53(final boolean ltab53NamedAsExch3) {
        final Scenario s = new Scenario(MORNING);
        if (ltab53NamedAsExch3) {
            s.event(ShipperRecords.bindFailedNamingRemote(s.at(1), "EXCH1", 53, "EXCH3"), s.at(1));
        }
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.stuck("EXCH1", "EXCH2", 10, 30, 1, total, 1);
        s.healthy("EXCH1", "EXCH3", 0, 30, 9000);
        for (int m = 10; m < 30; m += 2) {
            s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
            s.event(ShipperRecords.rpcNoData(s.at(m, 30), "EXCH1", 53, 1727), s.at(m, 30));
        }
        return s;
    }

    @Test
    void rpcEventsWhoseLtabBelongsToAnotherRemoteDoNotSupportTheDiagnosis() {
        // Given: LTAB 53 is known to be EXCH3's (a 9318 named it) before the symptoms on it; the positive control:
        // the same without that 9318
        // When / Then
        assertThat(correlate(symptomsOnLtab53(true))).noneMatch(i -> "Q181721".equals(i.getKb()));
        assertThat(correlate(symptomsOnLtab53(false))).extracting(Incident::getKb).contains("Q181721");
    }

    @Test
    void aRestartForgetsWhichRemoteAnLtabIndexBelongedTo() {
        // Given: LTAB 53 was EXCH3's, then the MTA restarted (it rebuilds its locality table), and later
        // EXCH2's queue grows over an open association with the article's symptoms on LTAB 53
        final Scenario s = new Scenario(MORNING);
        s.event(ShipperRecords.bindFailedNamingRemote(s.at(1), "EXCH1", 53, "EXCH3"), s.at(1));
        s.event(ShipperRecords.mtaStarted(s.at(2), "EXCH1"), s.at(2));
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.stuck("EXCH1", "EXCH2", 10, 30, 1, total, 1);
        for (int m = 10; m < 30; m += 2) {
            s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
            s.event(ShipperRecords.rpcNoData(s.at(m, 30), "EXCH1", 53, 1727), s.at(m, 30));
        }

        // When / Then
        assertThat(correlate(s)).extracting(Incident::getKb).contains("Q181721");
    }

    @Test
    void aRestartMidEpisodeNeitherResolvesNorDuplicatesTheIncident() {
        // Given: the episode runs from minute 10; at minute 20 the MTA restarts (9298): Outbound Messages Total
        // starts again from 0, the queue stays stuck; at minute 40 delivery resumes for real
        final Scenario s = new Scenario(MORNING);
        long total = s.healthy("EXCH1", "EXCH2", 0, 10, 5000);
        int queue = 1;
        for (int m = 10; m < 50; m++) {
            final boolean restarted = m >= 20;
            if (m == 20) {
                s.event(ShipperRecords.mtaStarted(s.at(19, 50), "EXCH1"), s.at(19, 50));
                total = 0;
            }
            if (m < 40) {
                queue += 1;
                if (m % 2 == 0) {
                    s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
                }
                if (m % 5 == 1) {
                    s.event(ShipperRecords.rpcNoData(s.at(m, 30), "EXCH1", 53, 1727), s.at(m, 30));
                }
            } else {
                total += 10;
                queue = Math.max(0, queue - 10);
            }
            s.sample(ShipperRecords.connectionSample(s.at(m), "EXCH1", "EXCH2", queue, 1, restarted ? total : total), s.at(m));
        }

        // When
        final List<Incident> incidents = correlate(s);

        // Then: one incident, still open across the restart, resolved when mail really flows again
        assertThat(incidents).isNotEmpty().extracting(Incident::getIncidentId).containsOnly(incidents.get(0).getIncidentId());
        final Incident resolved = incidents.get(incidents.size() - 1);
        assertThat(resolved.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.getResolvedAt()).isAfterOrEqualTo(s.at(40));
        assertThat(incidents.stream().filter(i -> i.getStatus() == IncidentStatus.RESOLVED)).hasSize(1);
    }

    @Test
    void aQueueThatDrainsWithoutSendingEndsTheIncident() {
        // Given: the episode, then the queue empties with nothing sent (messages expired or rerouted)
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.stuck("EXCH1", "EXCH2", 10, 25, 1, total, 1);
        for (int m = 10; m < 25; m += 2) {
            s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
        }
        for (int m = 25; m < 40; m++) {
            s.sample(ShipperRecords.connectionSample(s.at(m), "EXCH1", "EXCH2", 0, 1, total), s.at(m));
        }

        // When
        final List<Incident> incidents = correlate(s);

        // Then
        final Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.getCloseReason()).isEqualTo(CloseReason.RECOVERED);
        assertThat(last.getResolvedAt()).isEqualTo(s.at(25));
        assertThat(last.getEvidence().getResolution()).startsWith("queue back to 0 without messages sent");
    }

    @Test
    void aRecurrenceAfterResolutionIsANewIncident() {
        // Given: two episodes on the same connection, an hour apart
        final Scenario s = new Scenario(MORNING);
        s.q181721Episode("EXCH1", "EXCH2", 10, 60, 50);
        final Scenario later = new Scenario(MORNING.plus(Duration.ofMinutes(60)));
        later.q181721Episode("EXCH1", "EXCH2", 10, 60, 50);
        final List<Scenario.Line> lines = new java.util.ArrayList<>(s.lines());
        lines.addAll(later.lines());

        // When
        final List<Incident> incidents;
        try (TopologyHarness harness = new TopologyHarness()) {
            incidents = harness.run(lines);
        }

        // Then
        final List<String> ids = incidents.stream().map(Incident::getIncidentId).distinct().toList();
        assertThat(ids).hasSize(2);
        for (final String id : ids) {
            final List<IncidentStatus> statuses = incidents.stream().filter(i -> i.getIncidentId().equals(id))
                    .map(Incident::getStatus).toList();
            assertThat(statuses).startsWith(IncidentStatus.OPEN).endsWith(IncidentStatus.RESOLVED);
        }
    }

    @Test
    void aLongEpisodeGivesABoundedNumberOfUpdatesAndResolvesAfterTheThreshold() {
        // Given: a site with a 500-message threshold; the queue grows by two a minute for over four hours,
        // with a cancel every two minutes and a 9316 every six
        final Scenario s = new Scenario(MORNING);
        final int thresholdMinute = s.q181721Episode("EXCH1", "EXCH2", 10, 300, 500);

        // When
        final List<Incident> incidents;
        try (TopologyHarness harness = new TopologyHarness(Map.of(CorrelatorConfig.ASSOCIATION_THRESHOLD, "500",
                CorrelatorConfig.STATE_RETENTION_MS, "600000"))) {
            incidents = harness.run(s.lines());
        }

        // Then: OPEN, a handful of UPDATEs (queue levels, evidence kinds), RESOLVED after the threshold
        assertThat(thresholdMinute).isGreaterThan(200);
        assertThat(incidents.get(0).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incidents.stream().filter(i -> i.getStatus() == IncidentStatus.UPDATED).count()).isBetween(1L, 6L);
        final Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.getCloseReason()).isEqualTo(CloseReason.RECOVERED);
        assertThat(last.getResolvedAt()).isAfter(s.at(thresholdMinute));
    }

    @Test
    void anIncidentClosesAsStaleWhenItsConnectionFallsSilentWhileTheMtaKeepsReporting() {
        // Given: the episode's counters stop at minute 30, the MTA's other connection reports for another hour
        final Scenario s = new Scenario(MORNING);
        s.q181721Episode("EXCH1", "EXCH2", 10, 30, 50);
        s.healthy("EXCH1", "EXCH3", 0, 90, 9000);

        // When
        final List<Incident> incidents = correlate(s);

        // Then: closed as stale 30 minutes (the default) after the last sample, in event time
        final Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.getRemoteMta()).isEqualTo("EXCH2");
        assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.getCloseReason()).isEqualTo(CloseReason.STALE);
        assertThat(last.getResolvedAt()).isEqualTo(s.at(59));
    }

    @Test
    void anIncidentClosesAsStaleWhenDataStopsAltogetherAndTheWallClockMakesNothingLate() {
        // Given: an episode, then nothing more from the MTA
        final Scenario s = new Scenario(MORNING);
        s.q181721Episode("EXCH1", "EXCH2", 10, 30, 50);

        try (TopologyHarness harness = new TopologyHarness()) {
            harness.pipe(s.lines());
            final List<Incident> before = harness.incidents();
            assertThat(before).isNotEmpty().allMatch(i -> i.getStatus() != IncidentStatus.RESOLVED);

            // When: the wall clock passes the stale timeout (30 min) with no record at all
            harness.driver.advanceWallClockTime(Duration.ofMinutes(31));

            // Then: the punctuator closes the incident as stale; what is within the grace keeps waiting
            final List<Incident> after = harness.incidents();
            assertThat(after).hasSize(1).extracting(Incident::getIncidentId).containsOnly(before.get(0).getIncidentId());
            final Incident closed = after.get(0);
            assertThat(closed.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(closed.getCloseReason()).isEqualTo(CloseReason.STALE);
            assertThat(closed.getEvidence().getResolution()).contains("nothing received from EXCH1");

            // And when: the MTA's data resumes where it stopped, the queue still growing
            final Scenario resumed = new Scenario(MORNING);
            final long totalWhenStuck = new Scenario(MORNING).healthy("EXCH1", "EXCH2", 0, 10, 5000);
            resumed.stuck("EXCH1", "EXCH2", 30, 40, 1, totalWhenStuck, 1 + 2 * (30 - 10));
            final List<Incident> reopened = harness.pipe(resumed.lines()).incidents();

            // Then: nothing was late (the records within the grace are used in order), and the fault still there
            // is a new incident
            assertThat(harness.deadLetters()).isEmpty();
            assertThat(reopened).isNotEmpty().first().satisfies(i -> {
                assertThat(i.getStatus()).isEqualTo(IncidentStatus.OPEN);
                assertThat(i.getIncidentId()).isNotEqualTo(closed.getIncidentId());
            });
        }
    }
}
