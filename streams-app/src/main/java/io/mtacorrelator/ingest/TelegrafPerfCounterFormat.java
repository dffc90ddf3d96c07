package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtacorrelator.avro.CounterSample;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Telegraf {@code win_perf_counters} with the JSON serializer:
 * {@code {"fields":{"Queue_Length":37},"name":"win_perf_counters","tags":{"host":"EXCH1","instance":"EXCH2",
 * "objectname":"MSExchangeMTA Connections"},"timestamp":920275200}}. Telegraf sanitises counter names
 * (space to _, /sec to _persec, % to Percent); they are turned back into perfmon names here.
 *
 * <p><b>Which MTA:</b> {@code tags.source} when present, else {@code tags.host}. {@code win_perf_counters} tags each
 * metric with {@code source}, the computer it read the counters from (an entry of its {@code Sources} setting;
 * {@code localhost} becomes the local host name), while {@code host} is the computer Telegraf runs on. They differ
 * when Telegraf collects remotely, which is how counters of Windows NT 4.0, 2000 and 2003 servers are read (Telegraf
 * does not run there), and the counters must be filed under the monitored server, where its events are.
 */
public final class TelegrafPerfCounterFormat implements ShipperFormat {

    static final String MTA_OBJECT_PREFIX = "MSExchangeMTA";

    @Override
    public String name() {
        return "telegraf-win_perf_counters";
    }

    @Override
    public boolean accepts(final RawRecord raw) {
        final JsonNode record = raw.json();
        return record != null && record.path("fields").isObject() && record.path("tags").isObject() && record.has("timestamp");
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final JsonNode record = raw.json();
        final Optional<String> objectName = Json.text(record, "tags.objectname");
        if (objectName.isEmpty()) {
            return new ParseOutcome.Ignored("telegraf metric without tags.objectname (not win_perf_counters)", name());
        }
        if (!objectName.get().regionMatches(true, 0, MTA_OBJECT_PREFIX, 0, MTA_OBJECT_PREFIX.length())) {
            return new ParseOutcome.Ignored("perfmon object " + objectName.get() + " is not an MSExchangeMTA object", name());
        }
        final JsonNode ts = record.get("timestamp");
        if (ts == null || !ts.isNumber()) {
            return new ParseOutcome.Rejected("telegraf timestamp is not a number", name());
        }
        final Instant time = EventTimes.epoch(ts.asDouble());
        final Optional<String> implausible = EventTimes.implausible(time);
        if (implausible.isPresent()) {
            return new ParseOutcome.Rejected(implausible.get(), name());
        }
        final String mta = Hosts.mtaName(Json.text(record, "tags.source").or(() -> Json.text(record, "tags.host")).orElse(null));
        if (mta == null) {
            return new ParseOutcome.Rejected("telegraf metric without tags.source or tags.host", name());
        }
        final Map<String, Double> counters = new TreeMap<>();
        for (final Map.Entry<String, JsonNode> field : record.get("fields").properties()) {
            if (!field.getValue().isNumber() || !Double.isFinite(field.getValue().asDouble())) {
                return new ParseOutcome.Rejected("counter " + field.getKey() + " is not a finite number", name());
            }
            counters.put(CounterNames.canonical(field.getKey()), field.getValue().asDouble());
        }
        if (counters.isEmpty()) {
            return new ParseOutcome.Rejected("telegraf metric without counter fields", name());
        }
        final String instance = Json.text(record, "tags.instance").orElse(null);
        return new ParseOutcome.Sample(CounterSample.newBuilder()
                .setMta(mta)
                .setTimestamp(time)
                .setObjectName(objectName.get())
                .setInstance(instance == null ? null : Hosts.instanceName(instance))
                .setCounters(counters)
                .setShipper(name())
                .build(), name());
    }

    /** Queue_Length to "Queue Length", Send_Messages_persec to "Send Messages/sec", Percent_Busy to "% Busy". */
    static String perfmonName(final String sanitised) {
        return CounterNames.canonical(sanitised);
    }
}
