package io.mtacorrelator.topology;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.render.IncidentFormat;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topics of the correlator with their serdes: one instance per application, built from its config. */
public final class Topics {

    /** Raw shipper JSON, any of the supported formats on any of these topics. Keys are not used. */
    public final List<Topic<byte[], byte[]>> raw;
    /** Normalised MSExchangeMTA events, keyed by MTA, timestamped with event time. */
    public final Topic<String, MtaEvent> events;
    /** Normalised counter samples, keyed by MTA, timestamped with event time. */
    public final Topic<String, CounterSample> counters;
    /** Incident state changes, keyed by incident id. */
    public final Topic<String, Incident> incidents;
    /** Raw records that could not be read, unchanged, with headers saying why and where from. */
    public final Topic<byte[], byte[]> deadLetter;

    public Topics(final CorrelatorConfig config, final AvroSerdes serdes) {
        this.raw = config.getList(CorrelatorConfig.TOPIC_RAW).stream()
                .map(name -> new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray()))
                .toList();
        this.events = new Topic<>(config.getString(CorrelatorConfig.TOPIC_EVENTS), Serdes.String(), serdes.valueSerde(MtaEvent.class));
        this.counters = new Topic<>(config.getString(CorrelatorConfig.TOPIC_COUNTERS), Serdes.String(), serdes.valueSerde(CounterSample.class));
        final String format = config.getString(CorrelatorConfig.INCIDENT_FORMAT);
        this.incidents = new Topic<>(config.getString(CorrelatorConfig.TOPIC_INCIDENTS), Serdes.String(),
                CorrelatorConfig.AVRO.equals(format) ? serdes.valueSerde(Incident.class) : rendered(IncidentFormat.of(format)));
        this.deadLetter = new Topic<>(config.getString(CorrelatorConfig.TOPIC_DEAD_LETTER), Serdes.ByteArray(), Serdes.ByteArray());
    }

    /**
     * Incidents rendered as text, one record each (our JSON, or a SIEM shape: ECS, OCSF, CEF), UTF-8; written only,
     * never read back by the application.
     */
    private static Serde<Incident> rendered(final IncidentFormat format) {
        return Serdes.serdeFrom(
                (topic, incident) -> incident == null ? null : format.render(incident).getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("incidents in " + format.id() + " are for consumers; read them as "
                            + format.id());
                });
    }

    /**
     * The Avro value schema of each topic this configuration writes Avro to (events, counters, and incidents unless
     * they are rendered), in that order: what a registry must hold for it.
     */
    public static Map<String, Schema> avroValueSchemas(final CorrelatorConfig config) {
        final Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(config.getString(CorrelatorConfig.TOPIC_EVENTS), MtaEvent.getClassSchema());
        schemas.put(config.getString(CorrelatorConfig.TOPIC_COUNTERS), CounterSample.getClassSchema());
        if (CorrelatorConfig.AVRO.equals(config.getString(CorrelatorConfig.INCIDENT_FORMAT))) {
            schemas.put(config.getString(CorrelatorConfig.TOPIC_INCIDENTS), Incident.getClassSchema());
        }
        return schemas;
    }

    public List<String> rawNames() {
        return raw.stream().map(Topic::name).toList();
    }

    /** Every topic the application reads or writes, for creation and checks. */
    public List<String> all() {
        final java.util.ArrayList<String> names = new java.util.ArrayList<>(rawNames());
        names.addAll(List.of(events.name(), counters.name(), incidents.name(), deadLetter.name()));
        return names;
    }
}
