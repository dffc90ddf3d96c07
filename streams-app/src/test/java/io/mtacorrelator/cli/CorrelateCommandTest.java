package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Input errors are caught before any broker starts: one line, non-zero exit. */
class CorrelateCommandTest {

    @Test
    void missingFileGivesOneLineAndExitTwo(@TempDir final Path dir) {
        // Given
        final Path missing = dir.resolve("nope.ndjson");

        // When
        final CliHarness result = CliHarness.run("correlate", missing.toString());

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("correlate: cannot read " + missing + ": no such file");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void directoryInsteadOfFileIsRefused(@TempDir final Path dir) {
        // When
        final CliHarness result = CliHarness.run("correlate", dir.toString());

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("correlate: cannot read " + dir + ": it is a directory");
    }

    @Test
    void correlateWithoutFilesExplainsUsage() {
        // When
        final CliHarness result = CliHarness.run("correlate");

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter").contains("Usage: mta-correlator correlate");
    }

    @Test
    void helpDescribesEveryCommand() {
        // When
        final CliHarness result = CliHarness.run("--help");

        // Then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("demo").contains("correlate").contains("Q181721").contains("Exit codes");
    }
}
