package io.mtacorrelator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.FormatTranslator;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code correlate} end to end: real in-process KRaft broker, the production topology, JSON out. */
class CorrelateCommandIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    @Test
    void correlatesAScenarioFileIntoQ181721IncidentJson(@TempDir final Path dir) throws IOException {
        // Given: EXCH1 -> EXCH2 has the article's episode; EXCH4's remote is simply down (no association);
        // an unrelated provider's record and a truncated line are mixed in
        final Scenario scenario = new Scenario(MORNING);
        final int thresholdMinute = scenario.q181721Episode("EXCH1", "EXCH2", 20, 60, 50);
        for (int m = 0; m < 60; m++) {
            scenario.sample(ShipperRecords.connectionSample(scenario.at(m), "EXCH4", "EXCH5", 1 + m, 0, 700), scenario.at(m));
            if (m % 5 == 0) {
                scenario.event(ShipperRecords.bindFailed(scenario.at(m, 30), "EXCH4", 12), scenario.at(m, 30));
            }
        }
        scenario.event(ShipperRecords.winlogbeat(scenario.at(7), "EXCH1", "Service Control Manager", 7036, "None",
                "The Microsoft Exchange MTA service entered the running state."), scenario.at(7));
        final List<String> lines = new ArrayList<>(scenario.lines().stream().map(Scenario.Line::json).toList());
        lines.add(40, "{\"@timestamp\":\"1999-03-01T08:10:00Z\",\"winlog\":{\"provider_na");
        final Path input = Files.write(dir.resolve("mixed.ndjson"), lines, StandardCharsets.UTF_8);
        final Path out = dir.resolve("incidents.ndjson");

        // When
        final CliHarness result = CliHarness.run("correlate", "--out", out.toString(), input.toString());

        // Then: the run accounts for every record
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("read " + lines.size() + ", parsed " + (lines.size() - 2)
                + ", ignored 1 (unrelated sources), dead-lettered 1");
        // and reports one Q181721 incident for EXCH1 -> EXCH2 from OPEN to RESOLVED; EXCH4's dead remote is
        // diagnosed as what it is (Q170056), never as Q181721
        final List<JsonNode> all = readLines(out);
        assertThat(all).filteredOn(i -> "EXCH4".equals(i.get("mta").asText()))
                .isNotEmpty().allMatch(i -> "Q170056".equals(i.get("kb").asText()));
        final List<JsonNode> incidents = all.stream().filter(i -> "EXCH1".equals(i.get("mta").asText())).toList();
        assertThat(incidents).isNotEmpty();
        assertThat(incidents).extracting(i -> i.get("incidentId").asText()).containsOnly(incidents.get(0).get("incidentId").asText());
        for (final JsonNode incident : incidents) {
            assertThat(incident.get("kb").asText()).isEqualTo("Q181721");
            assertThat(incident.get("mta").asText()).isEqualTo("EXCH1");
            assertThat(incident.get("remoteMta").asText()).isEqualTo("EXCH2");
            for (final String time : List.of("firstSeen", "lastSeen", "detectedAt")) {
                assertThat(Instant.parse(incident.get(time).asText())).isBetween(MORNING, scenario.at(60));
            }
            assertThat(incident.get("evidence").get("symptomCounts").has("9277/MtaBind")).isTrue();
            assertThat(incident.get("remediation").get("summary").asText()).contains("Service Pack 4");
            assertThat(incident.get("remediation").get("references").findValuesAsText("id")).contains("Q181721", "Q152734");
        }
        assertThat(incidents.get(0).get("status").asText()).isEqualTo("OPEN");
        assertThat(incidents.get(0).get("evidence").get("queueLength").asInt()).isLessThan(50);
        final JsonNode last = incidents.get(incidents.size() - 1);
        assertThat(last.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(Instant.parse(last.get("resolvedAt").asText())).isAfter(scenario.at(thresholdMinute));
        assertThat(result.err()).contains("2 incident(s)");

        // and the same input gives the same incident ids
        final Path again = dir.resolve("again.ndjson");
        final CliHarness second = CliHarness.run("correlate", "--out", again.toString(), input.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(readLines(again)).extracting(i -> i.get("incidentId").asText() + "/" + i.get("status").asText())
                .isEqualTo(all.stream().map(i -> i.get("incidentId").asText() + "/" + i.get("status").asText()).toList());
    }

    @Test
    void anEpisodeStillOpenAtTheEndOfTheInputIsReported(@TempDir final Path dir) throws IOException {
        // Given: the file ends while the queue is still growing
        final Scenario scenario = new Scenario(MORNING);
        scenario.q181721Episode("EXCH1", "EXCH2", 10, 25, 50);
        final Path input = Files.write(dir.resolve("cut.ndjson"),
                scenario.lines().stream().map(Scenario.Line::json).toList(), StandardCharsets.UTF_8);

        // When: incidents go to stdout
        final CliHarness result = CliHarness.run("correlate", input.toString());

        // Then
        assertThat(result.exitCode()).as(result.err()).isZero();
        final List<JsonNode> incidents = result.out().lines().map(CorrelateCommandIT::parse).toList();
        assertThat(incidents).isNotEmpty().allMatch(i -> !"RESOLVED".equals(i.get("status").asText()));
        assertThat(result.err()).contains("1 still open")
                .contains("still open at end of input: " + incidents.get(0).get("incidentId").asText() + " Q181721 EXCH1 -> EXCH2");
    }

    private static List<JsonNode> readLines(final Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(CorrelateCommandIT::parse).toList();
    }

    private static JsonNode parse(final String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void correlatesAFileMixingEveryShipperFormatLikeTheWinlogbeatAndTelegrafOriginal(@TempDir final Path dir) throws IOException {
        // Given: the same episode twice: as Winlogbeat + Telegraf, and with each record re-shipped by a
        // different shipper in turn (NXLog, EVTX XML, both Event Viewer CSV layouts, Metricbeat)
        final Scenario scenario = new Scenario(MORNING);
        scenario.q181721Episode("EXCH1", "EXCH2", 15, 50, 50);
        final List<String> original = scenario.lines().stream().map(Scenario.Line::json).toList();
        final List<String> mixed = new ArrayList<>();
        final FormatTranslator.EventFormat[] formats = FormatTranslator.EventFormat.values();
        int events = 0;
        int samples = 0;
        for (final Scenario.Line line : scenario.lines()) {
            if (Scenario.EVENTLOG_TOPIC.equals(line.topic())) {
                mixed.add(FormatTranslator.event(line.json(), formats[events++ % formats.length]));
            } else {
                mixed.add(samples++ % 2 == 0 ? line.json() : FormatTranslator.metricbeat(line.json()));
            }
        }
        final Path originalFile = Files.write(dir.resolve("original.ndjson"), original, StandardCharsets.UTF_8);
        final Path mixedFile = Files.write(dir.resolve("mixed.ndjson"), mixed, StandardCharsets.UTF_8);

        // When
        final CliHarness fromOriginal = CliHarness.run("correlate", originalFile.toString());
        final CliHarness fromMixed = CliHarness.run("correlate", mixedFile.toString());

        // Then: every record parsed, and the same incidents
        assertThat(fromMixed.exitCode()).as(fromMixed.err()).isZero();
        assertThat(fromMixed.err()).contains("read " + mixed.size() + ", parsed " + mixed.size() + ", ignored 0");
        assertThat(fromMixed.out()).isNotBlank().isEqualTo(fromOriginal.out());
    }
}
