package io.mtacorrelator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A heap ceiling for the commands that run a whole Kafka (broker, Kafka Streams, clients) in one JVM on a finite
 * input: {@code correlate} and {@code demo}. Without one the JVM may take a quarter of the machine's memory and,
 * collecting lazily, grow to use it. A jar's manifest cannot set JVM options, so when such a command is started
 * without a heap setting of the user's ({@code -Xmx}, {@code -XX:MaxRAMPercentage}, ... on the command line or in
 * {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS}), it starts itself again as a child process with
 * {@value #CEILING}, the same JVM options otherwise, and waits for it (passing on its exit code, and a SIGTERM).
 * {@code run} is left to the operator, who sizes it for the estate (see the README's heap guidance).
 * <p>
 * The child is also given what a short-lived JVM that loads a whole Kafka wants, and a jar's manifest cannot say
 * (measured with {@code tools/bench/startup.py}, see BENCHMARKS.md): {@value #QUICK_JIT} (the C2 compiler's work on
 * the broker's and clients' code does not pay off in a run of seconds, and competes for the two cores), the serial
 * collector, a young generation that a short run does not fill, transparent huge pages where Linux offers them, and a
 * class-data archive ({@link ClassDataArchive}). JVM options of the user's come after them, so theirs win.
 */
final class HeapCeiling {

    /** Enough for 200,000 records of correlate (broker and Kafka Streams included) with room to spare; see BENCHMARKS.md. */
    static final String CEILING = "-Xmx512m";
    /** Marks the child, so it does not start itself again. */
    static final String RELAUNCHED = "mta.heap.relaunched";
    /** Only the quick (C1) compiler: measured on the shared machine, a short run's CPU went from 28 s to 16 s with it, and a 20,000-line one's from 32 s to 17 s. */
    static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";
    /**
     * One compiler thread instead of two: a short run compiles some 4,700 methods, and a second compiler thread took
     * a core from the broker's start rather than finishing sooner.
     */
    static final String ONE_COMPILER_THREAD = "-XX:CICompilerCount=1";
    /**
     * One collector thread, no concurrent marking: G1's background work competed with the run for the two cores
     * (a 20,000-line run's CPU 17 s to 13 s). Left out when the user chose a collector (two would not start).
     */
    static final String SERIAL_GC = "-XX:+UseSerialGC";
    /**
     * A young generation of half the ceiling. A short run allocates 140-160 MB (an empty input, the bundled scenario:
     * {@code -Xlog:gc+heap+exit}); the default third of the starting heap (an eden of 100 MB) ended in one or two
     * collections of about 100 ms each, every thread stopped, on the way through the broker's start. Left out when the
     * user sized the young generation.
     */
    static final String YOUNG_GENERATION = "-Xmn256m";
    /**
     * A small first allocation buffer per thread. Until the first collection the JVM sizes each thread's buffer as if it
     * were the only thread allocating (a fiftieth of eden), and the broker, the clients and Kafka Streams start some
     * hundred threads: with a larger eden and no smaller first buffer, those buffers alone filled it (with {@code
     * -Xmn300m}, a collection still came once 240 MB of its 245 MB eden were handed out).
     * Later collections size the buffers from what each thread really allocates, as before.
     */
    static final String SMALL_FIRST_TLAB = "-XX:TLABSize=64k";
    /**
     * Transparent huge pages for the heap: it is touched for the first time during a short run, and 2 MB pages take
     * half the page faults of the run (54,000 to 25,000 for an empty input, {@code perf stat}). Given only where Linux
     * offers them ({@code always} or {@code madvise}): elsewhere the option is unknown or prints a warning.
     */
    static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    /** Where Linux says whether it offers transparent huge pages: {@code always [madvise] never}. */
    static final Path HUGE_PAGES_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private static final String WRITES_ARCHIVE = "-XX:ArchiveClassesAtExit";
    /** How often the waiting parent looks for the child's exit report: a file check, a few hundred times a run. */
    private static final long REPORT_POLL_MS = 10;

    /** The commands that run a whole Kafka on a finite input (also those {@link ShortRunWarmUp} prepares for). */
    static final Set<String> FINITE_COMMANDS = Set.of("correlate", "demo");
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage",
            "-XX:MaxRAMFraction", "-XX:MaxRAM=");
    private static final List<String> YOUNG_OPTIONS = List.of("-Xmn", "-XX:NewSize", "-XX:MaxNewSize", "-XX:NewRatio");
    /** The user's choice of page size; ours would change what theirs means (huge pages instead of hugetlbfs). */
    private static final List<String> PAGE_OPTIONS = List.of("-XX:+UseLargePages", "-XX:-UseLargePages",
            "-XX:+UseTransparentHugePages", "-XX:-UseTransparentHugePages", "-XX:LargePageSizeInBytes");

    /** Environment variables whose JVM options apply to every JVM started with them. */
    private static final List<String> OPTIONS_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    /** Launcher options whose value is the next argument (written with a space rather than '='). */
    private static final Set<String> VALUE_TAKING = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-exports", "--add-opens", "--add-reads",
            "--patch-module", "--enable-native-access", "-m", "--module", "-d", "--describe-module");

    private HeapCeiling() {
    }

    /**
     * The child's command line: our tuning first (so the user's JVM options, which follow, override it), the
     * ceiling, the mark that stops a second relaunch, then the same class path and arguments.
     *
     * @param hugePages whether the machine offers transparent huge pages ({@link #offersHugePages})
     * @param scratch   the child's temporary directory, which this JVM deletes after it ({@link ScratchDirectory});
     *                  null for none (the child cleans up after itself)
     */
    static List<String> childCommand(final String java, final List<String> jvmOptions, final String classPath,
                                     final String[] args, final List<String> archiveOptions, final boolean hugePages,
                                     final Path scratch) {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.add(QUICK_JIT);
        command.add(ONE_COMPILER_THREAD);
        boolean collectorChosen = false;
        for (final String option : jvmOptions) {
            collectorChosen |= option.startsWith("-XX:+Use") && option.endsWith("GC");
        }
        if (!collectorChosen) {
            command.add(SERIAL_GC);
        }
        if (!anyStartsWith(jvmOptions, YOUNG_OPTIONS)) {
            command.add(YOUNG_GENERATION);
        }
        command.add(SMALL_FIRST_TLAB);
        if (hugePages && !anyStartsWith(jvmOptions, PAGE_OPTIONS)) {
            command.add(HUGE_PAGES);
        }
        command.addAll(archiveOptions);
        command.addAll(jvmOptions);
        command.add(CEILING);
        command.add("-D" + RELAUNCHED + "=true");
        if (scratch != null) {
            // After the user's options: a temporary directory of theirs holds the scratch directory, which is made in it.
            command.add("-Djava.io.tmpdir=" + scratch);
            command.add("-D" + ScratchDirectory.PROPERTY + "=" + scratch);
        }
        command.addAll(List.of("-cp", classPath, MtaCorrelatorCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The JVM options of {@code java [options] -jar JAR [arguments]}, read from the process's own command line; empty
     * when they cannot be read from it with certainty, and then the caller asks the management interface (which costs
     * this short-lived parent JVM about 30 ms before the child can start). That is: the command line is not known (on
     * Windows), it was not started with {@code -jar}, an option before it takes a separate value ({@code --add-opens X},
     * {@code @argfile}), or options come from the environment too ({@code JAVA_TOOL_OPTIONS} and the like): the management
     * interface lists those where they take effect, and the user's must keep winning over ours.
     */
    static Optional<List<String>> jvmOptions(final List<String> commandLineArguments, final Map<String, String> environment) {
        if (commandLineArguments == null) {
            return Optional.empty();
        }
        for (final String variable : OPTIONS_VARIABLES) {
            final String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.empty();
            }
        }
        final int jarAt = commandLineArguments.indexOf("-jar");
        if (jarAt < 0) {
            return Optional.empty();
        }
        final List<String> options = commandLineArguments.subList(0, jarAt);
        for (final String option : options) {
            if (!option.startsWith("-") || VALUE_TAKING.contains(option)) {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(options));
    }

    /**
     * Waits for the child to end, or to report its exit code in the scratch directory ({@link ScratchDirectory#reportExit}):
     * then its output is complete, and it is ended at once rather than waiting out its JVM's exit.
     */
    static int awaitReportOrExit(final Process child, final Path scratch) throws InterruptedException {
        while (!child.waitFor(REPORT_POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            final Integer reported = ScratchDirectory.reportedExit(scratch);
            if (reported != null) {
                child.destroyForcibly();
                child.waitFor();
                return reported;
            }
        }
        final Integer reported = ScratchDirectory.reportedExit(scratch);
        return reported != null ? reported : child.exitValue();
    }

    /**
     * Whether Linux offers transparent huge pages to a process that asks for them: the setting's chosen value, in
     * brackets, is {@code always} or {@code madvise}. False where the file cannot be read (not Linux, or no such kernel).
     */
    static boolean offersHugePages(final Path setting) {
        try {
            final String value = java.nio.file.Files.readString(setting);
            return value.contains("[always]") || value.contains("[madvise]");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether any of the options starts with one of the prefixes (a loop: no lambdas on the parent JVM's way to the child). */
    static boolean anyStartsWith(final List<String> options, final List<String> prefixes) {
        for (final String option : options) {
            for (final String prefix : prefixes) {
                if (option.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs the command in a child JVM with the ceiling when it needs one; returns its exit code, or null when this
     * JVM should run the command itself.
     */
    static Integer relaunchIfNeeded(final String[] args) {
        final String classPath = System.getProperty("java.class.path", "");
        if (args.length == 0 || !FINITE_COMMANDS.contains(args[0]) || System.getProperty(RELAUNCHED) != null
                || !classPath.endsWith(".jar")) {
            return null;
        }
        final ProcessHandle.Info self = ProcessHandle.current().info();
        // No lambdas on the way to the child's start: each first one costs this JVM, which has no archive, milliseconds.
        final Optional<String[]> arguments = self.arguments();
        final Optional<List<String>> fromCommandLine = jvmOptions(arguments.isPresent() ? List.of(arguments.get()) : null,
                System.getenv());
        final List<String> jvmOptions = fromCommandLine.isPresent() ? fromCommandLine.get()
                : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (anyStartsWith(jvmOptions, HEAP_OPTIONS)) {
            return null;
        }
        final Path jar = Path.of(classPath).toAbsolutePath();
        final Optional<ClassDataArchive> archive = ClassDataArchive.forJar(jar, jvmOptions,
                System.getProperty(ClassDataArchive.DIR_PROPERTY), System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
        final Optional<Path> scratch = ScratchDirectory.create(Path.of(System.getProperty("java.io.tmpdir")));
        final List<String> archiveOptions = archive.isPresent() ? archive.get().jvmOptions() : List.of();
        final List<String> command = childCommand(self.command().orElse("java"), jvmOptions,
                jar.toString(), args, archiveOptions, offersHugePages(HUGE_PAGES_SETTING), scratch.orElse(null));
        // A child that writes the class-data archive does so in its JVM's exit, which must then run to its end.
        final boolean endOnReport = scratch.isPresent() && !anyStartsWith(archiveOptions, List.of(WRITES_ARCHIVE));
        try {
            final Process child = new ProcessBuilder(command).inheritIO().start();
            final Thread forward = new Thread(() -> {
                // This JVM is stopping (SIGTERM, Ctrl-C): stop the child the same way and end with its exit code.
                child.destroy();
                try {
                    final int code = child.waitFor();
                    scratch.ifPresent(ScratchDirectory::delete);
                    Runtime.getRuntime().halt(code);
                } catch (InterruptedException e) {
                    Runtime.getRuntime().halt(ExitCodes.FAILED);
                }
            }, "mta-heap-ceiling-forward");
            Runtime.getRuntime().addShutdownHook(forward);
            final int code = endOnReport ? awaitReportOrExit(child, scratch.get()) : child.waitFor();
            scratch.ifPresent(ScratchDirectory::delete);
            archive.ifPresent(a -> a.afterRun(code == ExitCodes.OK || code == ExitCodes.NO_READABLE_RECORDS));
            try {
                Runtime.getRuntime().removeShutdownHook(forward);
            } catch (IllegalStateException stopping) {
                // Already stopping: the hook ends this JVM with the child's code.
            }
            return code;
        } catch (java.io.IOException e) {
            scratch.ifPresent(ScratchDirectory::delete);
            archive.ifPresent(a -> a.afterRun(false));
            // Cannot start a child JVM: run here, without the ceiling, rather than not at all.
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }
}
