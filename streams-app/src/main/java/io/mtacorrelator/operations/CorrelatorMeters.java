package io.mtacorrelator.operations;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mtacorrelator.topology.CorrelationMetrics;
import io.mtacorrelator.topology.IngestMetrics;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The application's own metrics, under operator names: read from the Kafka Streams metrics the topology keeps
 * ({@link IngestMetrics}, {@link CorrelationMetrics}), never counted a second time. Per-thread values are added up
 * (the horizon: the newest of them). {@link #refresh()} reads them; call it before each scrape, so label sets that
 * appeared since (a new article, a partition assigned) show at once and those gone (a partition revoked) go.
 * <ul>
 *   <li>{@code mta.records.read}, {@code .parsed}, {@code .ignored}, {@code .dead.lettered}, {@code .late}: counters;</li>
 *   <li>{@code mta.incident.changes} by {@code article} and {@code status}: counter;</li>
 *   <li>{@code mta.incidents.open} by {@code partition}: gauge;</li>
 *   <li>{@code mta.evaluation.horizon.lag} by {@code partition}, seconds: the wall clock minus the partition's
 *       evaluation horizon (the newest event time up to which one of its MTAs has been evaluated).</li>
 * </ul>
 */
public final class CorrelatorMeters implements MeterBinder {

    public static final String RECORDS = "mta.records.";
    public static final String INCIDENT_CHANGES = "mta.incident.changes";
    public static final String OPEN_INCIDENTS = "mta.incidents.open";
    public static final String HORIZON_LAG = "mta.evaluation.horizon.lag";
    private static final List<String> INGEST = List.of(IngestMetrics.READ, IngestMetrics.PARSED, IngestMetrics.IGNORED,
            IngestMetrics.DEAD_LETTERED, IngestMetrics.LATE);

    /** One meter: what it is called, its labels, and whether it counts or measures. */
    private record Key(String name, Tags tags, boolean counter, String unit, String description) {
    }

    private final Supplier<Map<MetricName, ? extends Metric>> source;
    private final LongSupplier wallClockMs;
    private final Map<Key, Meter> registered = new HashMap<>();
    private volatile Map<Key, Double> readings = Map.of();
    private MeterRegistry registry;

    /**
     * @param source      the Kafka Streams metrics ({@code KafkaStreams::metrics})
     * @param wallClockMs the wall clock the horizon lag is measured against
     */
    public CorrelatorMeters(final Supplier<Map<MetricName, ? extends Metric>> source, final LongSupplier wallClockMs) {
        this.source = source;
        this.wallClockMs = wallClockMs;
    }

    @Override
    public synchronized void bindTo(final MeterRegistry registry) {
        this.registry = registry;
        refresh();
    }

    /** Reads the Kafka Streams metrics now; registers meters for new label sets and removes those that are gone. */
    public synchronized void refresh() {
        final Map<Key, Double> now = read(source.get(), wallClockMs.getAsLong());
        readings = now;
        if (registry == null) {
            return;
        }
        registered.entrySet().removeIf(e -> {
            if (!now.containsKey(e.getKey())) {
                registry.remove(e.getValue());
                return true;
            }
            return false;
        });
        for (final Key key : now.keySet()) {
            registered.computeIfAbsent(key, this::register);
        }
    }

    private Meter register(final Key key) {
        if (key.counter()) {
            return FunctionCounter.builder(key.name(), this, m -> m.readings.getOrDefault(key, 0.0))
                    .tags(key.tags()).description(key.description()).register(registry);
        }
        return Gauge.builder(key.name(), this, m -> m.readings.getOrDefault(key, Double.NaN))
                .tags(key.tags()).baseUnit(key.unit()).description(key.description()).register(registry);
    }

    private static Map<Key, Double> read(final Map<MetricName, ? extends Metric> metrics, final long nowMs) {
        final Map<Key, Double> out = new HashMap<>();
        // The ingest counters from the start, at 0 until the first task has made them.
        for (final String operation : INGEST) {
            out.put(ingestKey(operation), 0.0);
        }
        final Map<Key, Double> horizons = new HashMap<>();
        metrics.forEach((name, metric) -> {
            if (!IngestMetrics.GROUP.equals(name.group()) || !(metric.metricValue() instanceof Number number)) {
                return;
            }
            final double value = number.doubleValue();
            final String partition = name.tags().get(CorrelationMetrics.PARTITION);
            final String operation = name.name().endsWith("-total") ? name.name().substring(0, name.name().length() - "-total".length()) : "";
            if (INGEST.contains(operation)) {
                out.merge(ingestKey(operation), value, Double::sum);
            } else if (CorrelationMetrics.INCIDENT_CHANGES.equals(name.name())) {
                out.merge(new Key(INCIDENT_CHANGES, Tags.of("article", name.tags().get(CorrelationMetrics.ARTICLE),
                        "status", name.tags().get(CorrelationMetrics.STATUS)), true, null,
                        "Incident state changes written to the incident topic, by KB article and status"), value, Double::sum);
            } else if (CorrelationMetrics.OPEN_INCIDENTS.equals(name.name())) {
                out.merge(new Key(OPEN_INCIDENTS, Tags.of("partition", partition), false, null,
                        "Incidents open in the MTAs of this input partition"), value, Double::sum);
            } else if (CorrelationMetrics.HORIZON.equals(name.name())) {
                horizons.merge(horizonKey(partition), value, Math::max);
            }
        });
        horizons.forEach((key, horizonMs) -> out.put(key, (nowMs - horizonMs) / 1000.0));
        return out;
    }

    private static Key ingestKey(final String operation) {
        return new Key(RECORDS + operation.substring("records-".length()).replace('-', '.'), Tags.empty(), true, null,
                "Raw records " + operation.substring("records-".length()).replace('-', ' ')
                        + (IngestMetrics.LATE.equals(operation) ? " (signals behind their MTA's evaluation horizon, set aside)" : ""));
    }

    private static Key horizonKey(final String partition) {
        return new Key(HORIZON_LAG, Tags.of("partition", partition), false, "seconds",
                "Wall clock minus the newest event time up to which an MTA of this input partition has been evaluated");
    }
}
