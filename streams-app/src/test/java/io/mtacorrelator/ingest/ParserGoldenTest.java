package io.mtacorrelator.ingest;

import io.mtacorrelator.FormatTranslator;
import io.mtacorrelator.RecordMutator;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.exports.ExportReader;
import io.mtacorrelator.exports.ExportRecord;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser's behaviour pinned record by record: a corpus of raw records (every fixture, a generated estate, one
 * episode re-shipped in every format and export layout, hand-made edge cases and thousands of damaged records) and
 * what the parser made of each, recorded once with the parser as it was before its fast path. Any change to an
 * outcome, a reason, a parser name, a field of the normalised record or the bytes kept for a dead letter shows here.
 *
 * <p>Regenerate (only when a behaviour change is intended and reviewed):
 * {@code mvn -B -pl streams-app -am test -Dtest=ParserGoldenTest -Dgolden.write=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ParserGoldenTest {

    private static final Path GOLDEN_DIR = Path.of("src/test/resources/golden");
    private static final String CORPUS = "parser-corpus.txt.gz";
    private static final String OUTCOMES = "parser-outcomes.txt.gz";

    /** A second configuration: zones per MTA, a fixed date order and a default computer (issue 10's settings). */
    private static final InputSettings LOCAL = new InputSettings(ZoneId.of("America/New_York"),
            Map.of("EXCH2", ZoneId.of("Europe/Amsterdam"), "EXCH0003", ZoneId.of("Asia/Tokyo")), DatePattern.of("d/M/yyyy"), "exch9.corp");

    /** One corpus entry: the raw bytes and the length the record had before a reader cut it. */
    record Input(byte[] value, long originalLength) {
    }

    @Test
    void theParserReproducesEveryRecordedOutcome() throws IOException {
        // Given: the recorded corpus and the outcomes the parser gave for it
        final List<Input> corpus = readCorpus();
        final List<String> expected = readLines(OUTCOMES);
        assertThat(corpus).hasSizeGreaterThan(10_000);

        // When
        final List<String> actual = outcomes(corpus);

        // Then: line by line the same (the first differences are shown with their input)
        final List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(actual.size(), expected.size()) && differences.size() < 10; i++) {
            final String a = i < actual.size() ? actual.get(i) : "<none>";
            final String e = i < expected.size() ? expected.get(i) : "<none>";
            if (!a.equals(e)) {
                differences.add("expected " + e + "\n  actual " + a);
            }
        }
        assertThat(differences).as("outcomes that differ from the recorded ones").isEmpty();
        assertThat(actual).hasSameSizeAs(expected);
    }

    @Test
    @EnabledIfSystemProperty(named = "golden.write", matches = "true")
    void recordTheCorpusAndItsOutcomes(@TempDir final Path dir) throws IOException {
        final List<Input> corpus = buildCorpus(dir);
        Files.createDirectories(GOLDEN_DIR);
        try (Writer out = gzipWriter(GOLDEN_DIR.resolve(CORPUS))) {
            for (final Input input : corpus) {
                out.write(Base64.getEncoder().encodeToString(input.value()) + "\t" + input.originalLength() + "\n");
            }
        }
        try (Writer out = gzipWriter(GOLDEN_DIR.resolve(OUTCOMES))) {
            for (final String line : outcomes(corpus)) {
                out.write(line + "\n");
            }
        }
    }

    /** Each input through the default parser and the parser with {@link #LOCAL} settings, one line per outcome. */
    static List<String> outcomes(final List<Input> corpus) {
        final Map<String, RecordParser> parsers = Map.of("default", new RecordParser(), "local", new RecordParser(LOCAL));
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            final Input input = corpus.get(i);
            for (final String settings : List.of("default", "local")) {
                final List<RecordParser.Parsed> all = parsers.get(settings).parseAll(input.value(), input.originalLength());
                for (int n = 0; n < all.size(); n++) {
                    lines.add(i + "\t" + settings + "\t" + (n + 1) + "/" + all.size() + "\t" + canonical(all.get(n), input.value()));
                }
                if (all.size() == 1) {
                    // parse (one outcome, or a refusal of a batch) as well
                    final ParseOutcome one = parsers.get(settings).parse(input.value());
                    if (!one.equals(all.get(0).outcome())) {
                        lines.add(i + "\t" + settings + "\tparse\t" + canonical(new RecordParser.Parsed(one, input.value()), input.value()));
                    }
                } else {
                    lines.add(i + "\t" + settings + "\tparse\t"
                            + canonical(new RecordParser.Parsed(parsers.get(settings).parse(input.value()), input.value()), input.value()));
                }
            }
        }
        return lines;
    }

    /** Outcome type, parser, reason or normalised record, and the bytes kept with it (= when they are the input's). */
    private static String canonical(final RecordParser.Parsed parsed, final byte[] input) {
        final ParseOutcome outcome = parsed.outcome();
        final String what;
        if (outcome instanceof ParseOutcome.Event e) {
            what = "Event\t" + e.parser() + "\t" + e.event();
        } else if (outcome instanceof ParseOutcome.Sample s) {
            what = "Sample\t" + s.parser() + "\t" + s.sample();
        } else if (outcome instanceof ParseOutcome.Ignored ig) {
            what = "Ignored\t" + ig.parser() + "\t" + ig.reason();
        } else {
            final ParseOutcome.Rejected r = (ParseOutcome.Rejected) outcome;
            what = "Rejected\t" + r.parser() + "\t" + r.reason();
        }
        final String bytes = Arrays.equals(parsed.record(), input) ? "=" : Base64.getEncoder().encodeToString(parsed.record());
        return escape(what) + "\t" + bytes;
    }

    private static String escape(final String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    // ---- the corpus, built once by recordTheCorpusAndItsOutcomes ----

    private static List<Input> buildCorpus(final Path dir) throws IOException {
        final List<Input> corpus = new ArrayList<>();
        final List<String> jsonSeeds = new ArrayList<>();
        final List<String> textSeeds = new ArrayList<>();

        // every fixture, as the file is and, for JSON, compact; CSV fixtures line by line and through the export reader
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures"))) {
            for (final Path file : files.sorted().toList()) {
                final byte[] bytes = Files.readAllBytes(file);
                add(corpus, bytes);
                final String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    final String compact = Fixtures.load(name).toString();
                    add(corpus, compact);
                    if (compact.startsWith("{")) {
                        jsonSeeds.add(compact);
                    }
                } else {
                    textSeeds.add(new String(bytes, StandardCharsets.UTF_8));
                    if (name.endsWith(".csv")) {
                        new String(bytes, StandardCharsets.UTF_8).lines().forEach(line -> {
                            add(corpus, line);
                            textSeeds.add(line);
                        });
                    }
                    exportRecords(file, ExportOptions.DEFAULTS).forEach(r -> add(corpus, r.value()));
                }
            }
        }

        // a generated estate as the bench publishes it (Telegraf, Metricbeat, Winlogbeat 8, NXLog), with planted faults
        new EstateGenerator(EstateSpec.of(181_721L, 4, 5, 4_000, 3.0)).generate(r -> add(corpus, r.value()));
        new EstateGenerator(new EstateSpec(7L, 3, 2, 1_000, 6.0, 10, Instant.parse("2003-10-26T00:00:00Z")))
                .generate(r -> {
                    add(corpus, r.value());
                    if (!r.counter()) {
                        jsonSeeds.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                });

        // one Q181721 episode re-shipped by every shipper and written into every export layout
        final Scenario scenario = new Scenario(Instant.parse("1999-03-01T08:00:00Z"));
        scenario.q181721Episode("EXCH1", "EXCH2", 5, 40, 50);
        scenario.healthy("EXCH2", "EXCH1", 0, 40, 1000);
        final List<String> events = new ArrayList<>();
        final List<String> samples = new ArrayList<>();
        for (final Scenario.Line line : scenario.lines()) {
            (Scenario.EVENTLOG_TOPIC.equals(line.topic()) ? events : samples).add(line.json());
        }
        for (final String event : events) {
            for (final FormatTranslator.EventFormat format : FormatTranslator.EventFormat.values()) {
                final String shipped = FormatTranslator.event(event, format);
                add(corpus, shipped);
                (shipped.startsWith("{") ? jsonSeeds : textSeeds).add(shipped);
            }
        }
        for (final String sample : samples) {
            add(corpus, sample);
            add(corpus, FormatTranslator.metricbeat(sample));
            add(corpus, FormatTranslator.telegrafRemote(sample, "MONITOR01"));
            jsonSeeds.addAll(List.of(sample, FormatTranslator.metricbeat(sample), FormatTranslator.telegrafRemote(sample, "MONITOR01")));
        }
        for (final String batch : FormatTranslator.telegrafBatches(samples, 7)) {
            add(corpus, batch);
            add(corpus, "\uFEFF" + batch);
            jsonSeeds.add(batch);
        }
        final Path xml = Files.writeString(dir.resolve("forwarded-events.xml"), FormatTranslator.evtxDocument(events));
        final Path csv = Files.writeString(dir.resolve("Application.csv"), FormatTranslator.eventViewerCsv(events));
        for (final ExportRecord r : exportRecords(xml, ExportOptions.DEFAULTS)) {
            add(corpus, r.value());
            textSeeds.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        exportRecords(csv, ExportOptions.DEFAULTS).forEach(r -> add(corpus, r.value()));
        for (final ExportRecord r : exportRecords(csv, ExportOptions.DEFAULTS.withComputer("EXCH1"))) {
            add(corpus, r.value());
            jsonSeeds.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        FormatTranslator.eventViewerCsv(events).lines().limit(4).forEach(line -> add(corpus, line));

        // hand-made edge cases of the detector
        edgeCases().forEach(text -> add(corpus, text));
        add(corpus, new byte[0]);
        corpus.add(new Input(events.get(0).getBytes(StandardCharsets.UTF_8), 20_000_000L));
        corpus.add(new Input("{\"pad\":1}".getBytes(StandardCharsets.UTF_8), RecordParser.MAX_RECORD_BYTES + 1L));

        // damaged records: the fuzz test's mutations of JSON records, and byte-level damage of text records
        final RecordMutator mutator = new RecordMutator(181_721L, jsonSeeds);
        for (int i = 0; i < 6_000; i++) {
            add(corpus, mutator.next());
        }
        final Random random = new Random(9316L);
        for (int i = 0; i < 1_500; i++) {
            add(corpus, damage(textSeeds.get(random.nextInt(textSeeds.size())), random));
        }
        return corpus;
    }

    private static List<String> edgeCases() {
        return List.of("42", " 42 ", "-1", "-", "01", "1e400", "1.", ".5", "+1", "1e5", "-0.0e-3", "\"MSExchangeMTA\"", "\"a\\u0041\\n\"",
                "\"unterminated", "\"bad \\x escape\"", "\"a\" \"b\"", "true", "false", "null", "nul", "truex", "NaN", "Infinity",
                "   ", "\t\r\n", "\u2003{\"winlog\":{}}", "\u2003 42", "\u00A0{}", "{}", "[]", "[{\"winlog\":{}}]", "{\"a\":1,}",
                "{'winlog': {}}", "{\"winlog\": {", "{\"metrics\":[]}", "{\"metrics\":[1,\"x\",null,{}]}", "{\"metrics\":{}}",
                "{\"metrics\":[],\"x\":1}", "{\"metrics\":[{\"fields\":{\"Queue_Length\":1},\"tags\":{\"host\":\"E\",\"objectname\":"
                        + "\"MSExchangeMTA\"},\"timestamp\":920275200}]}", "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{\"a\":1} // c",
                "{\"a\":1}\n", "\uFEFF\uFEFF{}", "<13>Mar  1 08:31:10 exch1 MSExchangeMTA: 9316", "<", "<?", "<!-- x -->",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Event>&e;</Event>", "<Events><Event/><Event/></Events>",
                "winlogbeat: 9316 EXCH1", "a,b,c,d,e,f,g,h,i", "\"Warning\",\"3/1/1999\",\"8:31:10 AM\",\"MSExchangeMTA\"",
                "{\"winlog\":" + "[".repeat(100) + "]".repeat(100) + "}", "{\"x\":" + "1".repeat(1200) + "}",
                "1" + "0".repeat(1200), "{\"fields\":{\"Queue_Length\":12345678901234567890123},\"tags\":{\"host\":\"E\","
                        + "\"objectname\":\"MSExchangeMTA\"},\"timestamp\":920275200}",
                "{\"fields\":{\"Queue_Length\":1},\"tags\":{\"host\":\"E\",\"objectname\":\"MSExchangeMTA\"},\"timestamp\":9.2e8}",
                "{\"fields\":{\"Queue_Length\":1},\"tags\":{\"host\":\"E\",\"objectname\":\"MSExchangeMTA\"},\"timestamp\":\"9\"}",
                "{\"fields\":{\"a\":1,\"a\":2},\"tags\":{\"host\":\"E\",\"objectname\":\"MSExchangeMTA\"},\"timestamp\":920275200}");
    }

    /** Byte-level damage of a text (XML or CSV) record: flipped bytes, a cut, a doubled record, invalid UTF-8. */
    private static byte[] damage(final String seed, final Random random) {
        final byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int n = 1 + random.nextInt(4); n > 0 && bytes.length > 0; n--) {
                    bytes[random.nextInt(bytes.length)] = (byte) (32 + random.nextInt(95));
                }
                return bytes;
            }
            case 1 -> {
                return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            case 2 -> {
                return (seed + "\n" + seed).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                final byte[] out = bytes.clone();
                if (out.length > 0) {
                    out[random.nextInt(out.length)] = (byte) 0xFF;
                }
                return out;
            }
            default -> {
                final int at = random.nextInt(seed.length() + 1);
                return (seed.substring(0, at) + "\"<,>&\t" + seed.substring(at)).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static List<ExportRecord> exportRecords(final Path file, final ExportOptions options) throws IOException {
        final List<ExportRecord> records = new ArrayList<>();
        ExportReader.forEach(List.of(file), options, records::add);
        return records;
    }

    private static void add(final List<Input> corpus, final String text) {
        add(corpus, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void add(final List<Input> corpus, final byte[] value) {
        corpus.add(new Input(value, value.length));
    }

    static List<Input> readCorpus() {
        final List<Input> corpus = new ArrayList<>();
        for (final String line : readLines(CORPUS)) {
            final int tab = line.indexOf('\t');
            corpus.add(new Input(Base64.getDecoder().decode(line.substring(0, tab)), Long.parseLong(line.substring(tab + 1))));
        }
        return corpus;
    }

    private static List<String> readLines(final String resource) {
        try (InputStream in = ParserGoldenTest.class.getResourceAsStream("/golden/" + resource)) {
            assertThat(in).as("resource golden/" + resource).isNotNull();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Writer gzipWriter(final Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8));
    }
}
