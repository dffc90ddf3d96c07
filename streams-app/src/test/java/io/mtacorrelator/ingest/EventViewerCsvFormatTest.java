package io.mtacorrelator.ingest;

import io.mtacorrelator.avro.MtaEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static io.mtacorrelator.ingest.EvtxXmlFormatTest.EVTX_MTA_9316;
import static io.mtacorrelator.ingest.EvtxXmlFormatTest.text;
import static io.mtacorrelator.ingest.Fixtures.TELEGRAF_MTA_CONNECTIONS;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_8_MTA_9316;
import static io.mtacorrelator.ingest.Fixtures.event;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.sample;
import static io.mtacorrelator.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Lines of Event Viewer's comma-separated exports (NT 4.0 and Windows 2000/XP/2003 orders) through the detector. */
class EventViewerCsvFormatTest {

    /** NT 4.0 "Save As" comma-delimited text: an EventLog 6005, then the 9316 and 9277 of Q181721 (no header). */
    static final String NT4_APPLICATION = "eventviewer-nt4-application.csv";
    /** Windows 2000 "Save Log File As" CSV: the header, a Service Control Manager 7036, the 9316 and the 9277. */
    static final String W2K_APPLICATION = "eventviewer-w2k-application.csv";

    private static final String NT4_9316 = "3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,";
    private static final String W2K_9316 = "Warning,3/1/1999,8:31:10 AM,MSExchangeMTA,Interface,9316,N/A,EXCH1,";

    private final RecordParser parser = new RecordParser(List.of(
            new WinlogbeatFormat(), new TelegrafPerfCounterFormat(), new EvtxXmlFormat(), new EventViewerCsvFormat()));

    /** One line of an export fixture, 0-based, without its CRLF: what a line-per-record shipper puts on the topic. */
    private static String line(final String fixture, final int index) {
        return text(fixture).split("\\R")[index];
    }

