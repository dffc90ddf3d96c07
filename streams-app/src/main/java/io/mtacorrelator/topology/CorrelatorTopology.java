package io.mtacorrelator.topology;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.diagnosis.Signal;
import io.mtacorrelator.ingest.ParseOutcome;
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
import org.apache.kafka.streams.state.StoreBuilder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The correlator's topology, built from configuration alone (no I/O).
 * <ul>
 *   <li>Keyed path ({@code mta.ingest.path=keyed}, the default), one sub-topology: raw shipper records → parse →
 *       a record on the partition its MTA's state lives on → its signal → correlation → incidents; any other
 *       record → the normalised topics keyed by MTA → back into the same correlation in the right task. Unreadable
 *       records → dead-letter topic.</li>
 *   <li>Two-hop path: raw → parse → normalised topics; normalised topics → correlation (two sub-topologies).</li>
 * </ul>
 * Every node and store is named, so adding a step never renames state or internal topics.
 */
public final class CorrelatorTopology {

    /** Binary per-MTA state (a new name: the JSON state of 0.1 is not read; upgrading means a reset). */
    public static final String STATE_STORE = "mta-state";

    private CorrelatorTopology() {
    }

    public static Topology build(final CorrelatorConfig config, final AvroSerdes serdes) {
        final Topics topics = new Topics(config, serdes);
        final StreamsBuilder builder = builder(config);
        final boolean keyed = CorrelatorConfig.PATH_KEYED.equals(config.getString(CorrelatorConfig.INGEST_PATH));
        correlate(builder, topics, config, ingest(builder, topics, config, keyed));
        return builder.build();
    }

    /**
     * The parse sub-topology alone: raw records in; normalised events, counter samples and dead letters out.
     * The bench measures it on its own, to tell the cost of parsing from the cost of correlating.
     */
    public static Topology buildParseOnly(final CorrelatorConfig config, final AvroSerdes serdes) {
        final StreamsBuilder builder = builder(config);
        ingest(builder, new Topics(config, serdes), config, false);
        return builder.build();
    }

    private static StreamsBuilder builder(final CorrelatorConfig config) {
        final Properties props = config.streamsProperties();
        // The topology is checked against these settings (explicit naming) without connecting anywhere.
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator");
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    }

