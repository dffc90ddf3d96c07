package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The child JVM's temporary directory, made and deleted by the parent. */
class ScratchDirectoryTest {

    @Test
    void eachIsNewAndTheUsersOwn(@TempDir final Path base) throws IOException {
        // Given: a directory of the first name exists already (left by an earlier process with the same id)
        final Path first = ScratchDirectory.create(base).orElseThrow();
        Files.writeString(first.resolve("left-behind"), "x");

        // When
        final Path second = ScratchDirectory.create(base).orElseThrow();

        // Then: another, empty one; the existing one untouched
        assertThat(second).isNotEqualTo(first).isEmptyDirectory();
        assertThat(first.resolve("left-behind")).exists();
        if (base.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second))).isEqualTo("rwx------");
        }
    }

    @Test
    void noneWhereTheBaseCannotHoldOne(@TempDir final Path base) throws IOException {
        // Given: the temporary directory is a file, not a directory
        final Path notADirectory = Files.writeString(base.resolve("file"), "x");

        // When / Then (positive control: the same call under a directory gives one)
        assertThat(ScratchDirectory.create(notADirectory)).isEmpty();
        assertThat(ScratchDirectory.create(base)).isPresent();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "creating a symbolic link on Windows needs administrator rights or developer mode")
    void deletingRemovesEverythingInsideButNothingALinkPointsTo(@TempDir final Path base) throws IOException {
        // Given: a scratch directory as a run leaves it, with a link to a directory outside it
        final Path scratch = ScratchDirectory.create(base).orElseThrow();
        Files.createDirectories(scratch.resolve("mta-correlator-kafka-1/logs/mta.events-0"));
        Files.writeString(scratch.resolve("mta-correlator-kafka-1/logs/mta.events-0/00000000000000000000.log"), "x");
        Files.writeString(scratch.resolve("librocksdbjni1.so"), "x");
        final Path outside = Files.createDirectory(base.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Files.createSymbolicLink(scratch.resolve("link"), outside);

        // When
        ScratchDirectory.delete(scratch);

        // Then
        assertThat(scratch).doesNotExist();
        assertThat(outside.resolve("keep")).exists();
    }

    @Test
    void aChildWhoseParentDeletesItsDirectoryReportsItsExitCodeThere(@TempDir final Path base) {
        // Given: no report yet (the parent keeps waiting)
        final Path scratch = ScratchDirectory.create(base).orElseThrow();
        assertThat(ScratchDirectory.reportedExit(scratch)).isNull();

        // When: a child JVM without the property reports (positive control), then one with it
        ScratchDirectory.reportExit(3);
        assertThat(ScratchDirectory.reportedExit(scratch)).as("not a child of the parent").isNull();
        final String before = System.getProperty(ScratchDirectory.PROPERTY);
        System.setProperty(ScratchDirectory.PROPERTY, scratch.toString());
        try {
            ScratchDirectory.reportExit(3);
        } finally {
            System.clearProperty(ScratchDirectory.PROPERTY);
            if (before != null) {
                System.setProperty(ScratchDirectory.PROPERTY, before);
            }
        }

        // Then: the parent reads the code, and no partly written file is left beside it
        assertThat(ScratchDirectory.reportedExit(scratch)).isEqualTo(3);
        assertThat(scratch.resolve(ScratchDirectory.EXIT_REPORT + ".part")).doesNotExist();
    }
}
