package io.mtacorrelator.topology;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.diagnosis.PendingItem;
import io.mtacorrelator.ingest.ParseOutcome;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The correlator's topology, built from configuration alone (no I/O). Two sub-topologies:
 * <ol>
 *   <li>raw shipper JSON → parse → normalised events / counter samples keyed by MTA with event-time
 *       timestamps; unreadable records → dead-letter topic;</li>
 *   <li>normalised events + samples → per-MTA correlation state → incidents keyed by incident id.</li>
 * </ol>
 * Every node and store is named, so adding a step never renames state or internal topics.
 */
public final class CorrelatorTopology {

    public static final String STATE_STORE = "mta-correlation-state";
    public static final String PENDING_STORE = "mta-pending-signals";

    private CorrelatorTopology() {
    }

    public static Topology build(final CorrelatorConfig config, final AvroSerdes serdes) {
        final Topics topics = new Topics(config, serdes);
        final Properties props = config.streamsProperties();
        // The topology is checked against these settings (explicit naming) without connecting anywhere.
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator");
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));

        final KStream<byte[], Ingested> ingested = builder
                .stream(topics.rawNames(), org.apache.kafka.streams.kstream.Consumed
                        .with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-source"))
                .processValues(() -> new ParseProcessor(config.inputSettings()), Named.as("parse"));

        final Map<String, KStream<byte[], Ingested>> routes = ingested.split(Named.as("route-"))
                .branch((k, v) -> v.isEndOfInput(), Branched.as("control"))
                .branch((k, v) -> v.outcome() instanceof ParseOutcome.Event, Branched.as("events"))
                .branch((k, v) -> v.outcome() instanceof ParseOutcome.Sample, Branched.as("counters"))
                .branch((k, v) -> v.outcome() instanceof ParseOutcome.Rejected, Branched.as("rejected"))
                .noDefaultBranch();

        routes.get("route-events")
                .map((k, v) -> {
                    final MtaEvent event = ((ParseOutcome.Event) v.outcome()).event();
                    return KeyValue.pair(event.getMta(), event);
                }, Named.as("key-events-by-mta"))
                .to(topics.events.name(), topics.events.produced("events-sink"));
        routes.get("route-counters")
                .map((k, v) -> {
                    final CounterSample sample = ((ParseOutcome.Sample) v.outcome()).sample();
                    return KeyValue.pair(sample.getMta(), sample);
                }, Named.as("key-counters-by-mta"))
                .to(topics.counters.name(), topics.counters.produced("counters-sink"));
        // End-of-input markers go to every partition of both normalised topics (see ControlRecords).
        final KStream<String, Ingested> control = routes.get("route-control")
                .selectKey((k, v) -> (String) null, Named.as("control-unkeyed"));
        control.mapValues(v -> (MtaEvent) null, Named.as("control-as-event"))
                .to(topics.events.name(), topics.events.produced("control-events-sink").withStreamPartitioner(ControlRecords.broadcast()));
        control.mapValues(v -> (CounterSample) null, Named.as("control-as-sample"))
                .to(topics.counters.name(), topics.counters.produced("control-counters-sink").withStreamPartitioner(ControlRecords.broadcast()));
        routes.get("route-rejected")
                .mapValues(Ingested::raw, Named.as("original-bytes"))
                .to(topics.deadLetter.name(), topics.deadLetter.produced("dead-letter-sink"));

        final KStream<String, SpecificRecord> events = builder
                .stream(topics.events.name(), topics.events.consumed("events-source"))
                .mapValues(v -> (SpecificRecord) v, Named.as("events-as-signals"));
        final KStream<String, SpecificRecord> counters = builder
                .stream(topics.counters.name(), topics.counters.consumed("counters-source"))
                .mapValues(v -> (SpecificRecord) v, Named.as("counters-as-signals"));

        final MtaCorrelator correlator = new MtaCorrelator(config.diagnosis());
        final StoreBuilder<KeyValueStore<String, MtaState>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), JsonStateSerde.of(MtaState.class));
        final StoreBuilder<KeyValueStore<String, PendingItem>> pendingStore = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), JsonStateSerde.of(PendingItem.class));
        final Set<String> signalTopics = Set.of(topics.events.name(), topics.counters.name());
        final long idleFlush = config.getLong(CorrelatorConfig.IDLE_FLUSH_MS);
        final long stale = config.getLong(CorrelatorConfig.STALE_MS);
        final long interval = config.getLong(CorrelatorConfig.PUNCTUATE_INTERVAL_MS);
        final ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> correlate = new ProcessorSupplier<>() {
            @Override
            public Processor<String, SpecificRecord, String, SpecificRecord> get() {
                return new CorrelationProcessor(correlator, STATE_STORE, PENDING_STORE, signalTopics, idleFlush, stale, interval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store, pendingStore);
            }
        };
        final Map<String, KStream<String, SpecificRecord>> results = events.merge(counters, Named.as("signals"))
                .process(correlate, Named.as("correlate"))
                .split(Named.as("result-"))
                .branch((k, v) -> v instanceof Incident, Branched.as("incidents"))
                .defaultBranch(Branched.as("late"));
        results.get("result-incidents")
                .mapValues(v -> (Incident) v, Named.as("as-incident"))
                .to(topics.incidents.name(), topics.incidents.produced("incidents-sink"));
        // Late signals are set aside on the dead-letter topic as their Avro bytes, headers saying why.
        final var eventBytes = topics.events.valueSerde().serializer();
        final var sampleBytes = topics.counters.valueSerde().serializer();
        results.get("result-late")
                .map((k, v) -> KeyValue.pair(k == null ? null : k.getBytes(StandardCharsets.UTF_8), v instanceof MtaEvent e
                        ? eventBytes.serialize(topics.events.name(), e)
                        : sampleBytes.serialize(topics.counters.name(), (CounterSample) v)), Named.as("late-as-bytes"))
                .to(topics.deadLetter.name(), topics.deadLetter.produced("late-sink"));

        return builder.build();
    }
}
