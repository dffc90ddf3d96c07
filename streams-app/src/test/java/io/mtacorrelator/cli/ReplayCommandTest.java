package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** replay's errors before publishing anything: one line each, exit code 2. */
class ReplayCommandTest {

    @Test
    void anUnreachableClusterIsReportedWithinAShortStartupTimeout(@TempDir final Path dir) throws IOException {
        // Given
        final Path file = Files.writeString(dir.resolve("x.ndjson"), "{}\n");
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        // When: a timeout below the clients' default request timeout
        final CliHarness result = CliHarness.run("replay", "--bootstrap-servers", "127.0.0.1:" + port,
                "--set", "mta.startup.timeout.ms=2000", file.toString());

        // Then
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).startsWith("replay: cannot reach Kafka at 127.0.0.1:" + port + " within 2 s");
    }

    @Test
    void aMissingFileIsNamed(@TempDir final Path dir) {
        // When
        final CliHarness result = CliHarness.run("replay", "--bootstrap-servers", "localhost:9092", dir.resolve("no.ndjson").toString());

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("replay: cannot read " + dir.resolve("no.ndjson") + ": no such file");
    }
}
