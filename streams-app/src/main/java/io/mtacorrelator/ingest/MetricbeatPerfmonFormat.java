package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtacorrelator.avro.CounterSample;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Metricbeat {@code windows/perfmon} metricset (Kafka output):
 * {@code {"@timestamp":"1999-03-01T08:00:00.000Z","host":{"name":"EXCH1"},"metricset":{"name":"perfmon"},
 * "windows":{"perfmon":{"object":"MSExchangeMTA Connections","instance":"EXCH2","metrics":{"queue_length":37}}}}}.
 * <p>
 * Metric names are whatever the {@code perfmon.queries} configuration makes of them: by default the counter
 * name snake-cased ({@code queue_length}, {@code send_messages_per_sec}), or a configured {@code field}
 * ({@code "Queue Length"}, {@code queue.length}). Metricbeat 7.x kept the dots of a configured field, so its
 * metrics can be nested objects ({@code {"queue":{"length":37}}}); they are flattened to dotted paths. All are
 * turned into perfmon names by {@link CounterNames}.
 * <p>
 * The object is read from {@code windows.perfmon.object}, the default object field. The older
 * {@code perfmon.counters} shape of Metricbeat 6.x and 7.x (removed in 8.0) names no object: its values sit under
 * the configured {@code instance_label} and {@code measurement_label} paths ({@code windows.perfmon.processor.time
 * .total.pct}). Such a sample is ignored when no label mentions the MTA (it is a real record of something else, a
 * processor or a disk); one whose labels do ({@code mta}, {@code msexchangemta}) is rejected, since without the
 * object its counters cannot be told apart (configure {@code perfmon.queries}). A sample for which Metricbeat
 * reports an {@code error} is rejected: Metricbeat writes 0 for the counter it could not read.
 * <p>
 * <b>Which MTA:</b> {@code host.name}, the computer Metricbeat runs on. Its perfmon metricset reads the counters of
 * that computer (queries name an object, not a machine), so it identifies the MTA only when it runs on the Exchange
 * server itself; for servers it cannot run on, collect remotely with Telegraf ({@code tags.source}).
 */
public final class MetricbeatPerfmonFormat implements ShipperFormat {

    @Override
    public String name() {
        return "metricbeat-perfmon";
    }

    /** A Metricbeat event ({@code metricset} object) or any record with a {@code windows.perfmon} object. */
    @Override
    public boolean accepts(final RawRecord raw) {
        final JsonNode record = raw.json();
        return record != null && (record.path("metricset").isObject() || record.path("windows").path("perfmon").isObject());
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final JsonNode record = raw.json();
        final JsonNode perfmon = record.path("windows").path("perfmon");
        if (!perfmon.isObject()) {
            return new ParseOutcome.Ignored("metricbeat metricset " + Json.text(record, "event.module").orElse("?") + "/"
                    + Json.text(record, "metricset.name").orElse("?") + " is not windows/perfmon", name());
        }
        final Optional<String> objectName = Json.text(record, "windows.perfmon.object");
        if (objectName.isEmpty()) {
            if (!mentionsTheMta("", perfmon)) {
                return new ParseOutcome.Ignored("metricbeat perfmon.counters sample of no MSExchangeMTA object (labels "
                        + String.join(", ", labels("", perfmon)) + ")", name());
            }
            return new ParseOutcome.Rejected("metricbeat perfmon record without windows.perfmon.object "
                    + "(the deprecated perfmon.counters shape names no object: use perfmon.queries)", name());
        }
        if (!objectName.get().regionMatches(true, 0, TelegrafPerfCounterFormat.MTA_OBJECT_PREFIX, 0,
                TelegrafPerfCounterFormat.MTA_OBJECT_PREFIX.length())) {
            return new ParseOutcome.Ignored("perfmon object " + objectName.get() + " is not an MSExchangeMTA object", name());
        }
        final Optional<String> error = Json.text(record, "error.message");
        if (error.isPresent()) {
            return new ParseOutcome.Rejected("metricbeat reported an error for this sample: " + error.get(), name());
        }
        final Optional<Instant> time = Json.text(record, "@timestamp").flatMap(EventTimes::iso);
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("metricbeat record without a readable @timestamp", name());
        }
        final Optional<String> implausible = EventTimes.implausible(time.get());
        if (implausible.isPresent()) {
            return new ParseOutcome.Rejected(implausible.get(), name());
        }
        final JsonNode host = record.path("host").path("name");
        final String mta = host.isTextual() ? Hosts.mtaName(host.asText()) : null;
        if (mta == null) {
            return new ParseOutcome.Rejected("metricbeat record without a host.name string", name());
        }
        final JsonNode metrics = perfmon.path("metrics");
        if (!metrics.isObject()) {
            return new ParseOutcome.Rejected("metricbeat perfmon record without a windows.perfmon.metrics object", name());
        }
        final Map<String, Double> counters = new TreeMap<>();
        final Optional<String> bad = flatten("", metrics, counters);
        if (bad.isPresent()) {
            return new ParseOutcome.Rejected("counter " + bad.get() + " is not a finite number", name());
        }
        if (counters.isEmpty()) {
            return new ParseOutcome.Rejected("metricbeat perfmon record without counter values", name());
        }
        final String instance = Json.text(record, "windows.perfmon.instance").orElse(null);
        return new ParseOutcome.Sample(CounterSample.newBuilder()
                .setMta(mta)
                .setTimestamp(time.get())
                .setObjectName(objectName.get())
                .setInstance(instance == null ? null : Hosts.instanceName(instance))
                .setCounters(counters)
                .setShipper(name())
                .build(), name());
    }

    /** Whether a label path or a string value of a perfmon.counters sample names the MTA. */
    private static boolean mentionsTheMta(final String prefix, final JsonNode node) {
        for (final String label : labels(prefix, node)) {
            final String lower = label.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("mta") || lower.contains("msexchange")) {
                return true;
            }
        }
        return false;
    }

    /** The dotted paths of a sample's values, and its string values (instance names), for matching and reasons. */
    private static java.util.List<String> labels(final String prefix, final JsonNode node) {
        final java.util.List<String> labels = new java.util.ArrayList<>();
        for (final Map.Entry<String, JsonNode> field : node.properties()) {
            final String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                labels.addAll(labels(path, field.getValue()));
            } else {
                labels.add(field.getValue().isTextual() ? path + "=" + field.getValue().asText() : path);
            }
        }
        return labels;
    }

    /**
     * Puts every numeric leaf under its perfmon name (nested objects become dotted paths first).
     *
     * @return the dotted path of the first leaf that is not a finite number, or empty when all are
     */
    private static Optional<String> flatten(final String prefix, final JsonNode node, final Map<String, Double> counters) {
        for (final Map.Entry<String, JsonNode> field : node.properties()) {
            final String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            final JsonNode value = field.getValue();
            if (value.isObject()) {
                final Optional<String> bad = flatten(path, value, counters);
                if (bad.isPresent()) {
                    return bad;
                }
            } else if (value.isNumber() && Double.isFinite(value.asDouble())) {
                counters.put(CounterNames.canonical(path), value.asDouble());
            } else {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
