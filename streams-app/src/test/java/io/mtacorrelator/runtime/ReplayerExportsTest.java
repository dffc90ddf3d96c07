package io.mtacorrelator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.FormatTranslator;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.exports.ExportReader;
import io.mtacorrelator.exports.ExportRecord;
import io.mtacorrelator.ingest.DatePattern;
import io.mtacorrelator.ingest.InputSettings;
import io.mtacorrelator.ingest.RecordParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code replay} publishes for the exports of old servers, without a broker: as many records as the files hold
 * events (not lines), each stamped with its own event time read in the configured zone and keyed by its MTA.
 */
class ReplayerExportsTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<String> episodeEvents() {
        final Scenario scenario = new Scenario(MORNING);
        scenario.q181721Episode("EXCH1", "EXCH2", 15, 50, 50);
        return scenario.lines().stream().filter(l -> Scenario.EVENTLOG_TOPIC.equals(l.topic())).map(Scenario.Line::json).toList();
    }

    @Test
    void countsTheEventsOfAPrettyPrintedXmlExportNotItsLines(@TempDir final Path dir) throws IOException {
        // Given: the episode's events as one pretty-printed <Events> document (Event Viewer "Save as XML", a WEF
        // collector's wevtutil query), each event over many lines, messages broken over two
        final List<String> events = episodeEvents();
        final String document = FormatTranslator.evtxDocument(events);
        final Path file = Files.writeString(dir.resolve("forwarded-events.xml"), document, StandardCharsets.UTF_8);

        // When
        final long count = Replayer.count(List.of(file), f -> ExportOptions.DEFAULTS);

        // Then: one record per event (the control: the file has many more lines than events)
        assertThat(document.lines().count()).isGreaterThan(events.size() * 10L);
        assertThat(count).isEqualTo(events.size());
    }

    @Test
    void stampsAVistaCsvRowWithItsLocalTimeInTheMtasZoneAndKeysItByTheComputerGiven(@TempDir final Path dir) throws IOException {
        // Given: the episode's events as an Event Viewer (Vista and later) CSV export of EXCH1 (no Computer column,
        // multi-line descriptions; layout: README "Event Viewer export layouts"), whose clock ran on Berlin time
        final List<String> events = episodeEvents();
        final Path csv = Files.writeString(dir.resolve("Application.csv"), FormatTranslator.eventViewerCsv(events),
                StandardCharsets.UTF_8);
        final RecordParser berlin = new RecordParser(new InputSettings(ZoneOffset.UTC, Map.of("EXCH1", BERLIN),
                DatePattern.AUTO, null));

        // When: read as replay reads it with --computer Application.csv=EXCH1
        final List<Replayer.Stamp> stamps = new ArrayList<>();
        ExportReader.forEach(List.of(csv), ExportOptions.DEFAULTS.withComputer("EXCH1"),
                (ExportRecord record) -> stamps.add(Replayer.stamp(berlin, record)));

        // Then: every row readable, under EXCH1, at the wall-clock time the export shows taken as Berlin time
        assertThat(stamps).hasSize(events.size());
        final ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < events.size(); i++) {
            final Instant logged = Instant.parse(json.readTree(events.get(i)).get("@timestamp").asText());
            final Instant expected = LocalDateTime.ofInstant(logged, ZoneOffset.UTC).atZone(BERLIN).toInstant();
            assertThat(stamps.get(i).readable()).isTrue();
            assertThat(new String(stamps.get(i).key(), StandardCharsets.UTF_8)).isEqualTo("EXCH1");
            assertThat(Instant.ofEpochMilli(stamps.get(i).time())).isEqualTo(expected);
        }
    }
}
