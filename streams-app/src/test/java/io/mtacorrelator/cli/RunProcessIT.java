package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fat jar's {@code run} as its own process: it starts, summarises its topology, and stops cleanly on SIGTERM. */
class RunProcessIT {

    private static final String APPLICATION_ID = "mta-sigterm-it";

    @Test
    void runExitsZeroOnSigtermAndLeavesTheGroup(@TempDir final Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             JarProcess run = JarProcess.start(dir, "run", "--bootstrap-servers", kafka.bootstrapServers(), "--create-topics",
                     "--state-dir", dir.resolve("state").toString(), "--application-id", APPLICATION_ID)) {
            // Given: run started as a separate JVM against the broker, a member of its group
            await().atMost(JarProcess.CEILING).until(() -> run.err().contains("-> RUNNING"));
            assertThat(members(admin)).isNotEmpty();
            // its ingest path and topology in one line at INFO (the whole description is DEBUG): the topics made by
            // --create-topics share one partition count, so the keyed path runs as one sub-topology
            assertThat(run.err()).contains("Topology: keyed ingest path, 1 sub-topology,").contains("stores [mta-state]")
                    .doesNotContain("Sub-topology: 0");

            // When: SIGTERM
            final int code = run.stop();

            // Then: a clean stop is a success, and the instance left its group, so a restart is assigned at once
            assertThat(code).as(run.err()).isZero();
            assertThat(run.err()).contains("run: closed cleanly (NOT_RUNNING)").doesNotContain("did not close within");
            assertThat(members(admin)).isEmpty();
        }
    }

    private static List<String> members(final Admin admin) throws Exception {
        return admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get().get(APPLICATION_ID).members().stream()
                .map(m -> m.consumerId()).toList();
    }
}
