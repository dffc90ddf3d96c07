package io.mtacorrelator.cli;

import io.mtacorrelator.BrokerReads;
import io.mtacorrelator.InProcessBroker;
import io.mtacorrelator.IncidentFigures;
import io.mtacorrelator.PrometheusText;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.operations.OperationsEndpoint;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.DeadLetterHeaders;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code run}'s operations endpoint, scraped from a running application on a real broker: its health through the
 * start, its metrics against what was fed and what came out, and its log lines at INFO.
 */
class RunOperationsIT {

    @RegisterExtension
    static final InProcessBroker KAFKA = new InProcessBroker();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(final int port, final String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The INFO-and-above events of the application's loggers, with the thread that logged them. */
    private static final class Capture extends AbstractAppender {
        final List<LogEvent> events = new CopyOnWriteArrayList<>();

        Capture() {
            super("run-operations-it", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(final LogEvent event) {
            events.add(event.toImmutable());
        }
    }

    @Test
    void theEndpointShowsTheHealthAndTheFiguresOfARunningApplication(@TempDir final Path dir) throws Exception {
        // Given: a morning with two faults (EXCH1 -> EXCH2 has the article's episode, EXCH4's remote is down) as the
        // shippers' two files, and two more records on the raw topic: a processor sample (ignored) and broken JSON
        final Scenario s = Scenario.twoFaults(Instant.parse("1999-03-01T08:00:00Z"));
        final List<Scenario.Line> lines = s.lines();
        final long newest = lines.stream().mapToLong(l -> l.time().toEpochMilli()).max().orElseThrow();
        final Path events = Files.write(dir.resolve("winlogbeat.ndjson"), lines.stream()
                .filter(l -> l.topic().equals(Scenario.EVENTLOG_TOPIC)).map(Scenario.Line::json).toList());
        final Path counters = Files.write(dir.resolve("telegraf.ndjson"), lines.stream()
                .filter(l -> l.topic().equals(Scenario.COUNTERS_TOPIC)).map(Scenario.Line::json).toList());
        final String processor = ShipperRecords.connectionSample(s.at(71), "EXCH1", "EXCH2", 3, 1, 5000)
                .replace("MSExchangeMTA Connections", "Processor");
        final String appId = "mta-ops-it-" + UUID.randomUUID();
        final CorrelatorConfig config = new ConfigLayers()
                .layer("the test", Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "application.id", appId,
                        "state.dir", dir.resolve("state").toString(), "commit.interval.ms", "200",
                        CorrelatorConfig.METRICS_PORT, "0"))
                .build();
        final Topics topics = new Topics(config, new PlainAvroSerdes());
        final Capture capture = new Capture();
        final LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        // at the level run sets for itself: another command run earlier in this JVM (bench) may have set another
        final Level levelBefore = LogManager.getLogger("io.mtacorrelator").getLevel();
        Configurator.setLevel("io.mtacorrelator", Level.INFO);
        capture.start();
        logs.getConfiguration().getLoggerConfig("io.mtacorrelator").addAppender(capture, Level.INFO, null);
        logs.updateLoggers();

        final int port;
        try (CorrelatorApp app = CorrelatorApp.create(config, null, true)) {
            port = app.metricsPort().orElseThrow();

            // Then: built but not started, it answers: alive, not ready, saying why
            final HttpResponse<String> created = get(port, OperationsEndpoint.READY);
            assertThat(created.statusCode()).isEqualTo(503);
            assertThat(created.body()).contains("\"state\":\"CREATED\"");
            assertThat(get(port, OperationsEndpoint.LIVE).statusCode()).isEqualTo(200);

            // When: started (the positive control of the 503 above)
            app.start();

            // Then
            await().atMost(BrokerReads.CEILING).until(() -> get(port, OperationsEndpoint.READY).statusCode() == 200);
            assertThat(get(port, OperationsEndpoint.READY).body()).contains("\"state\":\"RUNNING\"");
            assertThat(get(port, OperationsEndpoint.LIVE).statusCode()).isEqualTo(200);

            // When: the two odd records, then the morning replayed with its end-of-input marker
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Scenario.COUNTERS_TOPIC, processor.getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(Scenario.EVENTLOG_TOPIC, "{\"not json".getBytes(StandardCharsets.UTF_8))).get();
            }
            final CliHarness replay = CliHarness.run("replay", "--bootstrap-servers", KAFKA.bootstrapServers(),
                    "--end-of-input", events.toString(), counters.toString());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.err()).contains("replay: published " + lines.size() + " record(s) from 2 file(s)");
            BrokerReads.awaitProcessed(KAFKA.bootstrapServers(), appId, topics.rawNames(),
                    List.of(topics.events.name(), topics.counters.name()));
            final List<Incident> incidents = BrokerReads.readToEnd(KAFKA.bootstrapServers(), topics.incidents.name(),
                    topics.incidents.valueSerde().deserializer()).stream().map(ConsumerRecord::value).toList();
            final long late = BrokerReads.readToEnd(KAFKA.bootstrapServers(), topics.deadLetter.name(), new ByteArrayDeserializer())
                    .stream().filter(r -> String.valueOf(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON)).startsWith("late:"))
                    .count();
            final long before = System.currentTimeMillis();
            final HttpResponse<String> scrape = get(port, OperationsEndpoint.METRICS);
            final long after = System.currentTimeMillis();

