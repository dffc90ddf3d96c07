package io.mtacorrelator.scaleout;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.runtime.FileCorrelation;
import io.mtacorrelator.topology.ControlRecords;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.CorrelatorTopology;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.Topics;
import io.mtacorrelator.workload.WorkloadRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Records and the end-of-input marker through the production topology on Kafka's test driver, with nothing before
 * them: an uninterrupted run without a broker, the expectation the fault tests hold a broker run against (each MTA's
 * records in the order given, as a shipper keyed by MTA delivers them to one partition).
 */
public final class DriverRun {

    /**
     * What the run wrote: each incident's state changes by id (as {@link Deployment#incidents()}), the dead letters, and
     * the ingest counters (as {@link FileCorrelation#ingestCounts}).
     */
    public record Result(Map<String, List<String>> incidents, int deadLetters, Map<String, Long> ingestCounts) {
    }

    private DriverRun() {
    }

    /** @param overrides mta.* settings, as given to {@link Deployment#create} */
    public static Result of(final List<Deployment.Delivery> deliveries, final Path stateDir, final Map<String, String> overrides) {
        final Map<String, String> settings = new LinkedHashMap<>(overrides);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "driver-run");
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        final CorrelatorConfig config = new CorrelatorConfig(settings);
        final PlainAvroSerdes serdes = new PlainAvroSerdes();
        final Topics topics = new Topics(config, serdes);
        final Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        final Map<String, List<String>> byId = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(CorrelatorTopology.build(config, serdes), props)) {
            final List<TestInputTopic<byte[], byte[]>> raw = topics.rawNames().stream()
                    .map(t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer())).toList();
            long last = 0;
            for (final Deployment.Delivery d : deliveries) {
                final WorkloadRecord r = d.record();
                raw.get(r.counter() ? 1 : 0).pipeInput(new TestRecord<>(r.mta().getBytes(StandardCharsets.UTF_8), r.value(), null,
                        r.eventTimeMs()));
                last = r.eventTimeMs();
            }
            for (final TestInputTopic<byte[], byte[]> topic : raw) {
                final RecordHeaders headers = new RecordHeaders();
                headers.add(ControlRecords.CONTROL, ControlRecords.END_OF_INPUT.getBytes(StandardCharsets.UTF_8));
                headers.add(ControlRecords.SOURCES, String.valueOf(raw.size()).getBytes(StandardCharsets.UTF_8));
                topic.pipeInput(new TestRecord<>(null, null, headers, last));
            }
            for (final Incident incident : driver.createOutputTopic(topics.incidents.name(), Serdes.String().deserializer(),
                    topics.incidents.valueSerde().deserializer()).readValuesToList()) {
                byId.computeIfAbsent(incident.getIncidentId(), k -> new ArrayList<>()).add(Deployment.canonical(IncidentJson.toLine(incident)));
            }
            final int deadLetters = driver.createOutputTopic(topics.deadLetter.name(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList().size();
            return new Result(byId, deadLetters, FileCorrelation.ingestCounts(driver.metrics()));
        }
    }
}
