package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.MtaEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.mtacorrelator.ingest.Fixtures.TELEGRAF_MTA_CONNECTIONS;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_7_MTA_9277;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_8_MTA_9316;
import static io.mtacorrelator.ingest.Fixtures.bytes;
import static io.mtacorrelator.ingest.Fixtures.event;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** NXLog to_json() records (im_mseventlog, im_msvistalog) through a detector that knows every format. */
class NxlogFormatTest {

    static final String NXLOG_MTA_9316 = "nxlog-mta-9316.json";
    static final String NXLOG_MTA_9277 = "nxlog-mta-9277.json";
    static final String NXLOG_SERVICE_CONTROL_MANAGER = "nxlog-service-control-manager.json";

    /** Every format, in the order recommended for the default detector. */
    static RecordParser allFormats() {
        return new RecordParser(List.of(new WinlogbeatFormat(), new TelegrafPerfCounterFormat(), new NxlogFormat(),
                new MetricbeatPerfmonFormat()));
    }

    private final RecordParser parser = allFormats();
    private final NxlogFormat format = new NxlogFormat();

    /** The 9316 as NXLog writes it (compact), with one field's JSON text replaced verbatim. */
    private static byte[] withField(final String field, final String replacement) {
        final String record = Fixtures.load(NXLOG_MTA_9316).toString();
        assertThat(record).contains(field);
        return Fixtures.utf8(record.replace(field, replacement));
    }

