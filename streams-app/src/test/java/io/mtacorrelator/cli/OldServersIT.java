package io.mtacorrelator.cli;

import io.mtacorrelator.FormatTranslator;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.exports.ExportOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance of "what old Exchange servers really ship": the article's episode on EXCH1 -> EXCH2, delivered the
 * ways a Windows NT 4.0 / 2000 / 2003 server's events and counters reach us, gives exactly the incidents (same ids,
 * same state changes) of the Winlogbeat 8 + Telegraf original, and every event counts once, whatever its lines.
 */
class OldServersIT {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    /** One way of delivering the same records: the files correlate is given, and its extra arguments. */
    enum Delivery {
        /**
         * WEF collector (or Event Viewer "Save as XML"): one pretty-printed <Events> document, messages over lines. Each
         * event in Microsoft's Event schema (learn.microsoft.com, "Event Schema": System, EventData, RenderingInfo).
         */
        WEF_XML_PRETTY_PRINTED,
        /**
         * Winlogbeat 6.x on Windows Server 2003: top-level computer_name, event_id, source_name, record_number (Winlogbeat
         * 6.x reference, "Event log record fields").
         */
        WINLOGBEAT_6,
        /**
         * Telegraf on a newer machine reading the MTA's counters remotely: tags.host is the collector, tags.source the MTA
         * (Telegraf's win_perf_counters plugin README: the Sources setting and the "source" tag).
         */
        TELEGRAF_REMOTE,
        /**
         * Telegraf outputs.file with use_batch_format: {"metrics":[...]} lines of several samples (Telegraf, "JSON output
         * data format", "Batch format").
         */
        TELEGRAF_BATCH,
        /**
         * Event Viewer (Vista and later) "Save All Events As" CSV: the header Level,Date and Time,Source,Event ID,Task
         * Category, no Computer column (given with --computer), multi-line quoted descriptions (the layout as published
         * in real exports; README "Event Viewer export layouts").
         */
        EVENT_VIEWER_CSV
    }

    private static List<String> events;
    private static List<String> samples;
    private static CliHarness original;
    private static int records;

