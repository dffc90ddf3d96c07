package io.mtacorrelator.diagnosis;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incident's id comes from the episode alone: processing that starts at a later offset (retention dropped the
 * start of the topic, the state was wiped, a new consumer group) gives every episode it sees from its start the
 * same id, and so does any grace.
 */
class IncidentIdentityTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    /** Every this many records a run starts over from that offset. */
    private static final int CUT_STEP = 20;

    /**
     * Three hours of two MTAs with recurring faults: EXCH1 → EXCH2 the article's episode at 08:10 and again at
     * 09:10, EXCH1 a flood of RPC inactive cancels at 08:30 and again at 10:00 (Q189494), EXCH4's remote down at
     * 08:20 and again at 09:50 (Q170056); EXCH1 → EXCH3 healthy throughout.
     */
    static List<Scenario.Line> recurringFaults() {
        final List<Scenario.Line> lines = new ArrayList<>();
        for (final int hour : new int[] {0, 1}) {
            final Scenario s = new Scenario(MORNING.plus(Duration.ofHours(hour)));
            s.q181721Episode("EXCH1", "EXCH2", 10, 60, 50);
            lines.addAll(s.lines());
        }
        final Scenario s = new Scenario(MORNING);
        s.healthy("EXCH1", "EXCH3", 0, 180, 9000);
        for (final int floodAt : new int[] {30, 120}) {
            for (int m = floodAt; m < floodAt + 12; m++) {
                s.event(ShipperRecords.rpcCancel(s.at(m, 40), "EXCH1", 160, "RPC inactive"), s.at(m, 40));
            }
        }
        long total = 100;
        int from = 0;
        for (final int downAt : new int[] {20, 110}) {
            total = s.healthy("EXCH4", "EXCH5", from, downAt, total);
            s.stuck("EXCH4", "EXCH5", downAt, downAt + 20, 0, total, 1);
            for (int m = downAt; m < downAt + 20; m += 4) {
                s.event(ShipperRecords.bindFailed(s.at(m, 10), "EXCH4", 7), s.at(m, 10));
                s.event(ShipperRecords.socketRefused(s.at(m, 11), "EXCH4"), s.at(m, 11));
            }
            from = downAt + 20;
        }
        s.healthy("EXCH4", "EXCH5", from, 180, total);
        lines.addAll(s.lines());
        lines.sort(java.util.Comparator.comparing(Scenario.Line::time));
        return lines;
    }

    /** Each incident's state changes in order, by id. */
    private static Map<String, List<IncidentStatus>> statusesById(final List<Incident> incidents) {
        final Map<String, List<IncidentStatus>> out = new LinkedHashMap<>();
        incidents.forEach(i -> out.computeIfAbsent(i.getIncidentId(), k -> new ArrayList<>()).add(i.getStatus()));
        return out;
    }

    @Test
    void theSameEpisodeGetsTheSameIdWhateverOffsetProcessingStartsFrom() {
        // Given: the whole input processed once
        final List<Scenario.Line> lines = recurringFaults();
        final List<Incident> whole = PlainCorrelation.run(lines);
        assertThat(statusesById(whole)).as("episodes in the whole input").hasSize(6);

        int checked = 0;
        for (int cut = CUT_STEP; cut < lines.size(); cut += CUT_STEP) {
            // When: processing starts at a later offset
            final Instant cutTime = lines.get(cut).time();
            final Map<String, List<IncidentStatus>> fromCut = statusesById(PlainCorrelation.run(lines.subList(cut, lines.size())));

            // Then: every episode whose evidence begins after the cut has the same id and the same state changes
            for (final Incident opened : whole) {
                if (opened.getStatus() == IncidentStatus.OPEN && !opened.getFirstSeen().isBefore(cutTime)) {
                    assertThat(fromCut).as("cut at record %d (%s): %s", cut, cutTime, PlainCorrelation.brief(opened))
                            .containsEntry(opened.getIncidentId(), statusesById(whole).get(opened.getIncidentId()));
                    checked++;
                }
            }
        }
        assertThat(checked).as("episodes compared across cuts").isGreaterThan(lines.size() / CUT_STEP);
    }

    @Test
    void theGraceDoesNotChangeTheIds() {
        // Given
        final List<Scenario.Line> lines = recurringFaults();

        // When: evaluated live with a 2-minute grace, with a 10-minute grace, and only at the end of the input
        final Map<String, List<IncidentStatus>> live = statusesById(PlainCorrelation.run(lines));
        final Map<String, List<IncidentStatus>> slow = statusesById(
                new PlainCorrelation(DiagnosisSettings.defaults().withGrace(10 * 60_000L)).feed(lines).end());
        final Map<String, List<IncidentStatus>> atEnd = statusesById(
                new PlainCorrelation(DiagnosisSettings.defaults().withGrace(Long.MAX_VALUE)).feed(lines).end());

        // Then
        assertThat(live).hasSize(6);
        assertThat(slow).isEqualTo(live);
        assertThat(atEnd).isEqualTo(live);
    }
}
