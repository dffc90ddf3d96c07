package io.mtacorrelator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The fat jar run as its own process, as a user runs it: stdout and stderr kept apart in files. Public for the fault tests. */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "mta-correlator.jar");
    /** Generous: the machine is shared, and a JVM with a broker or Kafka Streams may start slowly. */
    public static final Duration CEILING = Duration.ofMinutes(3);
    /** The class-data archive of the jar's short runs is kept with the build, not in the user's cache. */
    static final Path CDS_DIR = Path.of("target", "cds");

    private final Process process;
    private final Path out;
    private final Path err;
    private final String name;

    private JarProcess(final Process process, final Path out, final Path err, final String name) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.name = name;
    }

    /** Starts {@code java -jar mta-correlator.jar ARGS}, its output in files under {@code dir}. */
    public static JarProcess start(final Path dir, final String... args) throws IOException {
        return start(dir, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with these variables added to the inherited environment. */
    public static JarProcess start(final Path dir, final java.util.Map<String, String> environment, final String... args) throws IOException {
        return start(dir, environment, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with JVM options of the user's ({@code java OPTIONS -jar ...}). */
    static JarProcess start(final Path dir, final java.util.Map<String, String> environment, final List<String> jvmOptions,
                            final String... args) throws IOException {
        assertThat(JAR).as("the fat jar is built in the package phase").exists();
        final String name = args[0] + "-" + System.nanoTime();
        final Path out = dir.resolve(name + ".out");
        final Path err = dir.resolve(name + ".err");
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-D" + ClassDataArchive.DIR_PROPERTY + "=" + CDS_DIR.toAbsolutePath()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        final Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new JarProcess(process, out, err, String.join(" ", args));
    }

    /** Waits (within the ceiling) for the process to end; returns its exit code. */
    int waitFor() throws InterruptedException {
        assertThat(process.waitFor(CEILING.toSeconds(), TimeUnit.SECONDS)).as("%s ended; stderr: %s", name, err()).isTrue();
        return process.exitValue();
    }

    /** The processes this one started (the child JVM of correlate and demo). */
    java.util.stream.Stream<ProcessHandle> children() {
        return process.children();
    }

    /** Runs a command to its end (within the ceiling) and returns it, exited. */
    static JarProcess run(final Path dir, final String... args) throws IOException, InterruptedException {
        return run(dir, java.util.Map.of(), args);
    }

    /** As {@link #run(Path, String...)}, with these variables added to the inherited environment. */
    static JarProcess run(final Path dir, final java.util.Map<String, String> environment, final String... args)
            throws IOException, InterruptedException {
        final JarProcess p = start(dir, environment, args);
        assertThat(p.process.waitFor(CEILING.toSeconds(), TimeUnit.SECONDS)).as("%s ended; stderr: %s", p.name, p.err()).isTrue();
        return p;
    }

    public String out() {
        return read(out);
    }

    public String err() {
        return read(err);
    }

    public int exitCode() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits for the process to end; returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(CEILING.toSeconds(), TimeUnit.SECONDS)).as("%s stopped; stderr: %s", name, err()).isTrue();
        return process.exitValue();
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL (no shutdown hook, no clean close), then waits for the process to end; returns its exit code. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(CEILING.toSeconds(), TimeUnit.SECONDS)).as("%s killed", name).isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