    @Test
    void readsAnNt4RpcCommunicationsError() {
        // Given: the 9316 line of an NT 4.0 export (two-digit year, 12-hour time, unquoted description)
        final byte[] raw = utf8(line(NT4_APPLICATION, 1));

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: the local time is taken as UTC; no channel or record number in this export
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("eventviewer-csv");
        assertThat(e.getShipper()).isEqualTo("eventviewer-csv");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
        assertThat(e.getProvider()).isEqualTo("MSExchangeMTA");
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getChannel()).isNull();
        assertThat(e.getRecordId()).isNull();
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
        assertThat(e.getNtErrorName()).isEqualTo("RPC_S_CALL_FAILED_DNE");
        assertThat(e.getMessage()).startsWith("An RPC communications error occurred.").endsWith("(12)");
    }

    @Test
    void readsAnNt4RpcCancelWhoseUnquotedDescriptionHoldsCommas() {
        // Given: the 9277 line of an NT 4.0 export: the description is unquoted and has four commas
        final byte[] raw = utf8(line(NT4_APPLICATION, 2));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then: everything after the eighth comma is the description, decoded like any other
        assertThat(e.getMessage()).isEqualTo("The MTA has issued an RPC Cancel call for thread 1, Locality Table Index: 160, "
                + "Time (ms): 1275740, Cancel result: 0 [SLPS100 MtaBind ncacn_ip_tcp:100.5.51.16[1911] BASE IL] (14)");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:33:40Z"));
        assertThat(e.getEventName()).isEqualTo("RPC_CANCEL");
        assertThat(e.getThread()).isEqualTo(1);
        assertThat(e.getLtabIndex()).isEqualTo(160);
        assertThat(e.getElapsedMs()).isEqualTo(1_275_740L);
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getBinding()).isEqualTo("ncacn_ip_tcp:100.5.51.16[1911]");
        assertThat(e.getRemoteAddress()).isEqualTo("100.5.51.16");
        assertThat(e.getNtError()).isNull();
    }

    @Test
    void readsAWindows2000RpcCancelWithAQuotedDescription() {
        // Given: the 9277 line of a Windows 2000 export (type first, four-digit year, quoted description)
        final byte[] raw = utf8(line(W2K_APPLICATION, 3));

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: the quotes are not part of the message
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("eventviewer-csv");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:33:40Z"));
        assertThat(e.getEventId()).isEqualTo(9277);
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getMessage()).startsWith("The MTA has issued").endsWith("BASE IL] (14)");
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getLtabIndex()).isEqualTo(160);
        assertThat(e.getThread()).isEqualTo(1);
        assertThat(e.getRemoteAddress()).isEqualTo("100.5.51.16");
    }

    @Test
    void readsAWindows2000RpcCommunicationsError() {
        // Given
        final byte[] raw = utf8(line(W2K_APPLICATION, 2));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
    }

    @Test
    void unquotesCommasAndDoubledQuotesInAQuotedDescription() {
        // Given: a quoted description with commas, doubled quotes and a CRLF inside the quotes
        final byte[] raw = utf8(W2K_9316 + "\"An RPC communications error occurred, \"\"No data was sent\"\", over the RPC connection."
                + "\r\nLocality table (LTAB) index: 53. Windows NT error: 1727. [BASE IL KERNEL 24 512] (12)\"\r\n");

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getMessage()).isEqualTo("An RPC communications error occurred, \"No data was sent\", over the RPC connection."
                + "\r\nLocality table (LTAB) index: 53. Windows NT error: 1727. [BASE IL KERNEL 24 512] (12)");
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
    }

    @Test
    void readsQuotedLeadingColumns() {
        // Given: a tool that quotes every column
        final byte[] raw = utf8("\"Warning\",\"3/1/1999\",\"8:31:10 AM\",\"MSExchangeMTA\",\"Interface\",\"9316\",\"N/A\",\"EXCH1\","
                + "\"Locality table (LTAB) index: 53. Windows NT error: 1727.\"");

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getLtabIndex()).isEqualTo(53);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Type,Date,Time,Source,Category,Event,User,Computer,Description",
            "Date,Time,Source,Type,Category,Event,User,Computer,Description",
            "\"Type\",\"Date\",\"Time\",\"Source\",\"Category\",\"Event\",\"User\",\"Computer\",\"Description\""})
    void ignoresAHeaderLine(final String header) {
        // Given: the column names a CSV export starts with
        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(utf8(header + "\r\n")));

        // Then: readable, not an error
        assertThat(ignored.reason()).isEqualTo("CSV header line");
        assertThat(ignored.parser()).isEqualTo("eventviewer-csv");
    }

    @Test
    void ignoresTheHeaderOfTheWindows2000Fixture() {
        // Given / When / Then
        assertThat(ignored(parser.parse(utf8(line(W2K_APPLICATION, 0)))).reason()).isEqualTo("CSV header line");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            NT4_APPLICATION + " | 0 | EventLog",
            W2K_APPLICATION + " | 1 | Service Control Manager"})
    void ignoresAnotherSource(final String fixture, final int index, final String source) {
        // Given: a line of another event source in the same export
        final byte[] raw = utf8(line(fixture, index));

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then
        assertThat(ignored.reason()).contains(source).contains("MSExchangeMTA");
        assertThat(ignored.parser()).isEqualTo("eventviewer-csv");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3/1/99     | 8:31:10 AM  | 1999-03-01T08:31:10Z",
            "3/1/99     | 8:31:10 PM  | 1999-03-01T20:31:10Z",
            "3/1/99     | 12:05:00 AM | 1999-03-01T00:05:00Z",
            "3/1/99     | 12:05:00 PM | 1999-03-01T12:05:00Z",
            "3/1/99     | 08:31:10 am | 1999-03-01T08:31:10Z",
            "3/1/99     | 8:31 AM     | 1999-03-01T08:31:00Z",
            "12/31/1999 | 23:59:59    | 1999-12-31T23:59:59Z",
            "03/13/90   | 0:00:00     | 1990-03-13T00:00:00Z",
            "13/03/90   | 0:00:00     | 1990-03-13T00:00:00Z",
            "1999-03-01 | 20:31:10    | 1999-03-01T20:31:10Z",
            "1/15/05    | 9:00:00 AM  | 2005-01-15T09:00:00Z",
            "2/29/00    | 9:00:00 AM  | 2000-02-29T09:00:00Z"})
    void readsTheDateAndTimeAsUtc(final String date, final String time, final String expected) {
        // Given: NT 4.0 lines with two- and four-digit years, 12- and 24-hour times (90-99 are 19xx, 00-89 20xx), in
        // orders the date itself tells (US English with AM/PM, a field over 12, a four-digit year first)
        final byte[] raw = utf8(date + "," + time + ",MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,Windows NT error: 1727.");

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "13/45/99   | 8:31:10 AM  | column Date",
            "2/30/1999  | 8:31:10 AM  | column Date",
            "3/1/999    | 8:31:10 AM  | column Date",
            "3/1/99     | 25:61:00    | column Time",
            "3/1/99     | 13:00:00 PM | column Time",
            "3/1/99     | 0:31:10 AM  | column Time",
            "3/1/89     | 8:31:10 AM  | in the future"})
    void rejectsABadDateOrTimeNamingTheColumn(final String date, final String time, final String reason) {
        // Given: a line that looks like an export line, with an impossible date or time (89 is 2089)
        final byte[] raw = utf8(date + "," + time + ",MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,Windows NT error: 1727.");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains(reason);
        assertThat(rejected.parser()).isEqualTo("eventviewer-csv");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"3/1/99 | 20:31:10", "03/01/1990 | 0:00:00", "01-03-1999 | 08:31:10"})
    void deadLettersAnAmbiguousDateNamingTheSettingThatDecidesIt(final String date, final String time) {
        // Given: dates that are the 3rd of January or the 1st of March depending on the exporting machine's locale,
        // with a 24-hour time (so nothing says US English)
        final byte[] raw = utf8(date + "," + time + ",MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,Windows NT error: 1727.");
        final RecordParser dayFirst = new RecordParser(new InputSettings(java.time.ZoneOffset.UTC, java.util.Map.of(),
                DatePattern.of("dd/MM/yyyy"), null));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));
        final MtaEvent withPattern = event(dayFirst.parse(raw)).event();

        // Then: refused by default, with the key to set; read day first once the pattern says so
        assertThat(rejected.reason()).contains("column Date").contains("ambiguous").contains("mta.input.date.pattern");
        final String[] dayMonthYear = date.split("[/-]");
        final java.time.ZonedDateTime read = withPattern.getTimestamp().atZone(java.time.ZoneOffset.UTC);
        assertThat(read.getDayOfMonth()).isEqualTo(Integer.parseInt(dayMonthYear[0]));
        assertThat(read.getMonthValue()).isEqualTo(Integer.parseInt(dayMonthYear[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RPC", "9316a", "", "-9316"})
    void rejectsANonNumericEvent(final String eventColumn) {
        // Given
        final byte[] raw = utf8("3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface," + eventColumn + ",N/A,EXCH1,text");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("column Event");
    }

    @Test
    void keepsOnlyTheLow16BitsOfTheEvent() {
        // Given: an export tool that wrote the full 32-bit event ID (0xC0002464)
        final byte[] raw = utf8("3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,3221234788,N/A,EXCH1,Windows NT error: 1727.");

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
    }

    @Test
    void takesCategoryNoneAsNoCategoryAndUpperCasesTheComputer() {
        // Given: a 9298 (service started) with category None from a lower-case, fully qualified computer name
        final byte[] raw = utf8("Information,3/1/1999,8:00:00 AM,MSExchangeMTA,None,9298,N/A,exch1.corp.example,"
                + "\"The Message Transfer Agent service started.\"");

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventName()).isEqualTo("MTA_STARTED");
        assertThat(e.getCategory()).isNull();
        assertThat(e.getMta()).isEqualTo("EXCH1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // 7 columns: the line stops after User
            "3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A                  | 7 columns | no column Description",
            // 8 columns: no Description at all
            "Warning,3/1/1999,8:31:10 AM,MSExchangeMTA,Interface,9316,N/A,EXCH1          | 8 columns | no column Description",
            // 3 columns
            "3/1/99,8:31:10 AM,MSExchangeMTA                                             | 3 columns | no column Event"})
    void rejectsAWrongColumnCountNamingTheColumn(final String csv, final String count, final String column) {
        // Given: a line that starts like an export line but has the wrong number of columns
        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(utf8(csv)));

        // Then
        assertThat(rejected.reason()).contains(count).contains(column);
        assertThat(rejected.parser()).isEqualTo("eventviewer-csv");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Warning,3/1/1999,8:31:10 AM,MSExchangeMTA,Interface,9316,N/A,EXCH1,\"unterminated     | malformed CSV: Missing closing quote",
            "Warning,3/1/1999,8:31:10 AM,\"MSExchangeMTA\"x,Interface,9316,N/A,EXCH1,text        | malformed CSV: Unexpected character",
            "Warning,3/1/1999,8:31:10 AM,MSExchangeMTA,Interface,9316,N/A,\"EXCH1,text          | malformed CSV: Missing closing quote"})
    void rejectsBrokenQuotingSayingWhatIsWrong(final String csv, final String reason) {
        // Given / When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(utf8(csv)));

        // Then
        assertThat(rejected.reason()).contains(reason);
    }

    @Test
    void rejectsAnEmptyComputer() {
        // Given
        final byte[] raw = utf8("3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A, ,Windows NT error: 1727.");

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("column Computer");
    }

    @ParameterizedTest
    @ValueSource(strings = {NT4_APPLICATION, W2K_APPLICATION})
    void rejectsAWholeExportInOneRecord(final String fixture) {
        // Given: a shipper that sent the whole file, not a line, as one record
        final byte[] raw = utf8(text(fixture));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then: neither read as one event with a very long description nor dropped as a header
        assertThat(rejected.reason()).contains("more than one CSV line");
    }

    @Test
    void rejectsTwoMtaLinesInOneRecord() {
        // Given: the 9316 and the 9277 of the NT 4.0 export in one record
        final byte[] raw = utf8(line(NT4_APPLICATION, 1) + "\r\n" + line(NT4_APPLICATION, 2));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("more than one CSV line");
    }

    @Test
    void acceptsOnlyLinesWithTheDateTimeOrTypeDateTimeSignature() {
        // Given
        final EventViewerCsvFormat format = new EventViewerCsvFormat();

        // When / Then
        assertThat(format.accepts(RawRecord.ofText(line(NT4_APPLICATION, 1)))).isTrue();
        assertThat(format.accepts(RawRecord.ofText(line(W2K_APPLICATION, 2)))).isTrue();
        assertThat(format.accepts(RawRecord.ofText(line(W2K_APPLICATION, 0)))).as("header").isTrue();
        assertThat(format.accepts(RawRecord.ofText(NT4_9316 + "text"))).isTrue();
        assertThat(format.accepts(RawRecord.ofText("a,b,c,d,e,f,g,h,i"))).isFalse();
        assertThat(format.accepts(RawRecord.ofText("Warning: the MTA at EXCH1, 3/1/99, 8:31:10 AM, logged 9316"))).isFalse();
        assertThat(format.accepts(RawRecord.ofText("winlogbeat: 9316 EXCH1"))).isFalse();
        // the type word is not checked: localised exports write their own ("Avertissement", "Warnung")
        assertThat(format.accepts(RawRecord.ofText("Warnung,3/1/1999,8:31:10 AM,MSExchangeMTA,Interface,9316,N/A,EXCH1,x"))).isTrue();
        assertThat(format.accepts(RawRecord.ofText(text(EVTX_MTA_9316)))).isFalse();
        assertThat(format.accepts(RawRecord.ofText("<x>3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,</x>"))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(WINLOGBEAT_8_MTA_9316)))).isFalse();
    }

    @Test
    void theDetectorSendsEachShapeToItsFormat() {
        // Given: one record of each shape: both CSV orders, EVTX XML, Winlogbeat, Telegraf, and free text
        final byte[] nt4 = utf8(line(NT4_APPLICATION, 1));
        final byte[] w2k = utf8(line(W2K_APPLICATION, 2));
        final byte[] xml = utf8(text(EVTX_MTA_9316));
        final byte[] winlogbeat = Fixtures.bytes(WINLOGBEAT_8_MTA_9316);
        final byte[] telegraf = Fixtures.bytes(TELEGRAF_MTA_CONNECTIONS);
        final byte[] freeText = utf8("MSExchangeMTA 9316 on EXCH1: Locality table (LTAB) index: 53.");

        // When / Then
        assertThat(event(parser.parse(nt4)).parser()).isEqualTo("eventviewer-csv");
        assertThat(event(parser.parse(w2k)).parser()).isEqualTo("eventviewer-csv");
        assertThat(event(parser.parse(xml)).parser()).isEqualTo("evtx-xml");
        assertThat(event(parser.parse(winlogbeat)).parser()).isEqualTo("winlogbeat-8");
        assertThat(sample(parser.parse(telegraf)).parser()).isEqualTo("telegraf-win_perf_counters");
        final ParseOutcome.Rejected rejected = rejected(parser.parse(freeText));
        assertThat(rejected.reason()).startsWith("no known shipper format");
        assertThat(rejected.parser()).isEqualTo("detector");
    }

    /**
     * A row of a Vista-and-later export as the export reader publishes it: the five named columns of the header
     * "Level,Date and Time,Source,Event ID,Task Category" and the unnamed sixth, the description.
     */
    private static String vistaRow(final String dateAndTime, final String extra) {
        return "{\"Level\":\"Warning\",\"Date and Time\":\"" + dateAndTime + "\",\"Source\":\"MSExchangeMTA\","
                + "\"Event ID\":\"9316\",\"Task Category\":\"Interface\",\"Description\":\"An RPC communications error "
                + "occurred.\\r\\nLocality table (LTAB) index: 53. Windows NT error: 1727.\"" + extra + "}";
    }

    @Test
    void readsAVistaExportRowWithTheComputerTheReaderAdded() {
        // Given: Event Viewer (Vista and later) "Save All Events As" CSV, read by the export reader with --computer
        final byte[] raw = utf8(vistaRow("3/1/1999 8:31:10 AM", ",\"Computer\":\"EXCH1\""));

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("eventviewer-csv");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
    }

    @Test
    void takesTheComputerOfARowThatNamesNoneFromTheSettingOrSaysHowToGiveIt() {
        // Given: a Vista row without Computer
        final byte[] raw = utf8(vistaRow("3/1/1999 8:31:10 AM", ""));
        final RecordParser withComputer = new RecordParser(new InputSettings(java.time.ZoneOffset.UTC, java.util.Map.of(),
                DatePattern.AUTO, "exch1.corp.example"));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));
        final MtaEvent e = event(withComputer.parse(raw)).event();

        // Then
        assertThat(rejected.reason()).contains("no Computer column").contains("--computer").contains("mta.input.computer");
        assertThat(e.getMta()).isEqualTo("EXCH1");
    }

    @Test
    void readsALocalDateInTheMtasTimeZone() {
        // Given: a Dutch export (dd-MM-yyyy, 24-hour) from EXCH1, which ran on Amsterdam time (UTC+1 in March)
        final byte[] raw = utf8(vistaRow("01-03-1999 09:31:10", ",\"Computer\":\"EXCH1\""));
        final RecordParser amsterdam = new RecordParser(new InputSettings(java.time.ZoneOffset.UTC,
                java.util.Map.of("EXCH1", java.time.ZoneId.of("Europe/Amsterdam")), DatePattern.of("dd-MM-yyyy"), null));

        // When / Then
        assertThat(event(amsterdam.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
    }

    @Test
    void readsATabDelimitedTextExportLineWithItsHeader() {
        // Given: Event Viewer's "Text (Tab delimited)" export, header and one row in one record (a hand-made record,
        // or a shipper that keeps the header with each row); the row's computer is set by configuration
        final byte[] raw = utf8("Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
                + "Warning\t3/1/1999 8:31:10 AM\tMSExchangeMTA\t9316\tInterface\t\"Windows NT error: 1727.\"\r\n");
        final RecordParser withComputer = new RecordParser(new InputSettings(java.time.ZoneOffset.UTC, java.util.Map.of(),
                DatePattern.AUTO, "EXCH1"));

        // When
        final MtaEvent e = event(withComputer.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getNtError()).isEqualTo(1727);
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
    }
}
