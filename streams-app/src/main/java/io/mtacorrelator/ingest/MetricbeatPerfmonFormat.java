package io.mtacorrelator.ingest;

import io.mtacorrelator.avro.CounterSample;

import java.time.Instant;
import java.util.Map;
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

    private static final String[] PERFMON = Json.path("windows.perfmon");
    private static final String[] MODULE = Json.path("event.module");
    private static final String[] METRICSET_NAME = Json.path("metricset.name");
    private static final String[] OBJECT = Json.path("windows.perfmon.object");
    private static final String[] ERROR = Json.path("error.message");
    private static final String[] TIMESTAMP = Json.path("@timestamp");
    private static final String[] INSTANCE = Json.path("windows.perfmon.instance");

    /** A Metricbeat event ({@code metricset} object) or any record with a {@code windows.perfmon} object. */
    @Override
    public boolean accepts(final RawRecord raw) {
        final FlatJson json = raw.flat();
        if (json == null) {
            return false;
        }
        final int record = raw.node();
        return json.isObject(json.get(record, "metricset")) || json.isObject(perfmon(json, record));
    }

    /** {@code windows.perfmon}, object or not (JsonNode's {@code path("windows").path("perfmon")}). */
    private static int perfmon(final FlatJson json, final int record) {
        return json.get(json.get(record, "windows"), "perfmon");
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final FlatJson json = raw.flat();
        final int record = raw.node();
        final int perfmon = perfmon(json, record);
        if (!json.isObject(perfmon)) {
            return new ParseOutcome.Ignored("metricbeat metricset " + orElse(Json.text(json, record, MODULE), "?") + "/"
                    + orElse(Json.text(json, record, METRICSET_NAME), "?") + " is not windows/perfmon", name());
        }
        final String objectName = Json.text(json, record, OBJECT);
        if (objectName == null) {
            if (!mentionsTheMta(json, "", perfmon)) {
                return new ParseOutcome.Ignored("metricbeat perfmon.counters sample of no MSExchangeMTA object (labels "
                        + String.join(", ", labels(json, "", perfmon)) + ")", name());
            }
            return new ParseOutcome.Rejected("metricbeat perfmon record without windows.perfmon.object "
                    + "(the deprecated perfmon.counters shape names no object: use perfmon.queries)", name());
        }
        if (!objectName.regionMatches(true, 0, TelegrafPerfCounterFormat.MTA_OBJECT_PREFIX, 0,
                TelegrafPerfCounterFormat.MTA_OBJECT_PREFIX.length())) {
            return new ParseOutcome.Ignored("perfmon object " + objectName + " is not an MSExchangeMTA object", name());
        }
        final String error = Json.text(json, record, ERROR);
        if (error != null) {
            return new ParseOutcome.Rejected("metricbeat reported an error for this sample: " + error, name());
        }
        final String timestamp = Json.text(json, record, TIMESTAMP);
        final Instant time = timestamp == null ? null : EventTimes.isoOrNull(timestamp);
        if (time == null) {
            return new ParseOutcome.Rejected("metricbeat record without a readable @timestamp", name());
        }
        final String implausible = EventTimes.whyImplausible(time);
        if (implausible != null) {
            return new ParseOutcome.Rejected(implausible, name());
        }
        final int host = json.get(json.get(record, "host"), "name");
        final String mta = json.isTextual(host) ? Hosts.mtaName(json.asText(host)) : null;
        if (mta == null) {
            return new ParseOutcome.Rejected("metricbeat record without a host.name string", name());
        }
        final int metrics = json.get(perfmon, "metrics");
        if (!json.isObject(metrics)) {
            return new ParseOutcome.Rejected("metricbeat perfmon record without a windows.perfmon.metrics object", name());
        }
        final Map<String, Double> counters = new TreeMap<>();
        final String bad = flatten(json, "", metrics, counters);
        if (bad != null) {
            return new ParseOutcome.Rejected("counter " + bad + " is not a finite number", name());
        }
        if (counters.isEmpty()) {
            return new ParseOutcome.Rejected("metricbeat perfmon record without counter values", name());
        }
        final String instance = Json.text(json, record, INSTANCE);
        return new ParseOutcome.Sample(TelegrafPerfCounterFormat.sample(mta, time, objectName, instance, counters, name()), name());
    }

    private static String orElse(final String value, final String otherwise) {
        return value != null ? value : otherwise;
    }

    /** Whether a label path or a string value of a perfmon.counters sample names the MTA. */
    private static boolean mentionsTheMta(final FlatJson json, final String prefix, final int node) {
        for (final String label : labels(json, prefix, node)) {
            final String lower = label.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("mta") || lower.contains("msexchange")) {
                return true;
            }
        }
        return false;
    }

    /** The dotted paths of a sample's values, and its string values (instance names), for matching and reasons. */
    private static java.util.List<String> labels(final FlatJson json, final String prefix, final int node) {
        final java.util.List<String> labels = new java.util.ArrayList<>();
        for (int field = json.firstChild(node); field >= 0; field = json.nextSibling(field)) {
            final String path = prefix.isEmpty() ? json.name(field) : prefix + "." + json.name(field);
            if (json.isObject(field)) {
                labels.addAll(labels(json, path, field));
            } else {
                labels.add(json.isTextual(field) ? path + "=" + json.asText(field) : path);
            }
        }
        return labels;
    }

    /**
     * Puts every numeric leaf under its perfmon name (nested objects become dotted paths first).
     *
     * @return the dotted path of the first leaf that is not a finite number, or null when all are
     */
    private static String flatten(final FlatJson json, final String prefix, final int node, final Map<String, Double> counters) {
        for (int field = json.firstChild(node); field >= 0; field = json.nextSibling(field)) {
            final String path = prefix.isEmpty() ? json.name(field) : prefix + "." + json.name(field);
            if (json.isObject(field)) {
                final String bad = flatten(json, path, field, counters);
                if (bad != null) {
                    return bad;
                }
            } else if (json.isNumber(field) && Double.isFinite(json.asDouble(field))) {
                counters.put(CounterNames.canonical(path), json.asDouble(field));
            } else {
                return path;
            }
        }
        return null;
    }
}
