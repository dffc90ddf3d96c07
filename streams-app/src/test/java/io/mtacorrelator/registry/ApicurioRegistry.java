package io.mtacorrelator.registry;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * An Apicurio Registry 2.6 server (in-memory storage) in a child JVM, for integration tests. The server comes from the
 * {@code io.apicurio:apicurio-registry-app:tar.gz:all} artifact that the streams-app build unpacks into
 * {@code target/apicurio} in the {@code pre-integration-test} phase, so {@code mvn verify} provides it; nothing is
 * downloaded here.
 *
 * <p>The server listens on a free port of 127.0.0.1 only; its console output goes to {@code target/apicurio-<port>.log}.
 * {@link #start()} returns once {@code /health/ready} and the Confluent-compatible API both answer, or fails with the
 * tail of that log. {@link #close()} stops the process and its descendants and waits for them.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240); // a loaded 2-core machine took 40 s and more
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 60;

    private final Process process;
    private final int port;
    private final Path log;
    private final Duration startupTime;
    private final Thread shutdownHook;

    private ApicurioRegistry(final Process process, final int port, final Path log, final Duration startupTime,
                             final Thread shutdownHook) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startupTime = startupTime;
        this.shutdownHook = shutdownHook;
    }

    /** Starts a registry and waits until it serves requests (at most a minute). */
    public static ApicurioRegistry start() {
        final Path target = targetDirectory();
        final Path runner = findRunnerJar(target.resolve("apicurio"));
        final int port = freeLoopbackPort();
        final Path log = target.resolve("apicurio-" + port + ".log");

        final List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xmx512m");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(runner.toString());
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runner.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // Registry settings a developer's environment may carry must not reach the test server.
        builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_") || name.equals("HTTP_PORT")
                || name.startsWith("QUARKUS_"));

        final long started = System.nanoTime();
        final Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry: " + String.join(" ", command), e);
        }
        final Thread hook = new Thread(() -> destroyTree(process.toHandle()), "apicurio-registry-stop-" + port);
        Runtime.getRuntime().addShutdownHook(hook);

        final String base = "http://127.0.0.1:" + port;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            Awaitility.await("Apicurio Registry on port " + port)
                    .atMost(STARTUP_TIMEOUT)
                    .pollDelay(Duration.ofMillis(200))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the registry process exited with code " + process.exitValue());
                        }
                        return answers200(http, base + "/health/ready") && answers200(http, base + "/apis/ccompat/v7/subjects");
                    });
        } catch (RuntimeException e) { // timed out, or the process died
            stop(process, hook);
            throw new IllegalStateException("Apicurio Registry (" + runner.getFileName() + ") did not come up on port " + port
                    + " (waiting at most " + STARTUP_TIMEOUT.toSeconds() + " s): " + e.getMessage()
                    + "\n--- last lines of " + log + " ---\n" + tail(log), e);
        }
        final Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Apicurio Registry ready on %s in %d ms (log %s)%n", base, startupTime.toMillis(), log);
        return new ApicurioRegistry(process, port, log, startupTime, hook);
    }

    /** The Confluent-compatible API, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** The server root, {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where the server's console output goes. */
    public Path logFile() {
        return log;
    }

    /** From process start to the first successful readiness check. */
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        stop(process, shutdownHook);
    }

    private static void stop(final Process process, final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) anyway
        }
        destroyTree(process.toHandle());
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left after the timeout; waits. */
    private static void destroyTree(final ProcessHandle root) {
        final List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        for (final ProcessHandle handle : all) {
            try {
                handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                handle.destroyForcibly();
                handle.onExit().orTimeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot wait for process " + handle.pid(), e);
            }
        }
    }

    private static boolean answers200(final HttpClient http, final String url) {
        try {
            final HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet, or not answering yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The module's build directory: failsafe runs the tests in the module directory and sets {@code basedir}. */
    private static Path targetDirectory() {
        final Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return basedir.resolve("target").toAbsolutePath();
    }

    private static Path findRunnerJar(final Path home) {
        final String missing = "no Apicurio Registry runner jar (*-runner.jar) under " + home + ". The streams-app build "
                + "unpacks io.apicurio:apicurio-registry-app:tar.gz:all there in the pre-integration-test phase: run the "
                + "registry ITs with 'mvn verify' (or 'mvn pre-integration-test' once before running them from an IDE).";
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(missing);
        }
        try (Stream<Path> files = Files.walk(home, 3)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .min(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException(missing));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + home, e);
        }
    }

    /** The JVM running the tests, so the server runs on the same Java. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    private static String tail(final Path file) {
        try {
            final List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }
}
