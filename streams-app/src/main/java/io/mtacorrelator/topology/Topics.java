package io.mtacorrelator.topology;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

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
        this.incidents = new Topic<>(config.getString(CorrelatorConfig.TOPIC_INCIDENTS), Serdes.String(),
                "json".equals(config.getString(CorrelatorConfig.INCIDENT_FORMAT)) ? incidentJson() : serdes.valueSerde(Incident.class));
        this.deadLetter = new Topic<>(config.getString(CorrelatorConfig.TOPIC_DEAD_LETTER), Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** Incidents as one JSON object each (the rendering correlate writes); written only, never read back. */
    private static org.apache.kafka.common.serialization.Serde<Incident> incidentJson() {
        return Serdes.serdeFrom(
                (topic, incident) -> incident == null ? null
                        : io.mtacorrelator.render.IncidentJson.toLine(incident).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("incidents in JSON are for consumers; read them as JSON");
                });
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
