package io.mtacorrelator.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void readsNdjsonLineByLineWithLineNumbers() throws IOException {
        // Given: two records, a blank line and CRLF endings between them
        final Path file = write("a.ndjson", "{\"a\":1}\r\n\r\n{\"b\":2}\r\n", StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then
        assertThat(records).extracting(ExportRecord::format).containsOnly(ExportFormat.NDJSON);
        assertThat(records).extracting(r -> text(r)).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(records).extracting(ExportRecord::ordinal).containsExactly(1L, 2L);
        assertThat(records).extracting(ExportRecord::line).containsExactly(1L, 3L);
        assertThat(records.get(1).origin()).isEqualTo(file + " record 2 (line 3)");
    }

    @Test
    void keepsTheRealLengthOfALineItCuts() throws IOException {
        // Given: a 5,000-byte line and a cut at 1,000 bytes, then a short line (positive control)
        final String longLine = "{\"x\":\"" + "y".repeat(5000 - 8) + "\"}";
        final Path file = write("long.ndjson", longLine + "\n{\"a\":1}\n", StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS.withMaxRecordBytes(1000));

        // Then: the first record is cut, but says how long it was
        assertThat(records).hasSize(2);
        assertThat(records.get(0).value()).hasSize(1000);
        assertThat(records.get(0).originalLength()).isEqualTo(longLine.length());
        assertThat(records.get(0).truncated()).isTrue();
        assertThat(records.get(1).truncated()).isFalse();
    }

    @Test
    void splitsATelegrafBatchIntoItsMetrics() throws IOException {
        // Given: Telegraf's JSON serializer batch format ({"metrics":[...]}), one batch per line as outputs.file
        // writes it with use_batch_format (docs.influxdata.com, Telegraf "JSON output data format", "Batch format")
        final String m1 = "{\"fields\":{\"Queue_Length\":3},\"name\":\"win_perf_counters\",\"tags\":{\"host\":\"COLLECT\","
                + "\"instance\":\"EXCH2\",\"objectname\":\"MSExchangeMTA Connections\",\"source\":\"EXCH1\"},\"timestamp\":920275200}";
        final String m2 = m1.replace("920275200", "920275260");
        final Path file = write("batch.json", "{\"metrics\":[" + m1 + "," + m2 + "]}\n" + m1 + "\n", StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then: each metric is a record of its own, as Telegraf writes it without the batch format
        assertThat(records).hasSize(3);
        assertThat(tree(records.get(0))).isEqualTo(JSON.readTree(m1));
        assertThat(tree(records.get(1))).isEqualTo(JSON.readTree(m2));
        assertThat(records).extracting(ExportRecord::line).containsExactly(1L, 1L, 2L);
        assertThat(records).extracting(ExportRecord::ordinal).containsExactly(1L, 2L, 3L);
    }

    @Test
    void readsPrettyPrintedEventsInAnEventsWrapperOneRecordPerEvent() throws IOException {
        // Given: Event Viewer's "Save as XML" shape: a declaration, <Events>, events over many lines, and a
        // rendered message holding line breaks
        final String event1 = """
                <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>
                    <System>
                      <Provider Name='MSExchangeMTA'/>
                      <EventID Qualifiers='49152'>9316</EventID>
                    </System>
                    <RenderingInfo Culture='en-US'>
                      <Message>An RPC communications error occurred.
                Windows NT error: 1727.</Message>
                    </RenderingInfo>
                  </Event>""";
        final String event2 = event1.replace("9316", "9277");
        final Path file = write("events.xml", "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\n<Events>\n  "
                + event1 + "\n  <!-- a comment -->\n  " + event2 + "\n</Events>\n", StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then
        assertThat(records).extracting(ExportRecord::format).containsOnly(ExportFormat.EVTX_XML);
        assertThat(records).extracting(ExportRecord::value).extracting(v -> new String(v, StandardCharsets.UTF_8))
                .containsExactly(event1, event2);
        // (the second starts after the first's lines and the comment's line)
        final long secondLine = 3L + event1.lines().count() + 1;
        assertThat(records).extracting(ExportRecord::line).containsExactly(3L, secondLine);
        assertThat(records.get(1).origin()).isEqualTo(file + " event 2 (line " + secondLine + ")");
    }

    @Test
    void readsAStreamOfEventsWithoutAWrapperOneRecordPerEvent() throws IOException {
        // Given: what "wevtutil qe Application /f:xml" writes (Microsoft Learn, "wevtutil" command reference, /f:xml;
        // on a WEF collector the log is ForwardedEvents): <Event> elements back to back with no root element and no
        // line break between them; the second one pretty-printed, its message over two lines
        final String compact = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='MSExchangeMTA'/><EventID Qualifiers='49152'>9316</EventID></System></Event>";
        final String pretty = """
                <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>
                  <System>
                    <Provider Name='MSExchangeMTA'/>
                    <EventID Qualifiers='49152'>9277</EventID>
                  </System>
                  <RenderingInfo Culture='en-US'>
                    <Message>The MTA has issued an RPC Cancel call.
                [SLPS100 MtaBind]</Message>
                  </RenderingInfo>
                </Event>""";
        final Path file = write("forwarded.xml", compact + pretty + compact + "\r\n", StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then: three events, not one per line and not one for the whole file
        assertThat(records).extracting(ExportRecord::format).containsOnly(ExportFormat.EVTX_XML);
        assertThat(records).extracting(r -> text(r)).containsExactly(compact, pretty, compact);
        // (the third starts on the pretty one's last line)
        assertThat(records).extracting(ExportRecord::line).containsExactly(1L, 1L, pretty.lines().count());
    }

    @Test
    void readsSeveralEventsOfAnEventsDocumentOnOneLine() throws IOException {
        // Given: an <Events> document that is not pretty-printed (Get-WinEvent's ToXml() joined inside a wrapper)
        final String event = "<Event><System><Provider Name='MSExchangeMTA'/><EventID>9316</EventID></System></Event>";
        final Path file = write("one-line.xml", "<Events>" + event + event.replace("9316", "9277") + "</Events>",
                StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then
        assertThat(records).extracting(r -> text(r)).containsExactly(event, event.replace("9316", "9277"));
    }

    @Test
    void anEventCutShortEndsWhereTheNextOneStarts() throws IOException {
        // Given: wevtutil-style events without a wrapper, the first one cut off before its end
        final String good = "<Event><System><EventID>9277</EventID></System></Event>";
        final Path file = write("cut.xml", "<Event><System><EventID>9316</EventID>\n" + good + "\n", StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then: two records, the second whole
        assertThat(records).extracting(r -> text(r))
                .containsExactly("<Event><System><EventID>9316</EventID>\n", good);
        assertThat(records).extracting(ExportRecord::line).containsExactly(1L, 2L);
    }

    @Test
    void givesEachEventTheNamespacesTheWrapperDeclares() throws IOException {
        // Given: a prefix declared once on the wrapper
        final Path file = write("ns.xml", "<e:Events xmlns:e=\"urn:x\"><e:Event><e:System/></e:Event></e:Events>",
                StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then
        assertThat(records).extracting(r -> text(r)).containsExactly("<e:Event xmlns:e=\"urn:x\"><e:System/></e:Event>");
    }

    @Test
    void readsAVistaCsvExportWithMultiLineDescriptionsAsJsonRows() throws IOException {
        // Given: Event Viewer (Vista and later) "Save All Events As" CSV: five named columns, a sixth unnamed one
        // with the description, quoted over several lines (shape as published in real exports, e.g. qsv's
        // "load Security.csv" example and Sysmon detection write-ups)
        final String csv = "Level,Date and Time,Source,Event ID,Task Category\r\n"
                + "Warning,3/1/1999 8:31:10 AM,MSExchangeMTA,9316,Interface,\"An RPC communications error occurred.\r\n"
                + "Windows NT error: 1727, \"\"quoted\"\".\"\r\n"
                + "Information,3/1/1999 8:32:00 AM,MSExchangeMTA,9298,Operating System,The MTA started.\r\n";
        final Path file = write("app.csv", csv, StandardCharsets.UTF_8);

        // When: read for the server EXCH1
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS.withComputer("EXCH1"));

        // Then
        assertThat(records).extracting(ExportRecord::format).containsOnly(ExportFormat.EVENTVIEWER_CSV);
        assertThat(records).hasSize(2);
        final JsonNode first = tree(records.get(0));
        assertThat(first.get("Level").asText()).isEqualTo("Warning");
        assertThat(first.get("Date and Time").asText()).isEqualTo("3/1/1999 8:31:10 AM");
        assertThat(first.get("Source").asText()).isEqualTo("MSExchangeMTA");
        assertThat(first.get("Event ID").asText()).isEqualTo("9316");
        assertThat(first.get("Task Category").asText()).isEqualTo("Interface");
        assertThat(first.get("Description").asText())
                .isEqualTo("An RPC communications error occurred.\r\nWindows NT error: 1727, \"quoted\".");
        assertThat(first.get("Computer").asText()).isEqualTo("EXCH1");
        assertThat(records).extracting(ExportRecord::line).containsExactly(2L, 4L);
        assertThat(records.get(1).origin()).isEqualTo(file + " row 2 (line 4)");
    }

    @Test
    void readsAUtf16TabDelimitedTextExport() throws IOException {
        // Given: Event Viewer's "Text (Tab delimited)" export (Save All Events As offers it beside CSV, with the same
        // columns; README "Event Viewer export layouts"), UTF-16 with a byte-order mark, a Dutch dd-MM-yyyy date
        final String text = "\uFEFFLevel\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
                + "Warning\t01-03-1999 08:31:10\tMSExchangeMTA\t9316\tInterface\t\"line one\r\nline two\"\r\n";
        final Path file = write("app.txt", text, StandardCharsets.UTF_16LE);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then: one row, no computer added (none given)
        assertThat(records).extracting(ExportRecord::format).containsOnly(ExportFormat.EVENTVIEWER_TEXT);
        assertThat(records).hasSize(1);
        assertThat(tree(records.get(0)).get("Description").asText()).isEqualTo("line one\r\nline two");
        assertThat(tree(records.get(0)).get("Date and Time").asText()).isEqualTo("01-03-1999 08:31:10");
        assertThat(tree(records.get(0)).has("Computer")).isFalse();
    }

    @Test
    void readsAHeaderlessClassicExportWithAnUnquotedDescription() throws IOException {
        // Given: Windows NT 4.0-2003 comma-delimited export in Microsoft's documented order
        // (Date,Time,Source,Type,Category,Event,User,Computer,Description), Windows-1252, description unquoted
        final String csv = "3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,Error, see caf\u00e9 log\r\n";
        final Path file = write("nt4.csv", csv, Charset.forName("windows-1252"));

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS.withComputer("IGNORED"));

        // Then: the description keeps its comma, the export's own Computer column stands
        final JsonNode row = tree(records.get(0));
        assertThat(row.get("Date").asText()).isEqualTo("3/1/99");
        assertThat(row.get("Time").asText()).isEqualTo("8:31:10 AM");
        assertThat(row.get("Event").asText()).isEqualTo("9316");
        assertThat(row.get("Computer").asText()).isEqualTo("EXCH1");
        assertThat(row.get("Description").asText()).isEqualTo("Error, see caf\u00e9 log");
    }

    @Test
    void passesARowTheCsvParserCannotReadOnAsItsText() throws IOException {
        // Given: a good row, then a row whose quote never closes (a file cut off mid-description)
        final String good = "3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,\"fine\"";
        final String cut = "3/1/99,8:32:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,\"cut\r\nshort";
        final Path file = write("cut.csv", good + "\r\n" + cut + "\r\n", StandardCharsets.UTF_8);

        // When
        final List<ExportRecord> records = read(file, ExportOptions.DEFAULTS);

        // Then
        assertThat(records).hasSize(2);
        assertThat(tree(records.get(0)).get("Description").asText()).isEqualTo("fine");
        assertThat(text(records.get(1))).isEqualTo(cut);
        assertThat(records.get(1).line()).isEqualTo(2);
    }

    @Test
    void readsUnknownTextLineByLine() throws IOException {
        // Given: text in no known format
        final Path file = write("x.log", "hello\nworld\n", StandardCharsets.UTF_8);

        // When / Then: every line still reaches the parser
        assertThat(read(file, ExportOptions.DEFAULTS)).extracting(r -> text(r)).containsExactly("hello", "world");
    }

    @Test
    void refusesABinaryEventLogWithWhatToDoInstead() throws IOException {
        // Given: the start of a binary .evtx file (signature "ElfFile\0")
        final Path file = dir.resolve("Application.evtx");
        Files.write(file, "ElfFile\0 and more".getBytes(StandardCharsets.US_ASCII));

        // When / Then
        assertThat(ExportReader.unreadable(file)).contains("binary .evtx").contains("wevtutil");
        assertThatThrownBy(() -> ExportReader.open(file)).isInstanceOf(UnsupportedExportException.class)
                .hasMessageContaining("binary .evtx");
        assertThat(ExportReader.unreadable(write("ok.ndjson", "{}\n", StandardCharsets.UTF_8))).isNull();
    }

    private Path write(final String name, final String text, final Charset charset) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(charset));
    }

    private static List<ExportRecord> read(final Path file, final ExportOptions options) throws IOException {
        final List<ExportRecord> records = new ArrayList<>();
        ExportReader.forEach(List.of(file), options, records::add);
        return records;
    }

    private static String text(final ExportRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(final ExportRecord record) throws IOException {
        return JSON.readTree(record.value());
    }
}
