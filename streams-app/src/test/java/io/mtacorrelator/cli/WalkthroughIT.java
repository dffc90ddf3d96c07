package io.mtacorrelator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's walkthrough "without Docker", as a user types it, each step a child process of the fat jar:
 * {@code broker}, {@code run --create-topics}, {@code replay --end-of-input}, {@code incidents}; then the
 * reprocessing section ({@code reset}, run again: the same ids) and a broker restart that keeps the data.
 */
class WalkthroughIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SCENARIO = Path.of("src", "main", "resources", "scenarios", "q181721-episode.ndjson");
    private static final Pattern BOOTSTRAP = Pattern.compile("^127\\.0\\.0\\.1:(\\d+)$", Pattern.MULTILINE);

    @Test
    void theWalkthroughWithoutDockerGivesWhatCorrelateGives(@TempDir final Path dir) throws Exception {
        // Given: what correlate reports for the bundled scenario (the expected incidents and dead letters)
        final JarProcess correlate = JarProcess.run(dir, "correlate", "--out", dir.resolve("expected.ndjson").toString(),
                SCENARIO.toString());
        assertThat(correlate.exitCode()).as(correlate.err()).isZero();
        final List<String> expected = idsAndStatuses(Files.readString(dir.resolve("expected.ndjson")));
        assertThat(expected).anyMatch(s -> s.endsWith(" OPEN")).anyMatch(s -> s.endsWith(" RESOLVED"));
        final long records = Files.readAllLines(SCENARIO).stream().filter(l -> !l.isBlank()).count();
        final Matcher deadLettered = Pattern.compile("dead-lettered (\\d+)").matcher(correlate.err());
        assertThat(deadLettered.find()).isTrue();
        final int expectedDeadLetters = Integer.parseInt(deadLettered.group(1));
        final Path data = dir.resolve("kafka");
        final Path state = dir.resolve("state");

        // The version comes from the jar's manifest
        final JarProcess version = JarProcess.run(dir, "--version");
        assertThat(version.out().strip()).isEqualTo("mta-correlator " + System.getProperty("mta.project.version"));

        try (JarProcess broker = JarProcess.start(dir, "broker", "--data-dir", data.toString(), "--port", "0")) {
            // Step 1: the broker prints its bootstrap address alone on a line of stdout
            await().atMost(JarProcess.CEILING).until(() -> BOOTSTRAP.matcher(broker.out()).find() || !broker.isAlive());
            final Matcher address = BOOTSTRAP.matcher(broker.out());
            assertThat(address.find()).as(broker.err()).isTrue();
            final String bootstrap = address.group();

            // Step 2: run creates its topics and starts
            try (JarProcess run = startRun(dir, bootstrap, state)) {
                // Step 3: replay publishes the scenario with the end-of-input marker
                final JarProcess replay = JarProcess.run(dir, "replay", "--bootstrap-servers", bootstrap, "--end-of-input",
                        SCENARIO.toString());
                assertThat(replay.exitCode()).as(replay.err()).isZero();
                assertThat(replay.err()).contains("published " + records + " record(s) from 1 file(s)")
                        .contains("end-of-input marker sent");

                // Step 4: incidents prints what correlate reports, in JSON and as the demo's text
                await().atMost(JarProcess.CEILING).until(() -> incidentsJson(dir, bootstrap).equals(expected));
                final JarProcess text = JarProcess.run(dir, "incidents", "--bootstrap-servers", bootstrap);
                assertThat(text.exitCode()).as(text.err()).isZero();
                assertThat(text.out()).contains("== OPEN  Q181721").contains("== RESOLVED  Q181721");
                assertThat(text.err().strip()).isEqualTo("incidents: " + expected.size() + " record(s) read from mta.incidents");
                // and the dead letters with their headers
                final JarProcess deadLetters = JarProcess.run(dir, "incidents", "--bootstrap-servers", bootstrap,
                        "--dead-letters", "--format", "json");
                assertThat(deadLetters.exitCode()).as(deadLetters.err()).isZero();
                final List<JsonNode> letters = jsonLines(deadLetters.out());
                assertThat(letters).hasSize(expectedDeadLetters);
                assertThat(letters).allMatch(l -> l.get("headers").has("mta.dlt.reason") && l.has("value"));

                // A clean stop exits 0
                assertThat(run.stop()).as(run.err()).isZero();
            }

            // Reprocessing: reset, run again; the incidents are written again with the same ids and statuses
            final JarProcess reset = JarProcess.run(dir, "reset", "--bootstrap-servers", bootstrap, "--state-dir", state.toString());
            assertThat(reset.exitCode()).as(reset.err() + reset.out()).isZero();
            assertThat(reset.out()).contains("Reset mta-correlator");
            try (JarProcess again = startRun(dir, bootstrap, state)) {
                final List<String> twice = new ArrayList<>(expected);
                twice.addAll(expected);
                await().atMost(JarProcess.CEILING).until(() -> incidentsJson(dir, bootstrap).equals(twice));
                assertThat(again.stop()).as(again.err()).isZero();
            }
            assertThat(broker.stop()).as(broker.err()).isZero();
        }

        // The broker keeps its data across a restart
        try (JarProcess broker = JarProcess.start(dir, "broker", "--data-dir", data.toString(), "--port", "0")) {
            await().atMost(JarProcess.CEILING).until(() -> BOOTSTRAP.matcher(broker.out()).find() || !broker.isAlive());
            final Matcher address = BOOTSTRAP.matcher(broker.out());
            assertThat(address.find()).as(broker.err()).isTrue();
            assertThat(incidentsJson(dir, address.group())).hasSize(2 * expected.size());
            assertThat(broker.stop()).as(broker.err()).isZero();
        }
    }

    private static JarProcess startRun(final Path dir, final String bootstrap, final Path state) throws IOException {
        final JarProcess run = JarProcess.start(dir, "run", "--bootstrap-servers", bootstrap, "--create-topics",
                "--state-dir", state.toString());
        await().atMost(JarProcess.CEILING).until(() -> run.err().contains("-> RUNNING") || !run.isAlive());
        assertThat(run.isAlive()).as(run.err()).isTrue();
        return run;
    }

    /** "incidentId STATUS" of each incident state change that {@code incidents --format json} prints. */
    private static List<String> incidentsJson(final Path dir, final String bootstrap) throws Exception {
        final JarProcess incidents = JarProcess.run(dir, "incidents", "--bootstrap-servers", bootstrap, "--format", "json");
        assertThat(incidents.exitCode()).as(incidents.err()).isZero();
        return idsAndStatuses(incidents.out());
    }

    private static List<String> idsAndStatuses(final String ndjson) throws IOException {
        return jsonLines(ndjson).stream().map(i -> i.get("incidentId").asText() + " " + i.get("status").asText()).toList();
    }

    private static List<JsonNode> jsonLines(final String ndjson) throws IOException {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(MAPPER.readTree(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return nodes;
    }
}