    @BeforeAll
    static void correlateTheOriginal(@TempDir final Path dir) throws IOException {
        // Given: the episode as Winlogbeat 8 events and Telegraf samples of EXCH1, in two files
        final Scenario scenario = new Scenario(MORNING);
        scenario.q181721Episode("EXCH1", "EXCH2", 15, 50, 50);
        events = scenario.lines().stream().filter(l -> Scenario.EVENTLOG_TOPIC.equals(l.topic())).map(Scenario.Line::json).toList();
        samples = scenario.lines().stream().filter(l -> Scenario.COUNTERS_TOPIC.equals(l.topic())).map(Scenario.Line::json).toList();
        records = events.size() + samples.size();
        original = CliHarness.run("correlate", write(dir, "winlogbeat.ndjson", events).toString(),
                write(dir, "telegraf.ndjson", samples).toString());
        // Positive control: the original does show the article's incident.
        assertThat(original.exitCode()).as(original.err()).isZero();
        assertThat(original.out()).contains("\"kb\":\"Q181721\"").contains("\"status\":\"OPEN\"").contains("\"status\":\"RESOLVED\"");
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void givesTheIncidentsOfTheWinlogbeatAndTelegrafOriginal(final Delivery delivery, @TempDir final Path dir) throws IOException {
        // Given
        final List<String> args = new ArrayList<>(List.of("correlate"));
        switch (delivery) {
            case WEF_XML_PRETTY_PRINTED -> {
                args.add(write(dir, "forwarded-events.xml", FormatTranslator.evtxDocument(events)).toString());
                args.add(write(dir, "telegraf.ndjson", samples).toString());
            }
            case WINLOGBEAT_6 -> {
                args.add(write(dir, "winlogbeat6.ndjson", events.stream()
                        .map(e -> FormatTranslator.event(e, FormatTranslator.EventFormat.WINLOGBEAT_6)).toList()).toString());
                args.add(write(dir, "telegraf.ndjson", samples).toString());
            }
            case TELEGRAF_REMOTE -> {
                args.add(write(dir, "winlogbeat.ndjson", events).toString());
                args.add(write(dir, "telegraf-remote.ndjson", samples.stream()
                        .map(s -> FormatTranslator.telegrafRemote(s, "MONITOR01")).toList()).toString());
            }
            case TELEGRAF_BATCH -> {
                args.add(write(dir, "winlogbeat.ndjson", events).toString());
                args.add(write(dir, "telegraf-batch.json", FormatTranslator.telegrafBatches(samples, 7)).toString());
            }
            case EVENT_VIEWER_CSV -> {
                final Path csv = write(dir, "Application.csv", FormatTranslator.eventViewerCsv(events));
                args.addAll(List.of("--computer", csv + "=EXCH1", csv.toString()));
                args.add(write(dir, "telegraf.ndjson", samples).toString());
            }
            default -> throw new IllegalStateException(delivery.name());
        }

        // When
        final CliHarness result = CliHarness.run(args.toArray(String[]::new));

        // Then: every event and sample read once and parsed (events, not lines), and the very same incidents
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("read " + records + ", parsed " + records + ", ignored 0 (unrelated sources), dead-lettered 0");
        assertThat(result.out()).isEqualTo(original.out());
    }

    @Test
    void aMultiLineEventIsOneRecordAndAMalformedOneIsOneDeadLetter(@TempDir final Path dir) throws IOException {
        // Given: three pretty-printed events in one <Events> document, the second despaced by a broken exporter
        // ("<Eventxmlns=...>"), each over 18 lines
        final String document = FormatTranslator.evtxDocument(events.subList(0, 3));
        final int second = document.indexOf("<Event ", document.indexOf("<Event ") + 1);
        final String damaged = document.substring(0, second) + "<Eventxmlns=" + document.substring(second + "<Event xmlns=".length());
        final Path file = write(dir, "forwarded-events.xml", damaged);
        final Path deadLetters = dir.resolve("dead-letters.ndjson");

        // When
        final CliHarness result = CliHarness.run("correlate", "--dead-letters", deadLetters.toString(), file.toString());

        // Then: three events read (not one per line), two parsed, the damaged one a single dead letter saying why
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(damaged.lines().count()).isGreaterThan(3 * 15);
        assertThat(result.err()).contains("read 3, parsed 2, ignored 0 (unrelated sources), dead-lettered 1");
        final List<String> letters = Files.readAllLines(deadLetters, StandardCharsets.UTF_8);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0)).contains("malformed XML").contains("Eventxmlns");
    }

    @Test
    void aLineCutWhenReadIsDeadLetteredWithItsRealSize(@TempDir final Path dir) throws IOException {
        // Given: a 20 MB line (a file without line breaks), then a good record
        final int size = 20 * 1024 * 1024;
        final StringBuilder huge = new StringBuilder(size).append("{\"message\":\"");
        huge.append("x".repeat(size - huge.length() - 2)).append("\"}");
        final Path file = write(dir, "huge.ndjson", List.of(huge.toString(), events.get(0)));
        final Path deadLetters = dir.resolve("dead-letters.ndjson");

        // When
        final CliHarness result = CliHarness.run("correlate", "--dead-letters", deadLetters.toString(), file.toString());

        // Then: the reason gives the size in the file, not the size it was cut to
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("read 2, parsed 1");
        final String letter = Files.readString(deadLetters, StandardCharsets.UTF_8);
        assertThat(letter).contains("record of " + size + " bytes (cut to " + ExportOptions.DEFAULT_MAX_RECORD_BYTES + " when read)");
    }

    private static Path write(final Path dir, final String name, final List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static Path write(final Path dir, final String name, final String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
