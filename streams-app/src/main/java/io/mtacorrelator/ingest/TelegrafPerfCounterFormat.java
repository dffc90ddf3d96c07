package io.mtacorrelator.ingest;

import io.mtacorrelator.avro.CounterSample;

import java.time.Instant;
import java.util.Map;
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

    private static final String[] OBJECT_NAME = Json.path("tags.objectname");
    private static final String[] SOURCE = Json.path("tags.source");
    private static final String[] HOST = Json.path("tags.host");
    private static final String[] INSTANCE = Json.path("tags.instance");

    @Override
    public boolean accepts(final RawRecord raw) {
        final FlatJson json = raw.flat();
        if (json == null) {
            return false;
        }
        final int record = raw.node();
        return json.isObject(json.get(record, "fields")) && json.isObject(json.get(record, "tags"))
                && json.get(record, "timestamp") >= 0;
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final FlatJson json = raw.flat();
        final int record = raw.node();
        final String objectName = Json.text(json, record, OBJECT_NAME);
        if (objectName == null) {
            return new ParseOutcome.Ignored("telegraf metric without tags.objectname (not win_perf_counters)", name());
        }
        if (!objectName.regionMatches(true, 0, MTA_OBJECT_PREFIX, 0, MTA_OBJECT_PREFIX.length())) {
            return new ParseOutcome.Ignored("perfmon object " + objectName + " is not an MSExchangeMTA object", name());
        }
        final int ts = json.get(record, "timestamp");
        if (!json.isNumber(ts)) {
            return new ParseOutcome.Rejected("telegraf timestamp is not a number", name());
        }
        final Instant time = EventTimes.epoch(json.asDouble(ts));
        final String implausible = EventTimes.whyImplausible(time);
        if (implausible != null) {
            return new ParseOutcome.Rejected(implausible, name());
        }
        final String source = Json.text(json, record, SOURCE);
        final String mta = Hosts.mtaName(source != null ? source : Json.text(json, record, HOST));
        if (mta == null) {
            return new ParseOutcome.Rejected("telegraf metric without tags.source or tags.host", name());
        }
        final Map<String, Double> counters = new TreeMap<>();
        final int fields = json.get(record, "fields");
        for (int field = json.firstChild(fields); field >= 0; field = json.nextSibling(field)) {
            if (!json.isNumber(field) || !Double.isFinite(json.asDouble(field))) {
                return new ParseOutcome.Rejected("counter " + json.name(field) + " is not a finite number", name());
            }
            counters.put(CounterNames.canonical(json.name(field)), json.asDouble(field));
        }
        if (counters.isEmpty()) {
            return new ParseOutcome.Rejected("telegraf metric without counter fields", name());
        }
        final String instance = Json.text(json, record, INSTANCE);
        return new ParseOutcome.Sample(sample(mta, time, objectName, instance, counters, name()), name());
    }

    /**
     * The normalised sample (every argument but {@code instance} is present, as the formats check, so the record is
     * made directly rather than through its validating builder).
     */
    static CounterSample sample(final String mta, final Instant time, final String objectName, final String instance,
                                final Map<String, Double> counters, final String shipper) {
        return new CounterSample(mta, time, objectName, instance == null ? null : Hosts.instanceName(instance), counters, shipper);
    }

    /** Queue_Length to "Queue Length", Send_Messages_persec to "Send Messages/sec", Percent_Busy to "% Busy". */
    static String perfmonName(final String sanitised) {
        return CounterNames.canonical(sanitised);
    }
}
