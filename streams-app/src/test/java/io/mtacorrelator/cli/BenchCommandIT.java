package io.mtacorrelator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench command end to end on a tiny estate (every phase, the embedded broker): it finishes, prints its last line
 * in the fixed form and writes every section of the results file. No measured figure is asserted.
 */
class BenchCommandIT {

    private static final String LAST_LINE = "bench: correlator/pass-through=\\d+\\.\\d{3} correlator=\\d+/s pass-through=\\d+/s "
            + "parse-only=\\d+/s p99=-?\\d+ms state=\\d+B/connection found=\\d+/\\d+ unplanted=\\d+";

    @Test
    void aTinyBenchRunsEveryPhaseAndReportsInTheFixedForm(@TempDir final Path dir) throws Exception {
        // Given a tiny estate: 3 MTAs x 2 connections, 9 records per 15 s tick, 2,700 records (75 min of event time)
        final Path results = dir.resolve("results.json");
        // When the bench runs it
        final CliHarness run = CliHarness.run("bench", "--records", "2700", "--mtas", "3", "--connections", "2",
                "--partitions", "2", "--rate", "2000", "--latency-seconds", "1", "--results", results.toString(),
                "--profile", dir.resolve("c.jfr").toString());
        // Then it succeeds, and its last stdout line has the fixed form
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> lines = run.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches(LAST_LINE);
        // And the results file has every section the BENCHMARKS.md generator reads
        final JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertThat(json.path("kind").asText()).isEqualTo("bench");
        assertThat(json.path("workload").path("records").asLong()).isEqualTo(2700);
        for (final String path : List.of("/throughput/passThrough/recordsPerSecond", "/throughput/parseOnly/recordsPerSecond",
                "/throughput/correlator/recordsPerSecond", "/reprocessAfterReset/recordsPerSecond", "/replay/recordsPerSecond",
                "/latency/p99Ms", "/state/diskBytesPerConnection", "/state/changelogBytesPerConnection", "/planted/byArticle",
                "/profile/self", "/machine/cores")) {
            assertThat(json.at(path).isMissingNode()).as(path).isFalse();
        }
        assertThat(json.at("/state/connections").asLong()).isEqualTo(3 * 2);
    }

    @Test
    void badArgumentsAreOneLineBeforeAnythingStarts() {
        // When the bench is given an impossible workload
        final CliHarness run = CliHarness.run("bench", "--records", "0");
        // Then it says so in one line and exits 2
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("bench: --records must be at least 1 (see --help)");
        assertThat(run.out()).isEmpty();
    }
}
