package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.CounterSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.mtacorrelator.ingest.Fixtures.TELEGRAF_MTA_CONNECTIONS;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_8_MTA_9316;
import static io.mtacorrelator.ingest.Fixtures.bytes;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.sample;
import static io.mtacorrelator.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.entry;

/** Metricbeat windows/perfmon records through a detector that knows every format. */
class MetricbeatPerfmonFormatTest {

    static final String METRICBEAT_MTA_CONNECTIONS = "metricbeat-mta-connections.json";
    static final String METRICBEAT_MTA = "metricbeat-mta.json";
    static final String METRICBEAT_7_NESTED = "metricbeat-7-mta-connections-nested.json";
    static final String METRICBEAT_PROCESSOR = "metricbeat-processor.json";

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RecordParser parser = NxlogFormatTest.allFormats();
    private final MetricbeatPerfmonFormat format = new MetricbeatPerfmonFormat();

    private static ObjectNode perfmon(final ObjectNode record) {
        return (ObjectNode) record.get("windows").get("perfmon");
    }

    private static ObjectNode metrics(final ObjectNode record) {
        return (ObjectNode) perfmon(record).get("metrics");
    }

    @Test
    void readsAnMtaConnectionsSample() {
        // Given: EXCH1's queue to EXCH2 as Metricbeat 8 names the counters by default (snake case)
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS);

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: perfmon counter names, host keyed like an MTA, instance and time read
        final CounterSample s = sample(outcome).sample();
        assertThat(outcome.parser()).isEqualTo("metricbeat-perfmon");
        assertThat(s.getShipper()).isEqualTo("metricbeat-perfmon");
        assertThat(s.getMta()).isEqualTo("EXCH1");
        assertThat(s.getObjectName()).isEqualTo("MSExchangeMTA Connections");
        assertThat(s.getInstance()).isEqualTo("EXCH2");
        assertThat(s.getTimestamp()).isEqualTo(MORNING);
        assertThat(s.getCounters()).containsOnly(entry("Queue Length", 37.0), entry("Associations", 1.0),
                entry("Send Messages/sec", 0.5), entry("Outbound Messages Total", 1204.0));
    }

    @Test
    void readsTheMtaObjectItself() {
        // Given: the MSExchangeMTA object (no instance) from a host named by its DNS name
        final byte[] raw = bytes(METRICBEAT_MTA);

        // When
        final CounterSample s = sample(parser.parse(raw)).sample();

        // Then
        assertThat(s.getMta()).isEqualTo("EXCH1");
        assertThat(s.getObjectName()).isEqualTo("MSExchangeMTA");
        assertThat(s.getInstance()).isNull();
        assertThat(s.getCounters()).containsOnly(entry("Work Queue Length", 12.0), entry("Work Queue Bytes", 48_213.0),
                entry("Adjacent MTA Associations", 4.0), entry("Messages/sec", 3.25), entry("Free Elements", 1466.0),
                entry("Threads in use", 31.0));
    }

    @Test
    void flattensTheNestedMetricsOfMetricbeat7() {
        // Given: Metricbeat 7.x with configured dotted field names, written as nested objects
        final byte[] raw = bytes(METRICBEAT_7_NESTED);

        // When
        final CounterSample s = sample(parser.parse(raw)).sample();

        // Then: the same sample as the flat shape gives
        assertThat(s.getCounters()).containsOnly(entry("Queue Length", 37.0), entry("Associations", 1.0),
                entry("Send Messages/sec", 0.5), entry("Outbound Messages Total", 1204.0));
        assertThat(s).isEqualTo(sample(parser.parse(bytes(METRICBEAT_MTA_CONNECTIONS))).sample());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"queue_length", "Queue Length", "Queue_Length", "queue.length", "QUEUE-LENGTH", "queueLength"})
    void mapsTheMetricNameOfAnyConfigurationToThePerfmonName(final String field) {
        // Given: the queue length under the field name a Metricbeat configuration gave it
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> {
            metrics(r).removeAll();
            metrics(r).put(field, 37);
        });

        // When / Then
        assertThat(sample(parser.parse(raw)).sample().getCounters()).containsOnly(entry("Queue Length", 37.0));
    }

    @Test
    void keepsAnUnknownCounterReadable() {
        // Given: a counter that is not one of the MTA counters
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> metrics(r).put("Percent_Retries", 2));

        // When / Then
        assertThat(sample(parser.parse(raw)).sample().getCounters()).containsEntry("% Retries", 2.0);
    }

    @Test
    void ignoresAnotherPerfmonObject() {
        // Given: the Processor object from the same Metricbeat agent
        final byte[] raw = bytes(METRICBEAT_PROCESSOR);

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then
        assertThat(ignored.reason()).contains("Processor");
        assertThat(ignored.parser()).isEqualTo("metricbeat-perfmon");
    }

    @Test
    void ignoresAMetricbeatMetricsetThatIsNotPerfmon() {
        // Given: system/cpu of the same agent, on the same topic
        final byte[] raw = utf8("{\"@timestamp\":\"1999-03-01T08:00:00.000Z\",\"event\":{\"module\":\"system\"},"
                + "\"host\":{\"name\":\"exch1\"},\"metricset\":{\"name\":\"cpu\",\"period\":10000},"
                + "\"system\":{\"cpu\":{\"total\":{\"pct\":0.12}}}}");

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then
        assertThat(ignored.reason()).contains("system/cpu").contains("windows/perfmon");
        assertThat(ignored.parser()).isEqualTo("metricbeat-perfmon");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"37\"", "null", "true", "[37]", "1e400", "-1e400", "\"NaN\""})
    void rejectsACounterThatIsNotAFiniteNumber(final String value) throws Exception {
        // Given: a counter value that is not a finite JSON number
        final ObjectNode record = Fixtures.object(METRICBEAT_MTA_CONNECTIONS);
        metrics(record).set("queue_length", MAPPER.readTree(value));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(bytes(record)));

        // Then: the reason names the counter as shipped, like Telegraf's
        assertThat(rejected.reason()).isEqualTo("counter queue_length is not a finite number");
        assertThat(rejected.parser()).isEqualTo("metricbeat-perfmon");
    }

    @Test
    void namesTheDottedPathOfABadNestedCounter() {
        // Given: a nested Metricbeat 7 metric whose leaf is text
        final byte[] raw = bytes(METRICBEAT_7_NESTED, r -> ((ObjectNode) metrics(r).get("queue")).put("length", "37"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).isEqualTo("counter queue.length is not a finite number");
    }

    @ParameterizedTest(name = "metrics {0}")
    @ValueSource(strings = {"[37, 1]", "\"queue_length=37\"", "37", "null"})
    void rejectsMetricsThatAreNotAnObject(final String metrics) throws Exception {
        // Given
        final ObjectNode record = Fixtures.object(METRICBEAT_MTA_CONNECTIONS);
        perfmon(record).set("metrics", MAPPER.readTree(metrics));

        // When / Then
        assertThat(rejected(parser.parse(bytes(record))).reason()).contains("windows.perfmon.metrics");
    }

    @Test
    void rejectsASampleWithoutMetrics() {
        // Given
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> perfmon(r).remove("metrics"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("windows.perfmon.metrics");
    }

    @Test
    void rejectsASampleWithNoCounterValues() {
        // Given: an empty metrics object, or one holding only empty objects
        final byte[] empty = bytes(METRICBEAT_MTA_CONNECTIONS, r -> metrics(r).removeAll());
        final byte[] hollow = bytes(METRICBEAT_MTA_CONNECTIONS, r -> metrics(r).removeAll().putObject("queue").putObject("length"));

        // When / Then
        assertThat(rejected(parser.parse(empty)).reason()).contains("counter values");
        assertThat(rejected(parser.parse(hollow)).reason()).contains("counter values");
    }

    @Test
    void rejectsTheDeprecatedShapeThatNamesNoObject() {
        // Given: Metricbeat 7 with perfmon.counters (measurement_label), which writes no windows.perfmon.object
        final byte[] raw = utf8("{\"@timestamp\":\"1999-03-01T08:00:00.000Z\",\"host\":{\"name\":\"EXCH1\"},"
                + "\"metricset\":{\"name\":\"perfmon\"},\"windows\":{\"perfmon\":{\"mta\":{\"name\":\"EXCH2\"},"
                + "\"queue\":{\"length\":37}}}}");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then: said plainly, so the configuration can be fixed
        assertThat(rejected.reason()).contains("windows.perfmon.object").contains("perfmon.queries");
        assertThat(rejected.parser()).isEqualTo("metricbeat-perfmon");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "processor.time.total.pct | {\"processor\":{\"name\":\"Total\",\"time\":{\"total\":{\"pct\":0.25}}}}",
            "diskio.write.bytes       | {\"diskio\":{\"name\":\"C:\",\"write\":{\"bytes\":12}}}"})
    void ignoresTheDeprecatedShapeOfAnotherObject(final String measurementLabel, final String perfmon) {
        // Given: Metricbeat 6.x "Windows perfmon metricset" reference, its example configuration (perfmon.counters:
        // instance_label processor.name with instance_name "Total", measurement_label processor.time.total.pct for
        // \Processor Information(_Total)\% Processor Time; diskio.name and diskio.write.bytes for \PhysicalDisk(*)\Disk
        // Writes/sec): the instance and the value under windows.perfmon at those label paths, no object named
        final byte[] raw = utf8("{\"@timestamp\":\"1999-03-01T08:00:00.000Z\",\"beat\":{\"hostname\":\"EXCH1\","
                + "\"name\":\"EXCH1\",\"version\":\"6.3.2\"},\"host\":{\"name\":\"EXCH1\"},\"metricset\":{\"module\":"
                + "\"windows\",\"name\":\"perfmon\",\"rtt\":1203},\"windows\":{\"perfmon\":" + perfmon + "}}");
        // (positive control: the same shape with a label naming the MTA is not let through as ignored)
        final byte[] mta = utf8(new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace("\"processor\"", "\"mta\"")
                .replace("\"diskio\"", "\"mta\""));

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then: a real record of something else, counted as ignored with the labels it had; not a dead letter
        assertThat(ignored.parser()).isEqualTo("metricbeat-perfmon");
        assertThat(ignored.reason()).contains("perfmon.counters").contains(measurementLabel);
        assertThat(rejected(parser.parse(mta)).reason()).contains("perfmon.queries");
    }

    @Test
    void rejectsASampleMetricbeatCouldNotRead() {
        // Given: Metricbeat writes 0 for a counter it failed to read and says so in error.message
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> {
            metrics(r).removeAll().put("queue_length", 0);
            r.putObject("error").put("message", "failed on query=\\MSExchangeMTA Connections(EXCH2)\\Queue Length: "
                    + "The data is not valid.");
        });

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then: not a queue of 0 that would look like a recovery
        assertThat(rejected.reason()).contains("error").contains("The data is not valid");
    }

    @Test
    void ignoresAnotherObjectEvenWhenMetricbeatReportsAnError() {
        // Given
        final byte[] raw = bytes(METRICBEAT_PROCESSOR, r -> r.putObject("error").put("message", "failed"));

        // When / Then
        assertThat(ignored(parser.parse(raw)).reason()).contains("Processor");
    }

    @Test
    void rejectsASampleWithoutHost() {
        // Given
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> r.remove("host"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("host.name");
    }

    @ParameterizedTest(name = "host {0}")
    @ValueSource(strings = {"\"EXCH1\"", "{\"name\":42}", "{\"name\":[\"EXCH1\"]}", "{\"name\":\" \"}", "{\"hostname\":\"EXCH1\"}"})
    void rejectsAHostNameThatIsNotAString(final String host) throws Exception {
        // Given
        final ObjectNode record = Fixtures.object(METRICBEAT_MTA_CONNECTIONS);
        record.set("host", MAPPER.readTree(host));

        // When / Then
        assertThat(rejected(parser.parse(bytes(record))).reason()).contains("host.name");
    }

    @ParameterizedTest(name = "@timestamp {0}")
    @ValueSource(strings = {"yesterday", "1999-13-01T08:00:00Z", " "})
    void rejectsAnUnreadableTimestamp(final String timestamp) {
        // Given
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> r.put("@timestamp", timestamp));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("@timestamp");
    }

    @Test
    void rejectsASampleWithoutTimestamp() {
        // Given
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> r.remove("@timestamp"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("@timestamp");
    }

    @Test
    void rejectsATimestampBefore1990() {
        // Given
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> r.put("@timestamp", "1989-12-31T23:59:59Z"));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("before");
    }

    @Test
    void rejectsATimestampTenYearsAhead() {
        // Given
        final Instant future = Instant.now().plus(Duration.ofDays(3653)).truncatedTo(ChronoUnit.SECONDS);
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> r.put("@timestamp", future.toString()));

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("future");
    }

    @Test
    void keepsAConnectorInstanceNameWhole() {
        // Given: an MSExchangeMTA Connections instance that is a connector, not a remote MTA host
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> perfmon(r).put("instance", "X.400 Connector (SITE2)"));

        // When / Then
        assertThat(sample(parser.parse(raw)).sample().getInstance()).isEqualTo("X.400 Connector (SITE2)");
    }

    @Test
    void keysARemoteMtaInstanceLikeAnMtaHost() {
        // Given: the instance names the remote MTA by its DNS name, in lower case
        final byte[] raw = bytes(METRICBEAT_MTA_CONNECTIONS, r -> perfmon(r).put("instance", "exch2.corp.example"));

        // When / Then: it meets the events' remote MTA key
        assertThat(sample(parser.parse(raw)).sample().getInstance()).isEqualTo("EXCH2");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "object   | {\"name\":\"MSExchangeMTA Connections\"}",
            "object   | 42",
            "object   | [\"MSExchangeMTA\"]",
            "instance | {\"name\":\"EXCH2\"}",
            "instance | 7",
            "metrics  | [[1]]",
            "metrics  | {\"a\":{\"b\":{\"c\":[]}}}",
            "metrics  | {\"queue_length\":99999999999999999999999999999}",
            "metrics  | {\"queue_length\":1e308,\"associations\":-0.0}"})
    void neverThrowsForAFieldOfTheWrongType(final String field, final String json) throws Exception {
        // Given: the sample with one windows.perfmon field replaced by a value of the wrong JSON type
        final ObjectNode record = Fixtures.object(METRICBEAT_MTA_CONNECTIONS);
        perfmon(record).set(field, MAPPER.readTree(json));

        // When / Then: the format itself returns an outcome (the detector would hide a throw as "parser failed")
        assertThatCode(() -> format.parse(Fixtures.raw(record))).doesNotThrowAnyException();
        assertThat(format.parse(Fixtures.raw(record)).parser()).isEqualTo("metricbeat-perfmon");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "windows    | [\"perfmon\"]",
            "windows    | {\"perfmon\":[1]}",
            "metricset  | {\"name\":{\"x\":1}}",
            "@timestamp | 920275200",
            "error      | \"failed\"",
            "event      | 1"})
    void neverThrowsForATopLevelFieldOfTheWrongType(final String field, final String json) throws Exception {
        // Given
        final ObjectNode record = Fixtures.object(METRICBEAT_MTA_CONNECTIONS);
        record.set(field, MAPPER.readTree(json));
        final RawRecord raw = Fixtures.raw(record);

        // When / Then
        assertThatCode(() -> {
            if (format.accepts(raw)) {
                format.parse(raw);
            }
        }).doesNotThrowAnyException();
        assertThat(parser.parse(bytes(record)).toString()).doesNotContain("parser failed");
    }

    @Test
    void acceptsMetricbeatEventsAndRecordsWithAPerfmonObjectOnly() {
        // Given
        final ObjectNode metricbeat = Fixtures.object(METRICBEAT_MTA_CONNECTIONS);

        // When / Then
        assertThat(format.accepts(Fixtures.raw(metricbeat))).isTrue();
        assertThat(format.accepts(Fixtures.raw(metricbeat.deepCopy().without("metricset")))).isTrue();
        assertThat(format.accepts(Fixtures.raw(metricbeat.deepCopy().without("windows")))).isTrue();
        assertThat(format.accepts(Fixtures.raw(metricbeat.deepCopy().without(List.of("windows", "metricset"))))).isFalse();
        final ObjectNode flattened = metricbeat.deepCopy().<ObjectNode>without("metricset").put("windows", "perfmon");
        assertThat(format.accepts(Fixtures.raw(flattened))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(WINLOGBEAT_8_MTA_9316)))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(TELEGRAF_MTA_CONNECTIONS)))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(NxlogFormatTest.NXLOG_MTA_9316)))).isFalse();
        assertThat(format.accepts(RawRecord.ofText("windows perfmon MSExchangeMTA"))).isFalse();
    }
}
