package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.diagnosis.DiagnosisSettings;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time everywhere: the same records give the same incidents in order, reordered within the grace, or
 * replayed ten times faster; records later than the grace are counted and set aside, not used.
 */
class EventTimeDeterminismTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    /** Two MTAs: EXCH1 with the article's episode and a healthy connection, EXCH4 whose remote goes down. */
    private static List<Scenario.Line> scenario() {
        final Scenario s = new Scenario(MORNING);
        s.q181721Episode("EXCH1", "EXCH2", 20, 80, 50);
        s.healthy("EXCH1", "EXCH3", 0, 80, 9000);
        final long total = s.healthy("EXCH4", "EXCH5", 0, 30, 100);
        s.stuck("EXCH4", "EXCH5", 30, 60, 0, total, 1);
        for (int m = 30; m < 60; m += 4) {
            s.event(ShipperRecords.bindFailed(s.at(m, 10), "EXCH4", 7), s.at(m, 10));
            s.event(ShipperRecords.socketRefused(s.at(m, 11), "EXCH4"), s.at(m, 11));
        }
        s.healthy("EXCH4", "EXCH5", 60, 80, total);
        return s.lines();
    }

    /** Pipes lines, moving the wall clock by the event-time gap divided by {@code speed}. */
    private static List<Incident> replay(final List<Scenario.Line> lines, final int speed) {
        try (TopologyHarness harness = new TopologyHarness()) {
            Instant previous = lines.get(0).time();
            for (final Scenario.Line line : lines) {
                final long gap = Math.max(0, Duration.between(previous, line.time()).toMillis());
                harness.driver.advanceWallClockTime(Duration.ofMillis(gap / speed));
                previous = line.time().isAfter(previous) ? line.time() : previous;
                harness.pipeRaw(line.topic(), line.json().getBytes(StandardCharsets.UTF_8), line.time().toEpochMilli());
            }
            return harness.endOfInput(previous.toEpochMilli()).incidents();
        }
    }

    /** Each incident's state changes in order, incidents by id: the stream a SIEM de-duplicates by id sees. */
    private static Map<String, List<Incident>> byIncident(final List<Incident> incidents) {
        final Map<String, List<Incident>> out = new LinkedHashMap<>();
        incidents.stream().sorted(Comparator.comparing(Incident::getIncidentId))
                .forEach(i -> out.computeIfAbsent(i.getIncidentId(), k -> new ArrayList<>()).add(i));
        return out;
    }

    /** Shuffles records within consecutive one-minute slices: none moves by more than a minute (grace: two). */
    private static List<Scenario.Line> shuffledWithinTheGrace(final List<Scenario.Line> lines, final long seed) {
        final Random random = new Random(seed);
        final List<Scenario.Line> out = new ArrayList<>();
        List<Scenario.Line> slice = new ArrayList<>();
        Instant sliceStart = lines.get(0).time();
        for (final Scenario.Line line : lines) {
            if (!line.time().isBefore(sliceStart.plusSeconds(60))) {
                Collections.shuffle(slice, random);
                out.addAll(slice);
                slice = new ArrayList<>();
                sliceStart = line.time();
            }
            slice.add(line);
        }
        Collections.shuffle(slice, random);
        out.addAll(slice);
        return out;
    }

    @Test
    void inOrderShuffledWithinTheGraceAndTenTimesFasterGiveTheSameIncidents() {
        // Given
        final List<Scenario.Line> lines = scenario();
        final List<Scenario.Line> shuffled = shuffledWithinTheGrace(lines, 42);
        assertThat(shuffled).isNotEqualTo(lines);

        // When
        final Map<String, List<Incident>> inOrder = byIncident(replay(lines, 1));
        final Map<String, List<Incident>> reordered = byIncident(replay(shuffled, 1));
        final Map<String, List<Incident>> faster = byIncident(replay(lines, 10));

        // Then: the same incidents, ids, statuses and every field
        assertThat(inOrder).hasSize(2);
        assertThat(inOrder.values()).flatExtracting(l -> l).extracting(Incident::getKb).contains("Q181721", "Q170056");
        assertThat(reordered).isEqualTo(inOrder);
        assertThat(faster).isEqualTo(inOrder);
    }

    @Test
    void aRecordLaterThanTheGraceIsCountedAndSetAsideNotUsed() {
        // Given: the scenario, plus a sample of EXCH1 -> EXCH2 that turns up 10 minutes after its time
        final List<Scenario.Line> lines = new ArrayList<>(scenario());
        final Instant lateTime = MORNING.plus(Duration.ofMinutes(40));
        final String lateSample = ShipperRecords.connectionSample(lateTime, "EXCH1", "EXCH2", 0, 3, 999_999);
        final int at = (int) lines.stream().filter(l -> l.time().isBefore(lateTime.plus(Duration.ofMinutes(10)))).count();
        lines.add(at, new Scenario.Line(Scenario.COUNTERS_TOPIC, lateTime, lateSample));

        // When
        final List<Incident> withLate;
        final List<TestRecord<byte[], byte[]>> deadLetters;
        final double lateCount;
        try (TopologyHarness harness = new TopologyHarness()) {
            withLate = harness.run(lines);
            deadLetters = harness.deadLetters();
            lateCount = harness.driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals(IngestMetrics.GROUP) && e.getKey().name().equals(IngestMetrics.LATE + "-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        }

        // Then: the incidents are those of the scenario without it; it is counted and set aside with the reason
        assertThat(byIncident(withLate)).isEqualTo(byIncident(replay(scenario(), 1)));
        assertThat(lateCount).isEqualTo(1d);
        assertThat(deadLetters).hasSize(1);
        // EXCH1's horizon stands one millisecond behind its newest event time seen so far less the grace; the sample
        // is that far behind it
        final long grace = DiagnosisSettings.defaults().graceMs();
        final Instant newestOfExch1 = lines.subList(0, at).stream().filter(l -> l.json().contains("EXCH1"))
                .map(Scenario.Line::time).max(Comparator.naturalOrder()).orElseThrow();
        final long lateBy = newestOfExch1.toEpochMilli() - grace - 1 - lateTime.toEpochMilli();
        assertThat(lateBy).isPositive();
        assertThat(DeadLetterHeaders.get(deadLetters.get(0).headers(), DeadLetterHeaders.REASON))
                .isEqualTo("late: " + lateBy + " ms behind the evaluation horizon of EXCH1 (grace " + grace + " ms); not used");
        assertThat(DeadLetterHeaders.get(deadLetters.get(0).headers(), CorrelationProcessor.LATE_BY_MS)).isEqualTo(String.valueOf(lateBy));
        // The MTA is correlated in the task that parsed the sample, so the dead letter points at the shipper's record
        assertThat(DeadLetterHeaders.get(deadLetters.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Scenario.COUNTERS_TOPIC);
        assertThat(deadLetters.get(0).value()).isEqualTo(lateSample.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordsDelayedByExactlyTheGraceAreStillUsedInOrder() {
        // Given: the article's episode with every event on a whole minute, the same instant as a sample
        final Scenario s = new Scenario(MORNING);
        final long total = s.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        s.stuck("EXCH1", "EXCH2", 10, 40, 1, total, 1);
        for (int m = 10; m < 40; m++) {
            s.event(ShipperRecords.rpcCancel(s.at(m), "EXCH1", 53, "MtaBind"), s.at(m));
            if (m % 4 == 0) {
                s.event(ShipperRecords.rpcNoData(s.at(m), "EXCH1", 53, 1727), s.at(m));
            }
        }
        final List<Scenario.Line> inOrder = s.lines();
        final Map<String, List<Incident>> expected = byIncident(replay(inOrder, 1));
        assertThat(expected).isNotEmpty();

        for (long seed = 1; seed <= 20; seed++) {
            // When: each record arrives either on time or exactly one grace (2 minutes) late
            final Random random = new Random(seed);
            final List<Scenario.Line> arrival = new ArrayList<>(inOrder);
            final Map<Scenario.Line, Long> due = new java.util.IdentityHashMap<>();
            arrival.forEach(l -> due.put(l, l.time().toEpochMilli() + (random.nextBoolean() ? 120_000 : 0)));
            arrival.sort(Comparator.comparing(due::get));
            final List<Incident> incidents;
            try (TopologyHarness harness = new TopologyHarness()) {
                incidents = harness.run(arrival);
            }

            // Then: the same incidents, and nothing was late
            assertThat(byIncident(incidents)).as("seed %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void theGraceAndTheHistoryKeptDoNotChangeTheIncidents() {
        // Given: three idle hours (queue 0, nothing to send) with one stray 9316 at 05:30, then from 08:00 the
        // queue grows over an open association with a cancel during MtaBind at 08:10
        final Scenario s = new Scenario(Instant.parse("1999-03-01T05:00:00Z"));
        for (int m = 0; m < 180; m++) {
            s.sample(ShipperRecords.connectionSample(s.at(m), "EXCH1", "EXCH2", 0, 1, 500), s.at(m));
        }
        s.event(ShipperRecords.rpcNoData(s.at(30), "EXCH1", 53, 1727), s.at(30));
        for (int m = 180; m < 200; m++) {
            s.sample(ShipperRecords.connectionSample(s.at(m), "EXCH1", "EXCH2", m - 179, 1, 500), s.at(m));
        }
        s.event(ShipperRecords.rpcCancel(s.at(190), "EXCH1", 53, "MtaBind"), s.at(190));

        // When: evaluated live (2-minute grace) and as correlate does (everything at the end of the input)
        final List<Incident> live;
        final List<Incident> atTheEnd;
        try (TopologyHarness harness = new TopologyHarness()) {
            live = harness.run(s.lines());
        }
        try (TopologyHarness harness = new TopologyHarness(Map.of(CorrelatorConfig.GRACE_MS, "-1"))) {
            atTheEnd = harness.run(s.lines());
        }

        // Then: the same incident, starting where the growth started, resting on the cancel, not the old 9316
        assertThat(byIncident(atTheEnd)).isEqualTo(byIncident(live));
        assertThat(live).isNotEmpty();
        assertThat(live.get(0).getFirstSeen()).isEqualTo(Instant.parse("1999-03-01T07:59:00Z"));
        assertThat(live.get(0).getEvidence().getSymptomCounts()).containsOnlyKeys("9277/MtaBind");
    }
}
