package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void correlateWithoutFilesIsOneLineWithAHint() {
        // When
        final CliHarness result = CliHarness.run("correlate");

        // Then: one line naming the problem and where to read more, not the whole help
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("correlate: Missing required parameter")
                .endsWith("(see 'mta-correlator correlate --help')")
                .doesNotContain("\n").doesNotContain("Usage:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5"})
    void aTimeoutThatIsNotPositiveIsRefusedBeforeAnyBrokerStarts(final String timeout, @TempDir final Path dir)
            throws java.io.IOException {
        // Given: a readable input
        final Path input = java.nio.file.Files.writeString(dir.resolve("in.ndjson"), "{}\n");

        // When
        final CliHarness result = CliHarness.run("correlate", "--timeout", timeout, input.toString());

        // Then: one line naming the option and the layer; no broker was started
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("correlate: --timeout must be a positive number of seconds, not "
                + Long.parseLong(timeout) + " (from the command line)");
    }

    @Test
    void aBadSetValueIsRefusedBeforeAnyBrokerStarts(@TempDir final Path dir) throws java.io.IOException {
        // Given
        final Path input = java.nio.file.Files.writeString(dir.resolve("in.ndjson"), "{}\n");

        // When: a value of the wrong type, and (control) an unknown key
        final CliHarness badValue = CliHarness.run("correlate", "--set", "mta.grace.ms=soon", input.toString());
        final CliHarness unknown = CliHarness.run("correlate", "--set", "mta.grace=1", input.toString());

        // Then: each one line naming the key and the layer, exit 2, nothing started
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err().strip()).startsWith("correlate: ").contains("mta.grace.ms").contains("soon")
                .endsWith("(from the command line)").doesNotContain("\n").doesNotContain("embedded Kafka broker");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("correlate: unknown configuration key mta.grace in the command line")
                .doesNotContain("\n");
    }

    @Test
    void helpDescribesEveryCommand() {
        // When
        final CliHarness result = CliHarness.run("--help");

        // Then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("demo").contains("correlate").contains("Q181721").contains("Exit codes");
    }

    @Test
    void aBinaryEventLogIsRefusedSayingHowToExportIt(@TempDir final Path dir) throws java.io.IOException {
        // Given: a binary .evtx (signature "ElfFile") given where an export is expected
        final Path evtx = java.nio.file.Files.write(dir.resolve("Application.evtx"),
                "ElfFile\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        // When
        final CliHarness result = CliHarness.run("correlate", evtx.toString());

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).startsWith("correlate: cannot read " + evtx + ": it is a binary .evtx").contains("wevtutil");
    }

    @Test
    void aComputerForAFileThatIsNotAnInputIsAUsageError(@TempDir final Path dir) throws java.io.IOException {
        // Given
        final Path csv = java.nio.file.Files.writeString(dir.resolve("Application.csv"), "Level,Date and Time,Source,Event ID,Task Category\r\n");

        // When
        final CliHarness result = CliHarness.run("correlate", "--computer", dir.resolve("other.csv") + "=EXCH1", csv.toString());

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("correlate: --computer " + dir.resolve("other.csv") + "=EXCH1: "
                + dir.resolve("other.csv") + " is not one of the input files");
    }
}
