package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incidents of whole estates, pinned byte for byte (as their JSON rendering) against golden files recorded with
 * the engine as it was before a change: a change of the engine's speed or storage must not change a single incident.
 * Each MTA's incidents are compared in order; MTAs are independent, so their interleaving is not pinned.
 * <p>
 * To record the golden files again after an intended change of the diagnosis: {@code -Dgolden.update=true}, then
 * review the diff of src/test/resources/golden.
 */
class GoldenIncidentsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** Estates of the bench's generator with many planted faults, small enough for the test driver. */
    static Stream<Arguments> estates() {
        return Stream.of(
                // 12 MTAs x 4 connections: 60 records per 15 s tick; 24,000 records are 100 minutes of event time.
                Arguments.of("estate-seed1", EstateSpec.of(1, 12, 4, 24_000, 3.0), Map.of()),
                Arguments.of("estate-seed2", EstateSpec.of(2, 12, 4, 24_000, 3.0), Map.of()),
                // The same estate evaluated only at the end of the input: the incidents must be those of the grace.
                Arguments.of("estate-seed1", EstateSpec.of(1, 12, 4, 24_000, 3.0), Map.of(CorrelatorConfig.GRACE_MS, "-1")));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("estates")
    void anEstatesIncidentsAreTheGoldenOnes(final String name, final EstateSpec spec, final Map<String, String> overrides)
            throws IOException {
        // Given an estate's records, keyed by MTA on the two raw topics, at their event times
        final List<String> lines;
        try (TopologyHarness harness = new TopologyHarness(overrides)) {
            final long[] last = {0};
            new EstateGenerator(spec).generate(r -> {
                harness.pipeRaw(r.counter() ? Scenario.COUNTERS_TOPIC : Scenario.EVENTLOG_TOPIC,
                        r.mta().getBytes(StandardCharsets.UTF_8), r.value(), r.eventTimeMs());
                last[0] = r.eventTimeMs();
            });
            // When the input ends
            harness.endOfInput(last[0]);
            lines = byMta(harness.incidents());
        }
        // Then the incidents are the golden ones, byte for byte
        assertGolden(name, lines);
    }

    @org.junit.jupiter.api.Test
    void theDemoScenariosIncidentsAreTheGoldenOnes() throws IOException {
        // Given the bundled demo scenario (one MTA, a Q181721 episode, noise and a broken line), unkeyed
        final List<String> lines;
        try (TopologyHarness harness = new TopologyHarness(Map.of());
             InputStream in = getClass().getResourceAsStream("/scenarios/q181721-episode.ndjson")) {
            long time = 0;
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    harness.pipeRaw(line.startsWith("{\"fields\"") ? Scenario.COUNTERS_TOPIC : Scenario.EVENTLOG_TOPIC,
                            line.getBytes(StandardCharsets.UTF_8), time++);
                }
            }
            // When the input ends
            harness.endOfInput(time);
            lines = byMta(harness.incidents());
        }
        // Then
        assertThat(lines).isNotEmpty();
        assertGolden("demo", lines);
    }

    /** Each MTA's incidents in the order they came, MTAs in name order. */
    private static List<String> byMta(final List<Incident> incidents) {
        final List<Incident> sorted = new ArrayList<>(incidents);
        sorted.sort(Comparator.comparing(Incident::getMta));
        return sorted.stream().map(IncidentJson::toLine).toList();
    }

    private static void assertGolden(final String name, final List<String> lines) throws IOException {
        final Path file = GOLDEN.resolve(name + ".ndjson");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as("golden file " + file + " (record it with -Dgolden.update=true)").isTrue();
        // The estates plant faults of every article: an empty golden file would pin nothing.
        final List<String> golden = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(golden).as(file.toString()).isNotEmpty();
        assertThat(lines).as("incidents against " + file).containsExactlyElementsOf(golden);
    }
}
