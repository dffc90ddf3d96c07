package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.avro.Incident;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The production topology and config in a TopologyTestDriver, fed with scenario lines at their event times. */
final class TopologyHarness implements AutoCloseable {

    final CorrelatorConfig config;
    final Topics topics;
    final TopologyTestDriver driver;
    private final Path stateDir;
    private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
    private final TestOutputTopic<String, Incident> incidents;
    private final TestOutputTopic<byte[], byte[]> deadLetter;

    TopologyHarness() {
        this(Map.of());
    }

    TopologyHarness(final Map<String, String> overrides) {
        final Map<String, Object> props = new HashMap<>(overrides);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        this.config = new CorrelatorConfig(props);
        final PlainAvroSerdes serdes = new PlainAvroSerdes();
        this.topics = new Topics(config, serdes);
        final Properties streamsProps = config.streamsProperties();
        try {
            this.stateDir = Files.createTempDirectory("mta-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        streamsProps.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // The driver processes each record as it is piped, in piping order: there is no other partition to wait for,
        // and its wall clock only moves when a test moves it.
        streamsProps.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        this.driver = new TopologyTestDriver(CorrelatorTopology.build(config, serdes), streamsProps);
        for (final String raw : topics.rawNames()) {
            inputs.put(raw, driver.createInputTopic(raw, new ByteArraySerializer(), new ByteArraySerializer()));
        }
        this.incidents = driver.createOutputTopic(topics.incidents.name(), Serdes.String().deserializer(),
                topics.incidents.valueSerde().deserializer());
        this.deadLetter = driver.createOutputTopic(topics.deadLetter.name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /**
     * Pipes each line with its event time as record timestamp, as a shipper that stamps records at
     * collection would; stream time therefore follows the scenario's clock.
     */
    TopologyHarness pipe(final List<Scenario.Line> lines) {
        for (final Scenario.Line line : lines) {
            pipeRaw(line.topic(), line.json().getBytes(StandardCharsets.UTF_8), line.time().toEpochMilli());
        }
        return this;
    }

    TopologyHarness pipeRaw(final String topic, final byte[] value, final long timestamp) {
        return pipeRaw(topic, null, value, timestamp);
    }

    /** A raw record with a key, as a shipper that keys by host (or replay) publishes it. */
    TopologyHarness pipeRaw(final String topic, final byte[] key, final byte[] value, final long timestamp) {
        inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()))
                .pipeInput(new TestRecord<>(key, value, null, timestamp));
        return this;
    }

    /** The end-of-input marker on every raw partition, as correlate and finite replays send it. */
    TopologyHarness endOfInput(final long timestamp) {
        for (final String raw : topics.rawNames()) {
            final org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add(ControlRecords.CONTROL, ControlRecords.END_OF_INPUT.getBytes(StandardCharsets.UTF_8));
            headers.add(ControlRecords.SOURCES, String.valueOf(topics.rawNames().size()).getBytes(StandardCharsets.UTF_8));
            inputs.get(raw).pipeInput(new TestRecord<>(null, null, headers, timestamp));
        }
        return this;
    }

    /** Pipes the lines and then the end-of-input marker, and returns the incidents. */
    List<Incident> run(final List<Scenario.Line> lines) {
        pipe(lines);
        endOfInput(lines.isEmpty() ? 0 : lines.get(lines.size() - 1).time().toEpochMilli());
        return incidents();
    }

    List<Incident> incidents() {
        return incidents.readValuesToList();
    }

    /** The incident topic's records as text keyed by incident id (for the rendered formats: json, ecs, ocsf, cef). */
    List<org.apache.kafka.streams.KeyValue<String, String>> renderedIncidents() {
        return driver.createOutputTopic(topics.incidents.name(), Serdes.String().deserializer(), Serdes.String().deserializer())
                .readKeyValuesToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetter.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
