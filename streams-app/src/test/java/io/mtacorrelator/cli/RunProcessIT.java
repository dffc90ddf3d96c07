package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fat jar's {@code run} as its own process: it starts, logs its topology, and closes cleanly on SIGTERM. */
class RunProcessIT {

    @Test
    void runClosesCleanlyOnSigterm(@TempDir final Path dir) throws IOException, InterruptedException {
        final Path jar = Path.of("target", "mta-correlator.jar");
        assertThat(jar).as("the fat jar is built in the package phase").exists();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // Given: run started as a separate JVM against the broker
            final Path log = dir.resolve("run.log");
            final String java = ProcessHandle.current().info().command().orElse("java");
            final Process process = new ProcessBuilder(java, "-jar", jar.toString(), "run",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--create-topics",
                    "--state-dir", dir.resolve("state").toString(), "--application-id", "mta-sigterm-it")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> read(log).contains("-> RUNNING"));
                assertThat(read(log)).contains("Topology:").contains("Sub-topology: 0").contains("correlate");

                // When: SIGTERM
                final long sent = System.nanoTime();
                process.destroy();

                // Then: it closes cleanly, well within the 30 s shutdown timeout
                assertThat(process.waitFor(40, TimeUnit.SECONDS)).as(read(log)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(35));
                assertThat(process.exitValue()).as("SIGTERM exit status").isIn(0, 143);
                assertThat(read(log)).contains("run: closed cleanly (NOT_RUNNING)").doesNotContain("did not close within");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static String read(final Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
