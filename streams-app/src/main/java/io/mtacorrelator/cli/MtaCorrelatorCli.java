package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.PhaseTimes;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** Entry point: one thin subcommand per verb over the same topology. */
@Command(name = "mta-correlator",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
                "Correlates Microsoft Exchange MTA event-log records and MTA performance counters shipped to Kafka "
                        + "(Winlogbeat, NXLog, Windows Event Forwarding XML, Event Viewer CSV, Telegraf, Metricbeat) and "
                        + "reports messages stuck on an association (KB Q181721) and its look-alikes, with evidence and "
                        + "remediation.",
                ""},
        footer = {"", "Exit codes: " + ExitCodes.SUMMARY})
public final class MtaCorrelatorCli implements Runnable {

    /**
     * The subcommands, in the order the help lists them. They are added when a command line is built, and only the one
     * named when a command is named: picocli reads every option of every command it is given, by reflection, and
     * building all ten took about 0.3 s of a short {@code correlate} run's start-up (see BENCHMARKS.md).
     */
    static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, CorrelateCommand.class, RunCommand.class,
            ReplayCommand.class, BrokerCommand.class, IncidentsCommand.class, ResetCommand.class, BenchCommand.class,
            RegisterSchemasCommand.class, CommandLine.HelpCommand.class);

    /** Generated Avro classes are decoded reflectively; Avro 1.12 only allows packages named here. */
    static final String AVRO_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        PhaseTimes.mark("main");
        final Integer relaunched = HeapCeiling.relaunchIfNeeded(args);
        if (relaunched != null) {
            System.exit(relaunched);
        }
        ShortRunWarmUp.startFor(args);
        final int code = execute(args);
        PhaseTimes.write();
        ScratchDirectory.reportExit(code);
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (for tests and main alike). */
    public static int execute(final String... args) {
        return execute(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), args);
    }

    /** Runs a command line with the given output (results) and error (progress, summary, errors) writers. */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args) {
        return execute(out, err, System.getenv(), args);
    }

    /** As above, with the environment the configuration layers read (tests give their own). */
    public static int execute(final PrintWriter out, final PrintWriter err, final Map<String, String> environment,
                              final String... args) {
        if (System.getProperty(AVRO_PACKAGES) == null) {
            System.setProperty(AVRO_PACKAGES, "io.mtacorrelator.avro");
        }
        final CommandLine.IFactory defaults = CommandLine.defaultFactory();
        final CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(final Class<K> type) throws Exception {
                final K instance = defaults.create(type);
                if (instance instanceof ReadsEnvironment command) {
                    command.environment(environment);
                }
                return instance;
            }
        };
        final CommandLine commandLine = new CommandLine(new MtaCorrelatorCli(), factory);
        for (final Class<?> command : commandsFor(args)) {
            final CommandLine sub = new CommandLine(command, factory);
            // Every subcommand's -V prints the version from the jar's manifest, as the top command's does.
            sub.getCommandSpec().versionProvider(new Version());
            commandLine.addSubcommand(sub);
        }
        return commandLine
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(MtaCorrelatorCli::usageError)
                .setExecutionExceptionHandler((ex, cmd, parseResult) -> {
                    cmd.getErr().println(cmd.getCommandName() + ": " + Errors.oneLine(ex));
                    return ExitCodes.FAILED;
                })
                .execute(args);
    }

    /**
     * The subcommands a command line needs: the one it names, or all of them (the top help, the help command, a
     * mistyped name, whose error lists the others).
     */
    static List<Class<?>> commandsFor(final String[] args) {
        if (args.length > 0) {
            for (final Class<?> command : COMMANDS) {
                if (command != CommandLine.HelpCommand.class && command.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(command);
                }
            }
        }
        return COMMANDS;
    }

    /** A usage error is one line naming the command and the problem, with where to read more; not the whole help. */
    private static int usageError(final CommandLine.ParameterException ex, final String[] args) {
        final CommandLine cmd = ex.getCommandLine();
        final String path = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(cmd.getCommandName() + ": " + Errors.oneLine(ex) + " (see '" + path + " --help')");
        return ExitCodes.USAGE;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required ("
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !"help".equals(n)).toList()) + ")");
    }
}