    @Test
    void readsAnImMseventlogRpcCommunicationsError() {
        // Given: NXLog im_mseventlog shipping the 9316 of Q181721 from EXCH1 (EventTime without zone, log in FileName)
        final byte[] raw = bytes(NXLOG_MTA_9316);

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: a normalised event with the fields decoded from the message
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("nxlog");
        assertThat(e.getShipper()).isEqualTo("nxlog");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).as("EventTime is read as UTC").isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
        assertThat(e.getProvider()).isEqualTo("MSExchangeMTA");
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getChannel()).isEqualTo("Application");
        assertThat(e.getRecordId()).isEqualTo(4711L);
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
        assertThat(e.getNtErrorName()).isEqualTo("RPC_S_CALL_FAILED_DNE");
        assertThat(e.getMessage()).startsWith("An RPC communications error occurred.");
    }

    @Test
    void readsAnImMsvistalogRpcCancelWithAMessageBrokenOverLines() {
        // Given: NXLog im_msvistalog (Channel, fully qualified Hostname, CRLF turned into LF) shipping a 9277/MtaBind
        final byte[] raw = bytes(NXLOG_MTA_9277);

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:33:40Z"));
        assertThat(e.getEventId()).isEqualTo(9277);
        assertThat(e.getEventName()).isEqualTo("RPC_CANCEL");
        assertThat(e.getChannel()).isEqualTo("Application");
        assertThat(e.getRecordId()).isEqualTo(4712L);
        assertThat(e.getThread()).isEqualTo(1);
        assertThat(e.getLtabIndex()).isEqualTo(160);
        assertThat(e.getElapsedMs()).isEqualTo(1_275_740L);
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getBinding()).isEqualTo("ncacn_ip_tcp:100.5.51.16[1911]");
        assertThat(e.getRemoteAddress()).isEqualTo("100.5.51.16");
        assertThat(e.getNtError()).isNull();
        assertThat(e.getMessage()).as("the message is kept as shipped").contains("\n");
    }

    @Test
    void ignoresAnotherEventSource() {
        // Given: the Service Control Manager reporting the MTA service running (System log, same NXLog agent)
        final byte[] raw = bytes(NXLOG_SERVICE_CONTROL_MANAGER);

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then: readable but unrelated: counted, not sent to the dead-letter topic
        assertThat(ignored.parser()).isEqualTo("nxlog");
        assertThat(ignored.reason()).contains("Service Control Manager").contains("MSExchangeMTA");
    }

    @Test
    void matchesTheProviderIgnoringCaseAndSurroundingSpace() {
        // Given
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("SourceName", " msexchangemta "));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getEventId()).isEqualTo(9316);
    }

    @ParameterizedTest(name = "EventID {0}")
    @ValueSource(strings = {"9316", "3221234788", "1073751140"})
    void keepsOnlyTheLow16BitsOfAnEventIdGivenAsText(final String eventId) {
        // Given: the event ID as a string, plain or with the qualifiers of the raw Windows ID (0xC000_0000 | 9316, 0x4000_0000 | 9316)
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("EventID", eventId));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
    }

    @Test
    void keepsOnlyTheLow16BitsOfANumericEventId() {
        // Given
        final byte[] raw = bytes(NXLOG_MTA_9277, r -> r.put("EventID", 0xC000_0000L | 9277));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getEventId()).isEqualTo(9277);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1999-03-01T08:31:10Z          | 1999-03-01T08:31:10Z",
            "1999-03-01T09:31:10+01:00     | 1999-03-01T08:31:10Z",
            "1999-03-01T08:31:10.250Z      | 1999-03-01T08:31:10.250Z",
            "1999-03-01 08:31:10           | 1999-03-01T08:31:10Z"})
    void readsAnIsoEventTimeExactlyAndAZonelessOneAsUtc(final String eventTime, final String expected) {
        // Given: EventTime formatted as ISO-8601 by the NXLog configuration, or NXLog's default form
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("EventTime", eventTime));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "EventTime {0}")
    @ValueSource(longs = {920_277_070L, 920_277_070_000L, 920_277_070_000_000L})
    void readsANumericEventTimeAsAnEpoch(final long eventTime) {
        // Given: a configuration that writes integer($EventTime) (microseconds), or scaled to ms or s
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("EventTime", eventTime));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
    }

    @Test
    void takesTheChannelBeforeTheFileName() {
        // Given: both the im_msvistalog and the im_mseventlog name of the log
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("Channel", "Application").put("FileName", "ignored"));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getChannel()).isEqualTo("Application");
    }

    @Test
    void readsARecordWithOnlyTheRequiredFields() {
        // Given: no Category, Channel, FileName, RecordNumber or Message
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.retain("EventTime", "Hostname", "SourceName", "EventID"));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getCategory()).isNull();
        assertThat(e.getChannel()).isNull();
        assertThat(e.getRecordId()).isNull();
        assertThat(e.getMessage()).isEmpty();
        assertThat(e.getLtabIndex()).isNull();
    }

    @Test
    void rejectsAnMtaRecordWithoutEventTime() {
        // Given
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.remove("EventTime"));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then: still detected as NXLog (SourceName and EventID), refused with the reason
        assertThat(rejected.parser()).isEqualTo("nxlog");
        assertThat(rejected.reason()).contains("EventTime");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1999-13-01 08:00:00", "01/03/1999 08:31:10", "1999-03-01", " "})
    void rejectsAnUnreadableEventTime(final String eventTime) {
        // Given
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("EventTime", eventTime));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("EventTime");
    }

    @Test
    void rejectsAnEventTimeBefore1990() {
        // Given: a clock reset to the 1980s
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("EventTime", "1989-12-31 23:59:59"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("1989-12-31T23:59:59Z").contains("before");
    }

    @Test
    void rejectsAnEventTimeTenYearsAhead() {
        // Given
        final Instant future = Instant.now().plus(Duration.ofDays(3653)).truncatedTo(ChronoUnit.SECONDS);
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.put("EventTime", future.toString()));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("future");
    }

    @Test
    void rejectsAnMtaRecordWithoutHostname() {
        // Given
        final byte[] raw = bytes(NXLOG_MTA_9316, r -> r.remove("Hostname"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("Hostname");
    }

    @ParameterizedTest(name = "Hostname {0}")
    @ValueSource(strings = {"42", "true", "{\"name\":\"EXCH1\"}", "[\"EXCH1\"]", "\"  \"", "null"})
    void rejectsAHostnameThatIsNotAString(final String hostname) {
        // Given: NXLog always writes Hostname as a string; anything else is a broken pipeline, not a host
        final byte[] raw = withField("\"Hostname\":\"EXCH1\"", "\"Hostname\":" + hostname);

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("Hostname");
    }

    @ParameterizedTest(name = "EventID {0}")
    @ValueSource(strings = {"\"RPC error\"", "\"\"", "9316.5", "{\"id\":9316}", "[9316]", "true", "null"})
    void rejectsAnMtaRecordWithoutANumericEventId(final String eventId) {
        // Given
        final byte[] raw = withField("\"EventID\":9316", "\"EventID\":" + eventId);

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("EventID");
        assertThat(rejected.parser()).isEqualTo("nxlog");
    }

    @ParameterizedTest(name = "SourceName {0}")
    @ValueSource(strings = {"42", "{\"name\":\"MSExchangeMTA\"}", "\"\"", "null"})
    void rejectsASourceNameThatIsNotAString(final String sourceName) {
        // Given
        final byte[] raw = withField("\"SourceName\":\"MSExchangeMTA\"", "\"SourceName\":" + sourceName);

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("SourceName");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "EventID      | {\"a\":{\"b\":[1,2]}}",
            "EventID      | -1",
            "EventID      | 99999999999999999999999",
            "EventTime    | {\"t\":1}",
            "EventTime    | [\"1999-03-01 08:31:10\"]",
            "EventTime    | 1e400",
            "EventTime    | -1e300",
            "EventTime    | false",
            "Hostname     | 3.5",
            "SourceName   | [\"MSExchangeMTA\"]",
            "Message      | {\"text\":\"Locality table (LTAB) index: 53.\"}",
            "Message      | 42",
            "Category     | [1]",
            "Channel      | {\"name\":\"Application\"}",
            "FileName     | 7",
            "RecordNumber | \"four thousand\"",
            "RecordNumber | 1.5e30"})
    void neverThrowsForAFieldOfTheWrongType(final String field, final String json) throws Exception {
        // Given: the 9316 with one field replaced by a value of the wrong JSON type
        final ObjectNode record = Fixtures.object(NXLOG_MTA_9316);
        record.set(field, new ObjectMapper().readTree(json));

        // When / Then: the format itself returns an outcome (the detector would hide a throw as "parser failed")
        assertThatCode(() -> format.parse(Fixtures.raw(record))).doesNotThrowAnyException();
        final ParseOutcome outcome = format.parse(Fixtures.raw(record));
        assertThat(outcome).isInstanceOfAny(ParseOutcome.Event.class, ParseOutcome.Rejected.class);
        assertThat(outcome.parser()).isEqualTo("nxlog");
    }

    @Test
    void acceptsRecordsWithSourceNameAndEventIdOrEventTime() {
        // Given
        final ObjectNode nxlog = Fixtures.object(NXLOG_MTA_9316);

        // When / Then
        assertThat(format.accepts(Fixtures.raw(nxlog))).isTrue();
        assertThat(format.accepts(Fixtures.raw(nxlog.deepCopy().without("EventID")))).isTrue();
        assertThat(format.accepts(Fixtures.raw(nxlog.deepCopy().without("EventTime")))).isTrue();
        assertThat(format.accepts(Fixtures.raw(nxlog.deepCopy().without(List.of("EventID", "EventTime"))))).isFalse();
        assertThat(format.accepts(Fixtures.raw(nxlog.deepCopy().without("SourceName")))).isFalse();
        assertThat(format.accepts(RawRecord.ofText("EventID 9316 SourceName MSExchangeMTA"))).isFalse();
    }

    /** Which format the detector picks for each known shape, and that no other format claims it. */
    @Nested
    class Detection {

        private final List<ShipperFormat> formats = List.of(new WinlogbeatFormat(), new TelegrafPerfCounterFormat(),
                new NxlogFormat(), new MetricbeatPerfmonFormat());

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                WINLOGBEAT_8_MTA_9316 + ", winlogbeat",
                WINLOGBEAT_7_MTA_9277 + ", winlogbeat",
                TELEGRAF_MTA_CONNECTIONS + ", telegraf-win_perf_counters",
                NXLOG_MTA_9316 + ", nxlog",
                NXLOG_MTA_9277 + ", nxlog",
                NXLOG_SERVICE_CONTROL_MANAGER + ", nxlog",
                MetricbeatPerfmonFormatTest.METRICBEAT_MTA_CONNECTIONS + ", metricbeat-perfmon",
                MetricbeatPerfmonFormatTest.METRICBEAT_MTA + ", metricbeat-perfmon",
                MetricbeatPerfmonFormatTest.METRICBEAT_7_NESTED + ", metricbeat-perfmon",
                MetricbeatPerfmonFormatTest.METRICBEAT_PROCESSOR + ", metricbeat-perfmon"})
        void exactlyOneFormatAcceptsEachShape(final String fixture, final String expected) {
            // Given
            final RawRecord raw = Fixtures.raw(Fixtures.load(fixture));

            // When
            final List<String> accepting = formats.stream().filter(f -> f.accepts(raw)).map(ShipperFormat::name).toList();

            // Then: detection does not depend on the order of the formats
            assertThat(accepting).containsExactly(expected);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                WINLOGBEAT_8_MTA_9316 + ", winlogbeat-8, Event",
                WINLOGBEAT_7_MTA_9277 + ", winlogbeat-7, Event",
                TELEGRAF_MTA_CONNECTIONS + ", telegraf-win_perf_counters, Sample",
                NXLOG_MTA_9316 + ", nxlog, Event",
                NXLOG_MTA_9277 + ", nxlog, Event",
                NXLOG_SERVICE_CONTROL_MANAGER + ", nxlog, Ignored",
                MetricbeatPerfmonFormatTest.METRICBEAT_MTA_CONNECTIONS + ", metricbeat-perfmon, Sample",
                MetricbeatPerfmonFormatTest.METRICBEAT_MTA + ", metricbeat-perfmon, Sample",
                MetricbeatPerfmonFormatTest.METRICBEAT_7_NESTED + ", metricbeat-perfmon, Sample",
                MetricbeatPerfmonFormatTest.METRICBEAT_PROCESSOR + ", metricbeat-perfmon, Ignored"})
        void theDetectorSendsEachShapeToItsFormat(final String fixture, final String parserName, final String kind) {
            // Given
            final byte[] raw = bytes(fixture);

            // When
            final ParseOutcome outcome = allFormats().parse(raw);

            // Then
            assertThat(outcome.parser()).isEqualTo(parserName);
            assertThat(outcome.getClass().getSimpleName()).isEqualTo(kind);
        }

        @Test
        void givesTheSameOutcomesWhateverTheOrderOfTheFormats() {
            // Given: the formats in reverse order
            final RecordParser reversed = new RecordParser(List.of(new MetricbeatPerfmonFormat(), new NxlogFormat(),
                    new TelegrafPerfCounterFormat(), new WinlogbeatFormat()));

            // When / Then
            assertThat(event(reversed.parse(bytes(NXLOG_MTA_9316))).event())
                    .isEqualTo(event(allFormats().parse(bytes(NXLOG_MTA_9316))).event());
            assertThat(sample(reversed.parse(bytes(MetricbeatPerfmonFormatTest.METRICBEAT_MTA_CONNECTIONS))).sample())
                    .isEqualTo(sample(allFormats().parse(bytes(MetricbeatPerfmonFormatTest.METRICBEAT_MTA_CONNECTIONS))).sample());
            assertThat(event(reversed.parse(bytes(WINLOGBEAT_8_MTA_9316))).parser()).isEqualTo("winlogbeat-8");
            assertThat(sample(reversed.parse(bytes(TELEGRAF_MTA_CONNECTIONS))).parser()).isEqualTo("telegraf-win_perf_counters");
        }

        @Test
        void aWinlogbeatRecordIsNotTakenForNxlogEvenWithNxlogLikeFields() {
            // Given: a Winlogbeat record that also carries SourceName and EventID (an ingest pipeline copy)
            final ObjectNode record = Fixtures.object(WINLOGBEAT_8_MTA_9316);
            record.put("SourceName", "MSExchangeMTA").put("EventID", 9316);

            // When / Then: Winlogbeat comes first in the recommended order
            assertThat(event(allFormats().parse(bytes(record))).parser()).isEqualTo("winlogbeat-8");
        }

        @Test
        void rejectsAJsonObjectOfNoKnownShipperNamingAllFormats() {
            // Given
            final JsonNode record = Fixtures.object(NXLOG_MTA_9316).without(List.of("SourceName"));

            // When
            final ParseOutcome.Rejected rejected = rejected(allFormats().parse(bytes(record)));

            // Then
            assertThat(rejected.parser()).isEqualTo("detector");
            assertThat(rejected.reason()).contains("nxlog").contains("metricbeat-perfmon");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HOSTNAME", "hostname", "Hostname"})
    void readsTheHostNameHoweverTheConfigurationSpellsIt(final String field) {
        // Given: to_json() writes a field as the configuration named it: $HOSTNAME (as real configurations set it),
        // $hostname or the documented $Hostname; likewise for the other fields (here EVENTID and SOURCENAME too)
        final byte[] raw = Fixtures.utf8(Fixtures.load(NXLOG_MTA_9316).toString()
                .replace("\"Hostname\"", "\"" + field + "\"")
                .replace("\"EventID\"", "\"EVENTID\"").replace("\"SourceName\"", "\"SOURCENAME\""));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getProvider()).isEqualTo("MSExchangeMTA");
    }

    @Test
    void readsAZoneLessEventTimeInTheConfiguredZoneAndAnMtasOwnZoneFirst() {
        // Given: EventTime "1999-03-01 08:31:10" (NXLog's default format, the agent's local time); the default zone is
        // New York, and EXCH1's own is Berlin (UTC+1 in March 1999)
        final byte[] raw = bytes(NXLOG_MTA_9316);
        final RecordParser newYork = new RecordParser(new InputSettings(java.time.ZoneId.of("America/New_York"),
                java.util.Map.of(), DatePattern.AUTO, null));
        final RecordParser berlinForExch1 = new RecordParser(new InputSettings(java.time.ZoneId.of("America/New_York"),
                java.util.Map.of("EXCH1", java.time.ZoneId.of("Europe/Berlin")), DatePattern.AUTO, null));

        // When / Then
        assertThat(event(newYork.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse("1999-03-01T13:31:10Z"));
        assertThat(event(berlinForExch1.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse("1999-03-01T07:31:10Z"));
        assertThat(event(parser.parse(raw)).event().getTimestamp()).as("UTC by default").isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
    }

    @Test
    void readsAnEventTimeWithAnOffsetExactlyWhateverTheZoneSetting() {
        // Given: a configuration that formats EventTime as ISO-8601 with the offset
        final byte[] raw = withField("\"EventTime\":\"1999-03-01 08:31:10\"", "\"EventTime\":\"1999-03-01T09:31:10+01:00\"");
        final RecordParser newYork = new RecordParser(new InputSettings(java.time.ZoneId.of("America/New_York"),
                java.util.Map.of(), DatePattern.AUTO, null));

        // When / Then
        assertThat(event(newYork.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // Europe/Berlin, 28 March 1999: clocks went from 02:00 to 03:00 (CET to CEST)
            "1999-03-28 01:59:59, 1999-03-28T00:59:59Z",
            "1999-03-28 02:30:00, 1999-03-28T01:30:00Z",
            "1999-03-28 03:00:00, 1999-03-28T01:00:00Z",
            // 31 October 1999: 02:00-03:00 happened twice; the record does not say which, the first (CEST) is taken
            "1999-10-31 02:30:00, 1999-10-31T00:30:00Z",
            "1999-10-31 03:00:00, 1999-10-31T02:00:00Z"})
    void followsDaylightSavingChangesOfTheZone(final String local, final String expected) {
        // Given: an agent in Berlin
        final byte[] raw = withField("\"EventTime\":\"1999-03-01 08:31:10\"", "\"EventTime\":\"" + local + "\"");
        final RecordParser berlin = new RecordParser(new InputSettings(java.time.ZoneId.of("Europe/Berlin"),
                java.util.Map.of(), DatePattern.AUTO, null));

        // When / Then: a time in the spring-forward gap (which no clock showed) is moved on by the gap
        assertThat(event(berlin.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse(expected));
    }
}
