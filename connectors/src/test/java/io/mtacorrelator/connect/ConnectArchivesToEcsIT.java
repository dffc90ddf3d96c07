package io.mtacorrelator.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.render.EcsConformance;
import io.mtacorrelator.render.IncidentEcs;
import io.mtacorrelator.render.IncidentJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectStandalone;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Archives in, SIEM out, on real parts: a Connect worker (connect-runtime 4.3.1, standalone,
 * {@code plugin.discovery=service_load}) with its own in-JVM KRaft broker loads the plugin from the directory
 * {@code mvn package} built (this module's classes are kept off the test classpath), reads a multi-line EVTX XML
 * archive and an Event Viewer CSV export into the raw topic with the archive source (and the counters' NDJSON with
 * the stock FileStreamSource, as the README documents), the correlator runs on them as its own process from the fat
 * jar (Kafka 4.4.0 cannot share this JVM's 4.3.1 classpath), and the ready ECS file sink config writes its incidents
 * through the ECS transform to a file, checked line by line.
 */
class ConnectArchivesToEcsIT {

    private static final Path CONFIG = Path.of("config");
    private static final Path ARCHIVES = Path.of("src", "test", "resources", "archive");
    private static final Path XML = ARCHIVES.resolve("exch1-mta-9316.xml");
    private static final Path CSV = ARCHIVES.resolve("exch1-application.csv");
    private static final Path COUNTERS = ARCHIVES.resolve("exch1-counters.ndjson");
    private static final String EVENTLOG = "mta.raw.eventlog";
    private static final String PERFCOUNTERS = "mta.raw.perfcounters";
    private static final String INCIDENTS = "mta.incidents";
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SYSTEM_TIME = Pattern.compile("SystemTime=\"([^\"]+)\"");
    /** Event Viewer's NT 4.0 dates: two-digit years, 90-99 in the 1900s (the exports predate 2000 here). */
    private static final DateTimeFormatter NT4_CSV_TIME = new DateTimeFormatterBuilder().appendPattern("M/d/")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1950).appendPattern(" h:mm:ss a").toFormatter(Locale.US);

    private EmbeddedConnectStandalone connect;
    private Process correlator;

    @AfterEach
    void stop() throws InterruptedException {
        if (correlator != null) {
            correlator.destroy();
            if (!correlator.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                correlator.destroyForcibly();
            }
        }
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void archivesBecomeIncidentsThatTheEcsSinkWritesLineByLine(@TempDir final Path dir) throws Exception {
        // Given: the plugin as mvn package built it, and nothing of it on this JVM's classpath
        final Path pluginDir = Path.of(System.getProperty("mta.plugin.dir", "target/plugin"));
        final Path jar = Path.of(System.getProperty("mta.correlator.jar", "../streams-app/target/mta-correlator.jar"));
        assertThat(pluginDir.resolve("mta-correlator-connectors/lib")).as("the packaged plugin").isDirectory();
        assertThat(jar).as("the correlator's fat jar (streams-app is packaged before this module)").isRegularFile();
        assertThatThrownBy(() -> Class.forName("io.mtacorrelator.connect.transforms.IncidentToEcs"))
                .as("the plugin is loaded from its directory, not from the test classpath")
                .isInstanceOf(ClassNotFoundException.class);

        // and a standalone worker that discovers plugins through their META-INF/services only
        final Map<String, String> worker = new HashMap<>();
        worker.put("plugin.path", pluginDir.toAbsolutePath().toString());
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("connector.client.config.override.policy", "All");
        // one broker: the correlator's exactly-once transactions need their state log with one replica
        final Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        connect = new EmbeddedConnectStandalone.Builder().numBrokers(1).brokerProps(broker).workerProps(worker).build();
        connect.start();
        final String bootstrap = connect.kafka().bootstrapServers();
        // raw topics kept for ever: the archives' records carry 1999 timestamps
        connect.kafka().createTopic(EVENTLOG, 1, 1, Map.of("retention.ms", "-1"));
        connect.kafka().createTopic(PERFCOUNTERS, 1, 1, Map.of("retention.ms", "-1"));

        // When: the ready configurations, with only the files pointed at this test's archives
        final Map<String, String> xmlSource = readyConfig("archive-source.json");
        xmlSource.put("files", XML.toAbsolutePath().toString());
        connect.configureConnector("mta-archive-xml", xmlSource);
        final Map<String, String> csvSource = readyConfig("archive-source.json");
        csvSource.put("files", CSV.toAbsolutePath().toString());
        connect.configureConnector("mta-archive-csv", csvSource);
        final Map<String, String> countersSource = readyConfig("ndjson-filestream-source.json");
        countersSource.put("file", COUNTERS.toAbsolutePath().toString());
        countersSource.put("topic", PERFCOUNTERS);
        connect.configureConnector("mta-ndjson-counters", countersSource);

        // Then: one raw record per event (5 <Event>s over 100 lines of XML, 15 CSV rows), one per counter line
        final List<String> xmlTimes = matches(SYSTEM_TIME, Files.readString(XML, StandardCharsets.UTF_8));
        final List<String> csvRows = Files.readAllLines(CSV, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        final long counterLines = Files.readAllLines(COUNTERS, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
        awaitEndOffset(new TopicPartition(EVENTLOG, 0), xmlTimes.size() + csvRows.size());
        awaitEndOffset(new TopicPartition(PERFCOUNTERS, 0), counterLines);
        final List<ConsumerRecord<byte[], byte[]>> raw = readAll(bootstrap, EVENTLOG, xmlTimes.size() + csvRows.size());
        final List<Long> xmlStamps = new ArrayList<>();
        int mtaRows = 0;
        int otherRows = 0;
        for (final ConsumerRecord<byte[], byte[]> r : raw) {
            final String value = new String(r.value(), StandardCharsets.UTF_8);
            if (value.startsWith("<Event")) {
                // an XML event, whole, at its own SystemTime, keyed by its MTA
                assertThat(value).endsWith("</Event>").containsOnlyOnce("<EventID");
                assertThat(r.timestamp()).isEqualTo(Instant.parse(matches(SYSTEM_TIME, value).get(0)).toEpochMilli());
                assertThat(key(r)).isEqualTo("EXCH1");
                xmlStamps.add(r.timestamp());
                continue;
            }
            // a CSV row, as the export reader gives it: the row's columns by name
            final JsonNode row = MAPPER.readTree(value);
            if ("MSExchangeMTA".equals(row.get("Source").asText())) {
                assertThat(r.timestamp()).as(value).isEqualTo(nt4CsvTime(row.get("Date").asText() + "," + row.get("Time").asText()));
                assertThat(key(r)).isEqualTo("EXCH1");
                mtaRows++;
            } else {
                // another provider's event: the correlator ignores it, so it has no MTA key (and the time of the
                // file's previous event, if any, as its timestamp)
                assertThat(r.key()).as(value).isNull();
                otherRows++;
            }
        }
        assertThat(xmlStamps).containsExactlyElementsOf(xmlTimes.stream().map(t -> Instant.parse(t).toEpochMilli()).toList());
        assertThat(mtaRows + otherRows).isEqualTo(csvRows.size());
        assertThat(mtaRows).isEqualTo(csvRows.stream().filter(l -> l.contains(",MSExchangeMTA,")).count()).isPositive();

        // When: the end-of-input marker follows the archives (replay of an empty file sends only the marker, as the
        // README says), and the correlator runs on the raw topics as a finite input
        final Path log = dir.resolve("correlator.log");
        final Path replayLog = dir.resolve("replay.log");
        final Process replay = new ProcessBuilder(java(), "-jar", jar.toString(), "replay", "--bootstrap-servers", bootstrap,
                "--end-of-input", Files.createFile(dir.resolve("empty.ndjson")).toString())
                .redirectErrorStream(true).redirectOutput(replayLog.toFile()).start();
        assertThat(replay.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("replay finishes").isTrue();
        assertThat(replay.exitValue()).as(read(replayLog)).isZero();
        assertThat(read(replayLog)).contains("published 0 record(s)").contains("end-of-input marker sent");
        correlator = new ProcessBuilder(java(), "-jar", jar.toString(), "run",
                "--bootstrap-servers", bootstrap, "--create-topics", "--incident-format", "json",
                "--state-dir", dir.resolve("state").toString(), "--application-id", "mta-connect-it",
                "--set", "mta.grace.ms=-1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("the correlator running").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> read(log).contains("-> RUNNING") || !correlator.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\ncorrelator output:\n" + read(log), e);
        }
        assertThat(correlator.isAlive()).as(read(log)).isTrue();

        // and the ready ECS file sink reads its incidents (JSON here; the transform tells the forms apart itself)
        final Path ecsFile = dir.resolve("incidents-ecs.ndjson");
        final Map<String, String> sink = readyConfig("ecs-file-sink.json");
        sink.put("file", ecsFile.toString());
        connect.configureConnector("mta-incidents-ecs-file", sink);

        // Then: the correlator reports the episode, OPEN to RESOLVED, on the incident topic
        final List<Incident> incidents = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(INCIDENTS));
            awaitOrShow(log, () -> await("a RESOLVED Q181721 incident on " + INCIDENTS).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> incidents.add(IncidentJson.fromLine(
                                new String(r.value(), StandardCharsets.UTF_8))));
                        return incidents.stream().anyMatch(i -> "Q181721".equals(i.getKb()) && i.getStatus() == IncidentStatus.RESOLVED);
                    }));
        }
        // and the sink writes each of them, in order, as its ECS line
        await("the ECS file sink's lines").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> lines(ecsFile).size() >= incidents.size());
        final List<String> ecs = lines(ecsFile);
        assertThat(ecs).as(read(log)).hasSameSizeAs(incidents);
        for (int k = 0; k < ecs.size(); k++) {
            assertThat(ecs.get(k)).isEqualTo(IncidentEcs.toLine(incidents.get(k)));
            final List<String> walked = new ArrayList<>();
            assertThat(EcsConformance.problems(MAPPER.readTree(ecs.get(k)), IncidentEcs.NAMESPACE, walked)).isEmpty();
            assertThat(walked).contains("event.kind", "event.id", "rule.id");
        }
        // field by field: the episode of the archives, opened, then closed under the same incident id
        final List<JsonNode> q181721 = new ArrayList<>();
        for (final String line : ecs) {
            final JsonNode doc = MAPPER.readTree(line);
            if ("Q181721".equals(doc.at("/rule/id").asText())) {
                q181721.add(doc);
            }
        }
        assertThat(q181721).hasSizeGreaterThanOrEqualTo(2);
        final JsonNode opened = q181721.get(0);
        final JsonNode resolved = q181721.get(q181721.size() - 1);
        assertThat(opened.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(opened.at("/event/action").asText()).isEqualTo("incident-opened");
        assertThat(opened.at("/event/category/0").asText()).isEqualTo("email");
        assertThat(opened.at("/event/severity").asInt()).isEqualTo(73);
        assertThat(opened.at("/host/name").asText()).isEqualTo("EXCH1");
        assertThat(opened.at("/related/hosts")).extracting(JsonNode::asText).containsExactly("EXCH1", "EXCH2");
        assertThat(opened.at("/rule/reference").asText()).isEqualTo("https://support.microsoft.com/kb/181721");
        assertThat(opened.at("/mta_correlator/incident/status").asText()).isEqualTo("OPEN");
        assertThat(Instant.parse(opened.at("/@timestamp").asText()))
                .isBetween(Instant.parse(xmlTimes.get(0)), Instant.parse(xmlTimes.get(xmlTimes.size() - 1)).plusSeconds(3600));
        assertThat(resolved.at("/event/action").asText()).isEqualTo("incident-resolved");
        assertThat(resolved.at("/event/id").asText()).isEqualTo(opened.at("/event/id").asText());
        assertThat(resolved.at("/mta_correlator/incident/status").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.at("/mta_correlator/incident/close_reason").asText()).isEqualTo("RECOVERED");
        assertThat(Instant.parse(resolved.at("/event/end").asText())).isAfter(Instant.parse(opened.at("/@timestamp").asText()));
        assertThat(resolved.at("/event/start").asText()).isEqualTo(opened.at("/event/start").asText());
        // the CSV's 9277 MtaBind cancels counted as evidence beside the XML's 9316s
        assertThat(resolved.at("/mta_correlator/evidence/symptom_counts").findValuesAsText("kind"))
                .contains("9316/1727", "9277/MtaBind");

        // and every connector is still running
        for (final String name : List.of("mta-archive-xml", "mta-archive-csv", "mta-ndjson-counters", "mta-incidents-ecs-file")) {
            final ConnectorStateInfo status = connect.connectorStatus(name);
            assertThat(status.connector().state()).as(name).isEqualTo("RUNNING");
            assertThat(status.tasks()).as(name).allSatisfy(t -> assertThat(t.state()).as(t.trace()).isEqualTo("RUNNING"));
        }
    }

    /** Runs a wait; when it times out, the failure carries the correlator's output. */
    private static void awaitOrShow(final Path log, final Runnable wait) throws IOException {
        try {
            wait.run();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\ncorrelator output:\n" + read(log), e);
        }
    }

    /** A ready configuration of connectors/config, as a map the worker takes. */
    private static Map<String, String> readyConfig(final String file) throws IOException {
        final Map<String, String> config = new HashMap<>();
        MAPPER.readTree(CONFIG.resolve(file).toFile()).properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        config.remove("name");
        return config;
    }

    private void awaitEndOffset(final TopicPartition tp, final long expected) {
        await("end offset " + expected + " of " + tp).atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> connect.kafka().endOffset(tp) >= expected);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(final String bootstrap, final String topic, final int count) {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(topic));
            await("the " + count + " records of " + topic).atMost(PATIENCE).pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                        return records.size() >= count;
                    });
        }
        return records;
    }

    private KafkaConsumer<byte[], byte[]> consumer(final String bootstrap) {
        return connect.kafka().createConsumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }

    private static String key(final ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    /** The event time of an NT 4.0 Event Viewer CSV row ({@code 3/1/99,8:31:20 AM,...}), read as UTC. */
    private static long nt4CsvTime(final String row) {
        final String[] c = row.split(",", 3);
        return LocalDateTime.parse(c[0] + " " + c[1], NT4_CSV_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static List<String> matches(final Pattern pattern, final String text) {
        final List<String> out = new ArrayList<>();
        final Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> lines(final Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                : List.of();
    }

    private static String read(final Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
