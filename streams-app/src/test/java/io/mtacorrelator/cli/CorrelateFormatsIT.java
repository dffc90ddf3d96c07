package io.mtacorrelator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.CefConformance;
import io.mtacorrelator.render.EcsConformance;
import io.mtacorrelator.render.IncidentEcs;
import io.mtacorrelator.render.IncidentFormat;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.render.OcsfConformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance of the SIEM shapes: {@code java -jar mta-correlator.jar correlate --format ocsf|ecs|cef FILE}, as
 * its own process, prints one valid record per incident state change: OCSF Detection Findings valid against the
 * class's JSON Schema, ECS documents of ECS's field types, CEF lines a third-party parser reads. Each is the
 * rendering of the same incidents {@code correlate} writes as JSON.
 */
class CorrelateFormatsIT {

    private static final Path SCENARIO = Path.of("src", "main", "resources", "scenarios", "q181721-episode.ndjson");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;
    /** The incidents of the bundled scenario as correlate writes them by default (JSON). */
    private static List<Incident> incidents;

    @BeforeAll
    static void correlateAsJson() throws IOException {
        final Path out = dir.resolve("incidents.json");
        final CliHarness json = CliHarness.run("correlate", "--out", out.toString(), SCENARIO.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        incidents = Files.readAllLines(out, StandardCharsets.UTF_8).stream().map(IncidentJson::fromLine).toList();
        assertThat(incidents).as("the scenario's incidents").isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = IncidentFormat.class, names = {"ECS", "OCSF", "CEF"})
    void theJarPrintsEachIncidentInTheShape(final IncidentFormat format) throws Exception {
        // When: the fat jar, as a user runs it
        final List<String> lines = runJar("correlate", "--format", format.id(), SCENARIO.toString());

        // Then: one line per state change, each the rendering of that incident, and each valid in its standard
        assertThat(lines).hasSameSizeAs(incidents);
        for (int k = 0; k < lines.size(); k++) {
            final Incident incident = incidents.get(k);
            final String line = lines.get(k);
            assertThat(line).isEqualTo(format.render(incident));
            switch (format) {
                case OCSF -> {
                    assertThat(OcsfConformance.problems(line)).as(line).isEmpty();
                    final JsonNode f = MAPPER.readTree(line);
                    assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
                    assertThat(f.at("/finding_info/uid").asText()).isEqualTo(incident.getIncidentId());
                }
                case ECS -> {
                    final JsonNode doc = MAPPER.readTree(line);
                    final List<String> checked = new ArrayList<>();
                    assertThat(EcsConformance.problems(doc, IncidentEcs.NAMESPACE, checked)).as(line).isEmpty();
                    assertThat(checked).contains("event.kind", "event.id");
                    assertThat(doc.at("/event/id").asText()).isEqualTo(incident.getIncidentId());
                }
                case CEF -> {
                    final CefConformance.Cef cef = CefConformance.parse(line);
                    assertThat(cef.extension().get("externalId")).isEqualTo(incident.getIncidentId());
                    assertThat(cef.header().get("deviceEventClassId")).isEqualTo(incident.getKb());
                }
                default -> throw new AssertionError(format);
            }
        }
    }

    @Test
    void anUnknownFormatIsOneLineAndExitCodeTwo() {
        // Given / When
        final CliHarness result = CliHarness.run("correlate", "--format", "leef", SCENARIO.toString());

        // Then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("correlate: --format: unknown incident format 'leef' (known: text, json, ecs, ocsf, cef)");
        assertThat(result.out()).isEmpty();
    }

    /** Runs the fat jar as its own process and returns its stdout lines; fails with its stderr if it fails. */
    private static List<String> runJar(final String... args) throws IOException, InterruptedException {
        final Path jar = Path.of("target", "mta-correlator.jar");
        assertThat(jar).as("the fat jar is built in the package phase").exists();
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("correlate finishes").isTrue();
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
