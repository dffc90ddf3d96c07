package io.mtacorrelator.scaleout;

import io.mtacorrelator.KraftCluster;
import io.mtacorrelator.faults.FaultTally;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import io.mtacorrelator.workload.WorkloadRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real three-node cluster (RF 3, min ISR 2, 4 partitions, exactly-once): an instance whose local state is wiped
 * between two halves of its input restores the state from the changelog, and the incidents are those of an
 * uninterrupted run, including the episodes that were open at the cut, with the same ids.
 */
class StateRestoreIT {

    /** 12 MTAs x 4 connections, 12,000 records from 1999-03-01T06:00:00Z to 06:49:08Z (event time), faults planted. */
    private static final EstateSpec ESTATE = EstateSpec.of(1, 12, 4, 12_000, 3.0);
    /** The first half is the records before it, the second those at or after it. */
    private static final Instant CUT = Instant.parse("1999-03-01T06:30:00Z");

    @RegisterExtension
    static final KraftCluster KAFKA = new KraftCluster();
    private static final short REPLICATION = (short) KraftCluster.REPLICATION_FACTOR;
    private static final int PARTITIONS = 4;

    @Test
    void anInstanceWithItsStateWipedRestoresItFromTheChangelogAndGivesTheIncidentsOfAnUninterruptedRun(@TempDir final Path dir)
            throws IOException {
        // Given: the estate keyed by MTA, with the default grace (2 min); the first half from 06:00:00Z to before
        // 06:30:00Z, the second from 06:30:00Z to 06:49:08Z
        final List<WorkloadRecord> estate = new ArrayList<>();
        new EstateGenerator(ESTATE).generate(estate::add);
        final List<Deployment.Delivery> all = estate.stream().map(r -> new Deployment.Delivery(r, true)).toList();
        final List<Deployment.Delivery> firstHalf = all.stream().filter(d -> d.record().eventTimeMs() < CUT.toEpochMilli()).toList();
        final List<Deployment.Delivery> secondHalf = all.stream().filter(d -> d.record().eventTimeMs() >= CUT.toEpochMilli()).toList();
        assertThat(firstHalf).isNotEmpty();
        assertThat(secondHalf).isNotEmpty();
        // and the incidents of an uninterrupted run, with the episodes in them detected before 06:30:00Z and resolved
        // after it: an instance that restarts at the cut knows of them only through its restored state
        final Map<String, List<String>> uninterrupted;
        final int deadLettersUninterrupted;
        try (Deployment whole = Deployment.create(KAFKA.bootstrapServers(), "whole", PARTITIONS, REPLICATION, Deployment.PUBLISHED_IN_STEPS)) {
            final CorrelatorApp app = whole.startInstance(dir.resolve("whole"));
            whole.publish(all);
            whole.endOfInput();
            whole.awaitProcessed();
            uninterrupted = whole.incidents();
            deadLettersUninterrupted = whole.deadLetters();
            assertThat(app.failure()).isEmpty();
        }
        final List<String> spanning = uninterrupted.entrySet().stream()
                .filter(e -> spansTheCut(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(spanning).as("episodes detected before %s and resolved after it", CUT).isNotEmpty();

        // When: an instance processes the first half and commits it
        final Map<String, List<String>> beforeTheWipe;
        final long changelogEnd;
        final Map<String, List<String>> restored;
        final int deadLettersRestored;
        try (Deployment cut = Deployment.create(KAFKA.bootstrapServers(), "restore", PARTITIONS, REPLICATION, Deployment.PUBLISHED_IN_STEPS)) {
            final Path firstState = dir.resolve("first");
            final CorrelatorApp first = cut.startInstance(firstState);
            cut.publish(firstHalf);
            cut.awaitProcessed();
            beforeTheWipe = cut.incidents();
            changelogEnd = cut.changelogEnd();
            assertThat(first.failure()).isEmpty();
            // and is closed, and its state directory deleted
            assertThat(cut.stop(first)).as("the first instance closed within its shutdown timeout").isTrue();
            deleteRecursively(firstState);
            assertThat(firstState).doesNotExist();
            // and a new instance, same application id, with a state directory of its own that does not exist yet,
            // is given the second half and the end-of-input marker
            final Path secondState = dir.resolve("second");
            assertThat(secondState).doesNotExist();
            final CorrelatorApp second = cut.startInstance(secondState);
            cut.publish(secondHalf);
            cut.endOfInput();
            cut.awaitProcessed();
            restored = cut.incidents();
            deadLettersRestored = cut.deadLetters();
            assertThat(second.failure()).isEmpty();
        }

        // Then: there was state to restore: records on <appId>-mta-state-changelog, and the episodes open at the cut
        // had been written before the wipe
        assertThat(changelogEnd).as("end of the changelog at the wipe").isPositive();
        assertThat(beforeTheWipe).as("incidents written before the wipe").containsKeys(spanning.toArray(String[]::new));
        // and the incidents are those of the uninterrupted run, id by id and change by change
        assertThat(Deployment.differences(uninterrupted, restored)).as("incidents with a wipe and a restore against uninterrupted")
                .isEmpty();
        assertThat(restored).isEqualTo(uninterrupted);
        assertThat(deadLettersRestored).as("dead letters (late signals)").isEqualTo(deadLettersUninterrupted);
        final FaultTally tally = FaultTally.of("StateRestoreIT", all.size(),
                "state directory deleted at " + CUT + ", a new instance restored it from the changelog", uninterrupted, restored).print();
        assertThat(tally.duplicates()).as("duplicates").isZero();
        assertThat(tally.lost()).as("lost").isZero();
        assertThat(tally.unexpected()).as("unexpected").isZero();
        // and the second half without any state (what a restore that lost the state would give) does not continue
        // those episodes: their changes after the wipe came from the restored state
        final Map<String, List<String>> stateless = DriverRun.of(secondHalf, dir.resolve("stateless"), Map.of()).incidents();
        for (final String id : spanning) {
            final List<String> afterTheWipe = restored.get(id).subList(beforeTheWipe.get(id).size(), restored.get(id).size());
            assertThat(afterTheWipe).as("changes of %s after the wipe", id).isNotEmpty();
            assertThat(stateless.getOrDefault(id, List.of())).as("changes of %s without the state", id)
                    .doesNotContainAnyElementsOf(afterTheWipe);
        }
    }

    /** Detected before the cut, resolved after it. */
    private static boolean spansTheCut(final List<String> changes) {
        final var open = Deployment.json(changes.get(0));
        final var last = Deployment.json(changes.get(changes.size() - 1));
        return "OPEN".equals(open.path("status").asText()) && Instant.parse(open.path("detectedAt").asText()).isBefore(CUT)
                && "RESOLVED".equals(last.path("status").asText()) && !Instant.parse(last.path("resolvedAt").asText()).isBefore(CUT);
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
