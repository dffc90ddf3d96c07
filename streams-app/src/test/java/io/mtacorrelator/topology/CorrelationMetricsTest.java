package io.mtacorrelator.topology;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mtacorrelator.IncidentFigures;
import io.mtacorrelator.PrometheusText;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.operations.CorrelatorMeters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's metrics as /metrics shows them, after a scenario through the production topology: every figure
 * derived from what was fed in and what came out.
 */
class CorrelationMetricsTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    @Test
    void theCountersTheIncidentsAndTheHorizonAreThoseOfTheInput() {
        // Given: two faults (EXCH1 -> EXCH2 has the article's episode, EXCH4's remote is down), then one record of each
        // other outcome: a processor sample (ignored), broken JSON (dead-lettered), and a sample of EXCH1 from before
        // its horizon (parsed, then late)
        final Scenario s = Scenario.twoFaults(MORNING);
        final List<Scenario.Line> lines = s.lines();
        final long newest = lines.stream().mapToLong(l -> l.time().toEpochMilli()).max().orElseThrow();
        final String processor = ShipperRecords.connectionSample(s.at(71), "EXCH1", "EXCH2", 3, 1, 5000)
                .replace("MSExchangeMTA Connections", "Processor");
        final String late = ShipperRecords.connectionSample(s.at(1), "EXCH1", "EXCH9", 0, 1, 10);
        final long clock = newest + 3_600_000L;

        // When
        final List<Incident> incidents;
        final PrometheusText metrics;
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.pipe(lines)
                    .pipeRaw(Scenario.COUNTERS_TOPIC, processor.getBytes(StandardCharsets.UTF_8), s.at(71).toEpochMilli())
                    .pipeRaw(Scenario.EVENTLOG_TOPIC, "{\"not json".getBytes(StandardCharsets.UTF_8), s.at(71).toEpochMilli())
                    .pipeRaw(Scenario.COUNTERS_TOPIC, late.getBytes(StandardCharsets.UTF_8), s.at(1).toEpochMilli())
                    .endOfInput(newest);
            incidents = harness.incidents();
            final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new CorrelatorMeters(harness.driver::metrics, () -> clock).bindTo(registry);
            metrics = new PrometheusText(registry.scrape());
        }

        // Then: every record read once, and each counted as exactly one outcome
        assertThat(metrics.value("mta_records_read_total")).isEqualTo(lines.size() + 3);
        assertThat(metrics.value("mta_records_parsed_total")).isEqualTo(lines.size() + 1);
        assertThat(metrics.value("mta_records_ignored_total")).isEqualTo(1);
        assertThat(metrics.value("mta_records_dead_lettered_total")).isEqualTo(1);
        assertThat(metrics.value("mta_records_late_total")).isEqualTo(1);

        // and the incident changes by article and status are those on the incident topic
        assertThat(incidents).isNotEmpty();
        assertThat(metrics.of("mta_incident_changes_total")).isEqualTo(IncidentFigures.changesByArticleAndStatus(incidents));

        // and the open incidents are those whose last change is not RESOLVED, all on the one partition
        final long open = IncidentFigures.open(incidents);
        assertThat(metrics.of("mta_incidents_open")).isEqualTo(Map.of(Map.of("partition", "0"), (double) open));

        // and the input has ended, so the horizon is the newest event time fed: the lag is the clock's distance from it
        assertThat(metrics.of("mta_evaluation_horizon_lag_seconds"))
                .isEqualTo(Map.of(Map.of("partition", "0"), (clock - newest) / 1000.0));
    }
}