    /**
     * Raw shipper records to signals: those parsed in the task that correlates their MTA are returned (keyed path;
     * null on the two-hop path, which keeps parsing a sub-topology of its own); the others go to the normalised topics
     * keyed by MTA; unreadable ones to the dead-letter topic.
     */
    private static KStream<String, Arrival> ingest(final StreamsBuilder builder, final Topics topics, final CorrelatorConfig config,
                                                   final boolean keyed) {
        final int partitions = keyed ? config.getInt(CorrelatorConfig.INGEST_PARTITIONS) : 0;
        final KStream<byte[], Ingested> ingested = builder
                .stream(topics.rawNames(), org.apache.kafka.streams.kstream.Consumed
                        .with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-source"))
                .processValues(() -> new ParseProcessor(config.inputSettings(), partitions,
                        config.getInt(CorrelatorConfig.DEAD_LETTER_MAX_BYTES)), Named.as("parse"));

        final var split = ingested.split(Named.as("route-"))
                .branch((k, v) -> v.isEndOfInput(), Branched.as("control"));
        if (keyed) {
            split.branch((k, v) -> v.local(), Branched.as("local"));
        }
        final Map<String, KStream<byte[], Ingested>> routes = split
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

        if (!keyed) {
            return null;
        }
        // Parsed where its MTA is correlated: straight on.
        return routes.get("route-local").flatMap((k, v) -> {
            final Optional<Signal> signal = v.outcome() instanceof ParseOutcome.Event e
                    ? MtaCorrelator.signalOf(e.event())
                    : MtaCorrelator.signalOf(((ParseOutcome.Sample) v.outcome()).sample());
            final String mta = v.outcome() instanceof ParseOutcome.Event e ? e.event().getMta()
                    : ((ParseOutcome.Sample) v.outcome()).sample().getMta();
            return signal.map(sig -> List.of(KeyValue.pair(mta, (Arrival) new Arrival.Local(sig, v.raw())))).orElse(List.of());
        }, Named.as("local-signals"));
    }

    /**
     * Signals to incidents, through the per-MTA correlation state: the local ones (null on the two-hop path), and
     * those of the normalised topics (with the end-of-input markers); late signals set aside.
     */
    private static void correlate(final StreamsBuilder builder, final Topics topics, final CorrelatorConfig config,
                                  final KStream<String, Arrival> local) {
        final var eventBytes = topics.events.valueSerde().serializer();
        final var sampleBytes = topics.counters.valueSerde().serializer();
        final KStream<String, Arrival> events = builder
                .stream(topics.events.name(), topics.events.consumed("events-source"))
                .flatMapValues(v -> v == null ? MARKER : MtaCorrelator.signalOf(v)
                        .map(s -> List.<Arrival>of(new Arrival.Rerouted(s, () -> eventBytes.serialize(topics.events.name(), v))))
                        .orElse(List.of()), Named.as("events-as-signals"));
        final KStream<String, Arrival> counters = builder
                .stream(topics.counters.name(), topics.counters.consumed("counters-source"))
                .flatMapValues(v -> v == null ? MARKER : MtaCorrelator.signalOf(v)
                        .map(s -> List.<Arrival>of(new Arrival.Rerouted(s, () -> sampleBytes.serialize(topics.counters.name(), v))))
                        .orElse(List.of()), Named.as("counters-as-signals"));

        final MtaCorrelator correlator = new MtaCorrelator(config.diagnosis());
        final StoreBuilder<WriteBackStore<MtaState>> store = WriteBackStore.builder(STATE_STORE, new MtaStateCodec(),
                config.getInt(CorrelatorConfig.STATE_CACHE_ENTRIES));
        final Set<String> markerTopics = Set.of(topics.events.name(), topics.counters.name());
        final long idleFlush = config.getLong(CorrelatorConfig.IDLE_FLUSH_MS);
        final long stale = config.getLong(CorrelatorConfig.STALE_MS);
        final long interval = config.getLong(CorrelatorConfig.PUNCTUATE_INTERVAL_MS);
        final ProcessorSupplier<String, Arrival, String, CorrelationOutput> correlate = new ProcessorSupplier<>() {
            @Override
            public Processor<String, Arrival, String, CorrelationOutput> get() {
                return new CorrelationProcessor(correlator, STATE_STORE, markerTopics, idleFlush, stale, interval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
        final KStream<String, Arrival> normalised = events.merge(counters, Named.as("normalised-signals"));
        final Map<String, KStream<String, CorrelationOutput>> results = (local == null ? normalised
                : local.merge(normalised, Named.as("signals")))
                .process(correlate, Named.as("correlate"))
                .split(Named.as("result-"))
                .branch((k, v) -> v instanceof CorrelationOutput.IncidentChange, Branched.as("incidents"))
                .defaultBranch(Branched.as("late"));
        results.get("result-incidents")
                .mapValues(v -> ((CorrelationOutput.IncidentChange) v).incident(), Named.as("as-incident"))
                .to(topics.incidents.name(), topics.incidents.produced("incidents-sink"));
        // Late signals are set aside on the dead-letter topic, as the record they came in, headers saying why.
        results.get("result-late")
                .map((k, v) -> KeyValue.pair(k == null ? null : k.getBytes(StandardCharsets.UTF_8), ((CorrelationOutput.Late) v).value()),
                        Named.as("late-as-bytes"))
                .to(topics.deadLetter.name(), topics.deadLetter.produced("late-sink"));
    }

    /** An end-of-input marker (a null value) passed on to the correlation as it is. */
    private static final List<Arrival> MARKER = java.util.Collections.singletonList(null);
}
