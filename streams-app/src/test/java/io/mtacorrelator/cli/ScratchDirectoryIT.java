package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * correlate as a user runs it ({@code java -jar}): the child JVM's temporary files (the broker's data, Kafka Streams'
 * state, RocksDB's library) live in a scratch directory that the parent deletes when the child ends, whether the run
 * finished or the child was killed.
 */
class ScratchDirectoryIT {

    private static final String SCENARIO = "/scenarios/q181721-episode.ndjson";

    @Test
    void aFinishedRunLeavesNothingInTheTemporaryDirectory(@TempDir final Path work) throws Exception {
        // Given: the user's temporary directory, empty, and the bundled scenario
        final Path tmp = Files.createDirectory(work.resolve("tmp"));
        final Path input = copyScenario(work, 1);

        // When
        final JarProcess run = JarProcess.start(work, Map.of(), List.of("-Djava.io.tmpdir=" + tmp), "correlate", input.toString());

        // Then: the run's incident, and nothing left behind (the child did not shut its broker down: the parent deleted its files)
        assertThat(run.waitFor()).as(run.err()).isZero();
        assertThat(run.out()).contains("Q181721");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aKilledChildLeavesNothingInTheTemporaryDirectory(@TempDir final Path work) throws Exception {
        // Given: a run long enough to be caught with its broker's data on disk (the scenario 300 times over)
        final Path tmp = Files.createDirectory(work.resolve("tmp"));
        final Path input = copyScenario(work, 300);
        final JarProcess run = JarProcess.start(work, Map.of(), List.of("-Djava.io.tmpdir=" + tmp), "correlate", input.toString());

        // When: the broker's data directory is in the scratch directory (positive control: the files are really there)...
        await().atMost(JarProcess.CEILING).until(() -> brokerDataIn(tmp));
        // ... and the child JVM is killed (no shutdown hook, nothing of its own cleaned up)
        final List<ProcessHandle> children = run.children().toList();
        assertThat(children).hasSize(1);
        children.get(0).destroyForcibly();

        // Then: the parent passes the failure on and has deleted the child's files
        assertThat(run.waitFor()).isNotZero();
        assertThat(tmp).isEmptyDirectory();
    }

    private static boolean brokerDataIn(final Path tmp) throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("mta-correlator-kafka-"));
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException changing) {
            return false; // the run is creating and deleting files while the tree is walked
        }
    }

    private static Path copyScenario(final Path work, final int times) throws IOException {
        final String lines;
        try (InputStream in = ScratchDirectoryIT.class.getResourceAsStream(SCENARIO)) {
            assertThat(in).as("the bundled scenario").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return Files.writeString(work.resolve("input.ndjson"), lines.repeat(times));
    }
}
