package io.mtacorrelator.topology;

import io.mtacorrelator.RecordMutator;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.ingest.RecordParser;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Ten thousand damaged records through the parsers and through the whole topology: nothing escapes as an
 * exception, and every record is accounted for: read = parsed + ignored + dead-lettered, with as many
 * dead-lettered as the damage done says (counted from the damage, not from the parser's answers).
 */
class IngestFuzzTest {

    private static final int RECORDS = 10_000;
    private static final long SEED = 181_721L;

    private static List<String> seeds() {
        final Scenario scenario = new Scenario(Instant.parse("1999-03-01T08:00:00Z"));
        scenario.q181721Episode("EXCH1", "EXCH2", 5, 40, 50);
        return scenario.lines().stream().map(Scenario.Line::json).toList();
    }

    @Test
    void theParserReturnsAnOutcomeForEveryDamagedRecord() {
        // Given
        final RecordMutator mutator = new RecordMutator(SEED, seeds());
        final RecordParser parser = new RecordParser();

        // When / Then
        for (int i = 0; i < RECORDS; i++) {
            final byte[] record = mutator.next();
            final int n = i;
            assertThatCode(() -> assertThat(parser.parse(record)).as("record %d", n).isNotNull()).doesNotThrowAnyException();
        }
    }

    @Test
    void theTopologyAccountsForEveryDamagedRecord() {
        // Given: damage whose verdict the mutator knows from the damage itself (cut short, not UTF-8, two records in
        // one, oversized, no plausible event time), mixed with intact records
        final RecordMutator mutator = new RecordMutator(SEED + 1, seeds());
        long expectedDeadLetters = 0;

        try (TopologyHarness harness = new TopologyHarness()) {
            // When: piped in stream-time order one second apart, alternating raw topics
            final long start = Instant.parse("1999-03-01T08:00:00Z").toEpochMilli();
            for (int i = 0; i < RECORDS; i++) {
                final RecordMutator.Mutation mutation = mutator.nextWithVerdict();
                expectedDeadLetters += mutation.unreadable() ? 1 : 0;
                harness.pipeRaw(i % 2 == 0 ? Scenario.EVENTLOG_TOPIC : Scenario.COUNTERS_TOPIC, mutation.bytes(), start + i * 1000L);
            }

            // Then
            final Map<String, Double> totals = ingestTotals(harness.driver.metrics());
            final double read = totals.get(IngestMetrics.READ);
            assertThat(read).isEqualTo(RECORDS);
            assertThat(totals.get(IngestMetrics.PARSED) + totals.get(IngestMetrics.IGNORED) + totals.get(IngestMetrics.DEAD_LETTERED))
                    .isEqualTo(read);
            assertThat(totals.get(IngestMetrics.DEAD_LETTERED)).isEqualTo((double) expectedDeadLetters).isGreaterThan(RECORDS / 10d);
            assertThat(totals.get(IngestMetrics.PARSED) + totals.get(IngestMetrics.IGNORED)).isEqualTo(RECORDS - (double) expectedDeadLetters);
            // the dead-letter topic holds the unreadable records, and the signals too late to use, each with its reason
            final var deadLetters = harness.deadLetters();
            assertThat(deadLetters).allSatisfy(d -> assertThat(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.REASON)).isNotBlank());
            final long late = deadLetters.stream()
                    .filter(d -> "correlator".equals(DeadLetterHeaders.get(d.headers(), DeadLetterHeaders.PARSER))).count();
            assertThat(deadLetters.size() - late).isEqualTo(expectedDeadLetters);
            assertThat((double) late).isEqualTo(totals.getOrDefault(IngestMetrics.LATE, 0d));
            // the mutations leave enough intact records for the parsed path to be exercised too
            assertThat(totals.get(IngestMetrics.PARSED)).isGreaterThan(RECORDS / 10d);
        }
    }

    static Map<String, Double> ingestTotals(final Map<MetricName, ? extends Metric> metrics) {
        final Map<String, Double> totals = new java.util.HashMap<>();
        metrics.forEach((name, metric) -> {
            if (IngestMetrics.GROUP.equals(name.group()) && name.name().endsWith("-total")) {
                totals.merge(name.name().replace("-total", ""), ((Number) metric.metricValue()).doubleValue(), Double::sum);
            }
        });
        return totals;
    }
}
