package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The class-data archive of a jar: written by a first complete run, used by the next, never half-written. */
class ClassDataArchiveTest {

    @Test
    void aFirstRunWritesTheArchiveAndTheNextUsesIt(@TempDir final Path dir) throws IOException {
        // Given a jar and no archive yet
        final Path jar = Files.writeString(dir.resolve("mta-correlator.jar"), "jar bytes");
        final Path cache = dir.resolve("cache");
        final ClassDataArchive first = ClassDataArchive.forJar(jar, List.of(), cache.toString(), null, null).orElseThrow();

        // When: the first run is told to write one, writes it and completes
        final String dump = first.jvmOptions().get(0);
        assertThat(dump).startsWith("-XX:ArchiveClassesAtExit=");
        Files.writeString(Path.of(dump.substring(dump.indexOf('=') + 1)), "archive");
        first.afterRun(true);

        // Then the next run of the same jar maps it, and nothing half-written is left
        final ClassDataArchive next = ClassDataArchive.forJar(jar, List.of(), cache.toString(), null, null).orElseThrow();
        assertThat(next.jvmOptions().get(0)).isEqualTo("-XX:SharedArchiveFile=" + first.archive());
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactly(first.archive());
        }
        // and JVM warnings, such as an archive it cannot use, go to stderr, not to the results on stdout
        assertThat(next.jvmOptions()).contains("-Xlog:disable", "-Xlog:all=warning:stderr");
    }

    @Test
    void aNewArchiveLeavesOnlyTheNewestOthersInTheCache(@TempDir final Path dir) throws IOException {
        // Given a cache holding the archives of four older builds, written at 08:00, 08:01, 08:02 and 08:03 UTC, and a
        // file of someone else's
        final Path cache = Files.createDirectories(dir.resolve("cache"));
        final List<Path> older = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final Path old = Files.writeString(cache.resolve("mta-correlator-old" + i + ".jsa"), "archive " + i);
            Files.setLastModifiedTime(old, FileTime.from(java.time.Instant.parse("2026-12-05T08:0" + i + ":00Z")));
            older.add(old);
        }
        final Path foreign = Files.writeString(cache.resolve("notes.txt"), "mine");
        final Path jar = Files.writeString(dir.resolve("mta-correlator.jar"), "jar bytes");
        final ClassDataArchive run = ClassDataArchive.forJar(jar, List.of(), cache.toString(), null, null).orElseThrow();

        // When this build's first run completes and keeps its archive
        final String dump = run.jvmOptions().get(0);
        Files.writeString(Path.of(dump.substring(dump.indexOf('=') + 1)), "archive");
        run.afterRun(true);

        // Then the cache keeps KEPT archives: this one and the newest older ones; other files are left alone
        final List<Path> expected = new java.util.ArrayList<>(List.of(run.archive(), foreign));
        expected.addAll(older.subList(older.size() - (ClassDataArchive.KEPT - 1), older.size()));
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void anIncompleteRunPrunesNothing(@TempDir final Path dir) throws IOException {
        // Given a cache holding four older archives (positive control of the test above: nothing new is kept here)
        final Path cache = Files.createDirectories(dir.resolve("cache"));
        for (int i = 0; i < 4; i++) {
            Files.writeString(cache.resolve("mta-correlator-old" + i + ".jsa"), "archive " + i);
        }
        final Path jar = Files.writeString(dir.resolve("mta-correlator.jar"), "jar bytes");
        final ClassDataArchive run = ClassDataArchive.forJar(jar, List.of(), cache.toString(), null, null).orElseThrow();

        // When its run fails
        run.afterRun(false);

        // Then every older archive is still there
        try (var files = Files.list(cache)) {
            assertThat(files).hasSize(4);
        }
    }

    @Test
    void anArchiveOfAnIncompleteRunIsDropped(@TempDir final Path dir) throws IOException {
        // Given a first run that writes an archive but fails
        final Path jar = Files.writeString(dir.resolve("mta-correlator.jar"), "jar bytes");
        final ClassDataArchive run = ClassDataArchive.forJar(jar, List.of(), dir.resolve("cache").toString(), null, null).orElseThrow();
        final String dump = run.jvmOptions().get(0);
        Files.writeString(Path.of(dump.substring(dump.indexOf('=') + 1)), "partial");

        // When
        run.afterRun(false);

        // Then: no archive, and the next run writes one again
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files).isEmpty();
        }
        assertThat(run.jvmOptions().get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aRebuiltJarGetsAnArchiveOfItsOwn(@TempDir final Path dir) throws IOException {
        // Given
        final Path jar = Files.writeString(dir.resolve("mta-correlator.jar"), "jar bytes");
        final String cache = dir.resolve("cache").toString();
        final Path before = ClassDataArchive.forJar(jar, List.of(), cache, null, null).orElseThrow().archive();

        // When the jar is rebuilt
        Files.writeString(jar, "other jar bytes");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));

        // Then
        assertThat(ClassDataArchive.forJar(jar, List.of(), cache, null, null).orElseThrow().archive()).isNotEqualTo(before);
    }

    @Test
    void noArchiveWhenTurnedOffOrWhenTheUserChoseClassSharing(@TempDir final Path dir) throws IOException {
        // Given
        final Path jar = Files.writeString(dir.resolve("mta-correlator.jar"), "jar bytes");
        final String cache = dir.resolve("cache").toString();

        // Then (positive control: the same jar and directory have one otherwise)
        assertThat(ClassDataArchive.forJar(jar, List.of(), cache, null, null)).isPresent();
        assertThat(ClassDataArchive.forJar(jar, List.of(), ClassDataArchive.OFF, null, null)).isEmpty();
        assertThat(ClassDataArchive.forJar(jar, List.of("-Xshare:off"), cache, null, null)).isEmpty();
        assertThat(ClassDataArchive.forJar(jar, List.of("-XX:SharedArchiveFile=/mine.jsa"), cache, null, null)).isEmpty();
    }

    @Test
    void theDefaultDirectoryIsTheUsersCache(@TempDir final Path dir) throws IOException {
        // Given
        final Path jar = Files.writeString(dir.resolve("mta-correlator.jar"), "jar bytes");

        // When
        final Optional<ClassDataArchive> xdg = ClassDataArchive.forJar(jar, List.of(), null, dir.resolve("xdg").toString(), "/nowhere");
        final Optional<ClassDataArchive> home = ClassDataArchive.forJar(jar, List.of(), null, null, dir.resolve("home").toString());

        // Then
        assertThat(xdg.orElseThrow().archive().getParent()).isEqualTo(dir.resolve("xdg").resolve("mta-correlator"));
        assertThat(home.orElseThrow().archive().getParent()).isEqualTo(dir.resolve("home").resolve(".cache").resolve("mta-correlator"));
    }
}
