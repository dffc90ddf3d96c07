package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a new user meets it: usage errors, versions, help text, arguments checked before anything starts. */
class CommandLineTest {

    private static final List<String> COMMANDS = List.of("demo", "correlate", "run", "replay", "broker", "incidents", "reset",
            "register-schemas");

    @Test
    void anUnknownOptionIsOneLineWithAHint() {
        // When
        final CliHarness result = CliHarness.run("run", "--bootstrap-server", "kafka:9092");

        // Then
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).startsWith("run: Unknown options: '--bootstrap-server', 'kafka:9092'")
                .endsWith("(see 'mta-correlator run --help')").doesNotContain("\n");
    }

    @Test
    void noCommandIsOneLineNamingTheCommands() {
        // When
        final CliHarness result = CliHarness.run();

        // Then
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).doesNotContain("\n").contains("a command is required");
        COMMANDS.forEach(c -> assertThat(result.err()).contains(c));
    }

    @Test
    void everyCommandPrintsTheVersion() {
        // Given: run from classes, the manifest has no version ("dev"); the fat jar's is checked by WalkthroughIT
        final String expected = new Version().getVersion()[0];
        assertThat(expected).startsWith("mta-correlator ");

        // When / Then
        assertThat(CliHarness.run("--version").out().strip()).isEqualTo(expected);
        for (final String command : COMMANDS) {
            final CliHarness result = CliHarness.run(command, "-V");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out().strip()).as(command).isEqualTo(expected);
        }
    }

    @Test
    void everyExampleLineIsPrintedWhole() {
        for (final String command : COMMANDS) {
            // Given: the example lines as written in the command's footer
            final CommandLine.Model.CommandSpec spec = new CommandLine(
                    MtaCorrelatorCli.commandsFor(new String[]{command}).get(0)).getCommandSpec();
            final List<String> examples = List.of(spec.usageMessage().footer()).stream()
                    .filter(l -> l.contains("java -jar") || l.startsWith("    ")).toList();
            assertThat(examples).as("examples of %s", command).isNotEmpty();

            // When
            final String help = CliHarness.run(command, "--help").out();

            // Then: each appears unbroken on a line of its own, so it can be copied and pasted
            final List<String> lines = help.lines().toList();
            examples.forEach(example -> assertThat(lines).as(command).contains(example));
        }
    }

    @Test
    void replayHelpNoLongerSaysTheMarkerNeedsAnInfiniteGrace() {
        // When
        final String help = CliHarness.run("replay", "--help").out().replaceAll("\\s+", " ");

        // Then
        assertThat(help).contains("--end-of-input").contains("evaluates everything still waiting").doesNotContain("grace.ms=-1");
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        // When
        final CliHarness result = CliHarness.run("--help");

        // Then
        assertThat(result.exitCode()).isZero();
        COMMANDS.forEach(c -> assertThat(result.out()).contains(c));
        assertThat(result.out()).contains("3 no readable records");
    }

    @Test
    void aNamedCommandIsBuiltAloneAndEveryOtherLineGetsThemAll() {
        // When / Then: a named command needs only its own model (picocli reads each command's options by reflection)
        assertThat(MtaCorrelatorCli.commandsFor(new String[]{"correlate", "x.ndjson"})).containsExactly(CorrelateCommand.class);
        assertThat(MtaCorrelatorCli.commandsFor(new String[]{"register-schemas"})).containsExactly(RegisterSchemasCommand.class);
        // and the lines that list or look up commands get all of them: the help, the help command, a mistyped name, none
        for (final String[] args : List.of(new String[]{"--help"}, new String[]{"help", "run"}, new String[]{"corelate"},
                new String[0])) {
            assertThat(MtaCorrelatorCli.commandsFor(args)).as(String.join(" ", args)).isEqualTo(MtaCorrelatorCli.COMMANDS);
        }
    }

    @Test
    void theHelpCommandAndAMistypedCommandStillKnowEveryCommand() {
        // When
        final CliHarness help = CliHarness.run("help", "replay");
        final CliHarness mistyped = CliHarness.run("corelate", "x.ndjson");

        // Then: help finds the command it is asked about, and the mistyped one is refused in one line with a hint
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: mta-correlator replay");
        assertThat(mistyped.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(mistyped.err().strip()).doesNotContain("\n").contains("corelate").contains("see 'mta-correlator --help'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"incidents", "reset"})
    void commandsThatNeedAClusterSaySoInOneLine(final String command) {
        // When
        final CliHarness result = CliHarness.run(command);

        // Then
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).isEqualTo(command + ": no Kafka cluster given: set --bootstrap-servers, "
                + "bootstrap.servers in the config file, or KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void anUnknownIncidentFormatNamesTheKnownOnes() {
        // When
        final CliHarness result = CliHarness.run("incidents", "--bootstrap-servers", "127.0.0.1:1", "--format", "xml");

        // Then
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).isEqualTo("incidents: unknown --format xml; known: "
                + String.join(", ", IncidentFormats.all().keySet()));
    }

    @Test
    void theBrokerRefusesATakenPortInOneLine(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws IOException {
        // Given: the port is held by someone else
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // When
            final CliHarness result = CliHarness.run("broker", "--data-dir", dir.toString(), "--port",
                    String.valueOf(taken.getLocalPort()));

            // Then
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().lines().toList()).last().isEqualTo("broker: port " + taken.getLocalPort()
                    + " on 127.0.0.1 is already in use (another broker running? choose another with --port)");
        }
    }

    @Test
    void theBrokerRefusesAPortOutOfRange(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) {
        // When
        final CliHarness result = CliHarness.run("broker", "--data-dir", dir.toString(), "--port", "70000");

        // Then
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).isEqualTo("broker: --port must be between 0 and 65535, not 70000");
    }
}
