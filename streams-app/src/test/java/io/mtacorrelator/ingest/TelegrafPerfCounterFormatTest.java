package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.CounterSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static io.mtacorrelator.ingest.Fixtures.TELEGRAF_MTA_CONNECTIONS;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_8_MTA_9316;
import static io.mtacorrelator.ingest.Fixtures.bytes;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.sample;
import static io.mtacorrelator.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Telegraf win_perf_counters records (JSON serializer) through the detector. */
class TelegrafPerfCounterFormatTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    private final RecordParser parser = new RecordParser();

    private static ObjectNode tags(final ObjectNode record) {
        return (ObjectNode) record.get("tags");
    }

    private static ObjectNode fields(final ObjectNode record) {
        return (ObjectNode) record.get("fields");
    }

    @Test
    void readsAnMtaConnectionsSample() {
        // Given: EXCH1's queue to EXCH2 as Telegraf writes it (sanitised counter names, epoch seconds)
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS);

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: perfmon counter names restored, instance and time read
        final CounterSample s = sample(outcome).sample();
        assertThat(outcome.parser()).isEqualTo("telegraf-win_perf_counters");
        assertThat(s.getShipper()).isEqualTo("telegraf-win_perf_counters");
        assertThat(s.getMta()).isEqualTo("EXCH1");
        assertThat(s.getObjectName()).isEqualTo("MSExchangeMTA Connections");
        assertThat(s.getInstance()).isEqualTo("EXCH2");
        assertThat(s.getTimestamp()).isEqualTo(MORNING);
        assertThat(s.getCounters()).containsOnly(entry("Queue Length", 37.0), entry("Send Messages/sec", 0.5));
    }

    @ParameterizedTest(name = "timestamp {0}")
    @ValueSource(longs = {920_275_200L, 920_275_200_000L, 920_275_200_000_000L, 920_275_200_000_000_000L})
    void readsTheTimestampInAnyEpochUnit(final long timestamp) {
        // Given: the same instant in seconds, milliseconds, microseconds and nanoseconds (Telegraf json_timestamp_units)
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> r.put("timestamp", timestamp));

        // When / Then
        assertThat(sample(parser.parse(raw)).sample().getTimestamp()).isEqualTo(MORNING);
    }

    @Test
    void keepsTheFractionOfAFractionalSecondsTimestamp() {
        // Given
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> r.put("timestamp", 920_275_200.25));

        // When / Then
        assertThat(sample(parser.parse(raw)).sample().getTimestamp()).isEqualTo(MORNING.plusMillis(250));
    }

    @Test
    void readsTheMtaObjectItself() {
        // Given: the MSExchangeMTA object (no instance), from a host tagged by its DNS name
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> {
            tags(r).put("objectname", "MSExchangeMTA").put("host", "exch1.corp.example").remove("instance");
            r.set("fields", r.objectNode().put("Work_Queue_Length", 12).put("Messages_persec", 3.25)
                    .put("Adjacent_MTA_Associations", 4));
        });

        // When
        final CounterSample s = sample(parser.parse(raw)).sample();

        // Then
        assertThat(s.getMta()).isEqualTo("EXCH1");
        assertThat(s.getObjectName()).isEqualTo("MSExchangeMTA");
        assertThat(s.getInstance()).isNull();
        assertThat(s.getCounters()).containsOnly(
                entry("Work Queue Length", 12.0), entry("Messages/sec", 3.25), entry("Adjacent MTA Associations", 4.0));
    }

    @Test
    void ignoresAnotherPerfmonObject() {
        // Given: the Processor object from the same Telegraf agent
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> {
            tags(r).put("objectname", "Processor").put("instance", "_Total");
            r.set("fields", r.objectNode().put("Percent_Processor_Time", 12.5));
        });

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then
        assertThat(ignored.reason()).contains("Processor");
        assertThat(ignored.parser()).isEqualTo("telegraf-win_perf_counters");
    }

    @Test
    void ignoresATelegrafMetricThatIsNotPerfmon() {
        // Given: a cpu metric of the same agent (no objectname tag)
        final byte[] raw = utf8("{\"fields\":{\"usage_idle\":99.1},\"name\":\"cpu\",\"tags\":{\"cpu\":\"cpu-total\",\"host\":\"EXCH1\"},"
                + "\"timestamp\":920275200}");

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then
        assertThat(ignored.reason()).contains("objectname");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"37\"        | Queue_Length",
            "null          | Queue_Length",
            "true          | Queue_Length",
            "{\"v\":37}    | Queue_Length",
            "[37]          | Queue_Length"})
    void rejectsANonNumericCounter(final String value, final String counter) {
        // Given: a counter value that is not a JSON number
        final byte[] raw = utf8("{\"fields\":{\"Send_Messages_persec\":0.5,\"" + counter + "\":" + value + "},"
                + "\"name\":\"win_perf_counters\",\"tags\":{\"host\":\"EXCH1\",\"instance\":\"EXCH2\","
                + "\"objectname\":\"MSExchangeMTA Connections\"},\"timestamp\":920275200}");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then: the reason names the counter
        assertThat(rejected.reason()).contains(counter).contains("not a finite number");
        assertThat(rejected.parser()).isEqualTo("telegraf-win_perf_counters");
    }

    @Test
    void rejectsASampleWithoutCounters() {
        // Given
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> fields(r).removeAll());

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("counter");
    }

    @Test
    void rejectsASampleWithoutHost() {
        // Given
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> tags(r).remove("host"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("host");
    }

    @Test
    void rejectsATextTimestamp() {
        // Given
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> r.put("timestamp", "920275200"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("timestamp").contains("not a number");
    }

    @ParameterizedTest(name = "timestamp {0}")
    @ValueSource(longs = {0L, -1L, 631_151_999L})
    void rejectsATimestampBefore1990(final long timestamp) {
        // Given: an unset clock (epoch 0) or a second before 1990-01-01
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> r.put("timestamp", timestamp));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("before");
    }

    @Test
    void rejectsATimestampTenYearsAhead() {
        // Given
        final long future = Instant.now().plusSeconds(3653L * 24 * 3600).getEpochSecond();
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> r.put("timestamp", future));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("future");
    }

    @Test
    void acceptsOnlyRecordsWithFieldsTagsAndTimestamp() {
        // Given
        final TelegrafPerfCounterFormat format = new TelegrafPerfCounterFormat();
        final ObjectNode telegraf = Fixtures.object(TELEGRAF_MTA_CONNECTIONS);

        // When / Then
        assertThat(format.accepts(Fixtures.raw(telegraf))).isTrue();
        assertThat(format.accepts(Fixtures.raw(telegraf.deepCopy().without("timestamp")))).isFalse();
        assertThat(format.accepts(Fixtures.raw(telegraf.deepCopy().put("tags", "host=EXCH1")))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(WINLOGBEAT_8_MTA_9316)))).isFalse();
    }

    @Test
    void keepsAConnectorInstanceNameWhole() {
        // Given: an MSExchangeMTA Connections instance that is a connector, not a remote MTA host
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> tags(r).put("instance", "X.400 Connector (SITE2)"));

        // When
        final CounterSample s = sample(parser.parse(raw)).sample();

        // Then
        assertThat(s.getInstance()).isEqualToIgnoringCase("X.400 Connector (SITE2)");
    }

    @Test
    void keysARemoteMtaInstanceLikeAnMtaHost() {
        // Given: the instance names the remote MTA by its DNS name, in lower case
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> tags(r).put("instance", "exch2.corp.example"));

        // When / Then: it meets the events' remote MTA key
        assertThat(sample(parser.parse(raw)).sample().getInstance()).isEqualTo("EXCH2");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Queue_Length,                 Queue Length",
            "Send_Messages_persec,         Send Messages/sec",
            "Receive_Messages_persec,      Receive Messages/sec",
            "Failed_Outbound_Associations, Failed Outbound Associations",
            "Percent_Processor_Time,       % Processor Time",
            "Associations,                 Associations"})
    void turnsSanitisedCounterNamesBackIntoPerfmonNames(final String sanitised, final String perfmon) {
        // Given / When / Then: the reverse of Telegraf's space->_, /sec->_persec, %->Percent
        assertThat(TelegrafPerfCounterFormat.perfmonName(sanitised)).isEqualTo(perfmon);
    }

    @Test
    void filesARemotelyCollectedSampleUnderTheMonitoredComputer() {
        // Given: Telegraf on MONITOR01 reading EXCH1's counters remotely (Sources = ["EXCH1"]): the win_perf_counters
        // README says tags.source is "computer name, as specified in the Sources parameter", while tags.host is the
        // agent's own host name
        final byte[] remote = bytes(TELEGRAF_MTA_CONNECTIONS, r -> tags(r).put("host", "MONITOR01").put("source", "exch1.corp.example"));
        final byte[] local = bytes(TELEGRAF_MTA_CONNECTIONS);

        // When
        final CounterSample fromRemote = sample(parser.parse(remote)).sample();
        final CounterSample fromLocal = sample(parser.parse(local)).sample();

        // Then: both under EXCH1, where its events are; never under the collector
        assertThat(fromRemote.getMta()).isEqualTo("EXCH1");
        assertThat(fromLocal.getMta()).isEqualTo("EXCH1");
    }

    @Test
    void readsEachMetricOfABatchOnItsOwn() {
        // Given: Telegraf's JSON serializer batch format ({"metrics":[...]}; docs: Telegraf "JSON output data format",
        // "Batch format"), as outputs.kafka, outputs.http or outputs.file send it with use_batch_format: an MTA sample,
        // one whose timestamp is broken, and a processor sample
        final String good = new String(bytes(TELEGRAF_MTA_CONNECTIONS), java.nio.charset.StandardCharsets.UTF_8);
        final String broken = new String(bytes(TELEGRAF_MTA_CONNECTIONS, r -> r.put("timestamp", "soon")),
                java.nio.charset.StandardCharsets.UTF_8);
        final String processor = new String(bytes(TELEGRAF_MTA_CONNECTIONS, r -> tags(r).put("objectname", "Processor")),
                java.nio.charset.StandardCharsets.UTF_8);
        final byte[] batch = utf8("{\"metrics\":[" + good + "," + broken + "," + processor + "]}");

        // When
        final java.util.List<RecordParser.Parsed> all = parser.parseAll(batch);

        // Then: three outcomes, each with the metric it is about (the dead letter keeps only the broken metric)
        assertThat(all).hasSize(3);
        assertThat(sample(all.get(0).outcome()).sample().getMta()).isEqualTo("EXCH1");
        final ParseOutcome.Rejected rejected = rejected(all.get(1).outcome());
        assertThat(rejected.reason()).startsWith("metric 2 of 3 in a Telegraf batch: ").contains("timestamp");
        assertThat(new String(all.get(1).record(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"soon\"")
                .doesNotContain("Processor");
        assertThat(ignored(all.get(2).outcome()).reason()).contains("Processor");
    }
}