            // Then: the counters are the records fed, each counted once as exactly one outcome
            assertThat(scrape.statusCode()).isEqualTo(200);
            final PrometheusText metrics = new PrometheusText(scrape.body());
            final double read = metrics.value("mta_records_read_total");
            assertThat(read).isEqualTo(lines.size() + 2);
            assertThat(metrics.value("mta_records_ignored_total")).isEqualTo(1);
            assertThat(metrics.value("mta_records_dead_lettered_total")).isEqualTo(1);
            assertThat(metrics.value("mta_records_parsed_total")).isEqualTo(read - 2);
            assertThat(metrics.value("mta_records_late_total")).isEqualTo(late);

            // and the incident changes by article and status, and the open ones, are those on the incident topic
            assertThat(incidents).isNotEmpty();
            assertThat(metrics.of("mta_incident_changes_total")).isEqualTo(IncidentFigures.changesByArticleAndStatus(incidents));
            assertThat(metrics.of("mta_incidents_open").values().stream().mapToDouble(Double::doubleValue).sum())
                    .isEqualTo(IncidentFigures.open(incidents));

            // and the input has ended, so the one partition's horizon is the newest event time fed
            assertThat(metrics.of("mta_evaluation_horizon_lag_seconds")).containsOnlyKeys(Map.of("partition", "0"))
                    .allSatisfy((partition, lag) -> assertThat(lag).isBetween((before - newest) / 1000.0, (after - newest) / 1000.0));

            // and Kafka Streams' own metrics are there through the binder, without a second copy of ours
            assertThat(metrics.hasAny("kafka_stream_thread_")).as(scrape.body()).isTrue();
            assertThat(metrics.hasAny("kafka_stream_mta_correlator")).isFalse();

            // and at INFO the stream threads logged one line per incident state change, naming it, and nothing per record
            // (beside the application's own state changes, REBALANCING -> RUNNING)
            final List<String> processing = capture.events.stream()
                    .filter(e -> e.getThreadName().contains("StreamThread") && e.getLevel().isMoreSpecificThan(Level.INFO)
                            && !e.getLevel().isMoreSpecificThan(Level.WARN) && !e.getLoggerName().equals(CorrelatorApp.class.getName()))
                    .map(e -> e.getMessage().getFormattedMessage()).toList();
            assertThat(processing).hasSize(incidents.size()).allSatisfy(line -> assertThat(line).startsWith("Incident "));
            for (final Map.Entry<String, Long> perIncident : incidents.stream().collect(java.util.stream.Collectors.groupingBy(
                    Incident::getIncidentId, java.util.stream.Collectors.counting())).entrySet()) {
                assertThat(processing.stream().filter(l -> l.startsWith("Incident " + perIncident.getKey() + " ")).count())
                        .isEqualTo(perIncident.getValue());
            }
        } finally {
            logs.getConfiguration().getLoggerConfig("io.mtacorrelator").removeAppender(capture.getName());
            logs.updateLoggers();
            Configurator.setLevel("io.mtacorrelator", levelBefore);
        }

        // Then: closed, nothing listens any more
        assertThatThrownBy(() -> get(port, OperationsEndpoint.LIVE)).isInstanceOf(ConnectException.class);
    }
}
