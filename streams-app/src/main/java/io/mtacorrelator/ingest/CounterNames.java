package io.mtacorrelator.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Perfmon counter names as the correlator keys them. Shippers rename counters: Telegraf sanitises them
 * ({@code Send_Messages_persec}), Metricbeat snake-cases them by default ({@code send_messages_per_sec}) or
 * writes whatever field name its configuration gives ({@code queue.length}, {@code "Queue Length"}). The MTA
 * counters the rules read are matched ignoring case, spaces, underscores, dots and hyphens, with
 * {@code /sec}, {@code persec} and {@code per_sec} taken as one spelling and {@code %}, {@code Percent} and
 * {@code pct} as another, and come back in their perfmon spelling.
 */
public final class CounterNames {

    /** Counters of the MSExchangeMTA object. */
    public static final List<String> MTA_COUNTERS = List.of(
            "Work Queue Length",
            "Work Queue Bytes",
            "Adjacent MTA Associations",
            "Messages/sec",
            "Free Elements",
            "Threads in use");

    /** Counters of the MSExchangeMTA Connections object (one instance per remote MTA or connector). */
    public static final List<String> CONNECTIONS_COUNTERS = List.of(
            "Queue Length",
            "Associations",
            "Current Inbound Associations",
            "Current Outbound Associations",
            "Failed Outbound Associations",
            "Send Messages/sec",
            "Receive Messages/sec",
            "Inbound Messages Total",
            "Outbound Messages Total",
            "Oldest Message Queued");

    private static final Map<String, String> KNOWN = Stream.concat(MTA_COUNTERS.stream(), CONNECTIONS_COUNTERS.stream())
            .collect(Collectors.toUnmodifiableMap(CounterNames::key, Function.identity()));

    /** Shipper spellings seen so far: an estate has a few dozen, every sample repeats them. */
    private static final Memo CANONICAL = new Memo();

    private static final String TELEGRAF_PER_SEC = "_persec";
    private static final String TELEGRAF_PERCENT = "Percent_";

    private CounterNames() {
    }

    /**
     * The perfmon name of a counter as a shipper names it: {@code queue_length}, {@code Queue_Length},
     * {@code queue.length} and {@code "queue length"} all give "Queue Length"; {@code Send_Messages_persec} and
     * {@code send_messages_per_sec} give "Send Messages/sec". A counter that is not one of the MTA counters gets
     * a readable best effort, the reverse of Telegraf's sanitising: a trailing {@code _persec} becomes
     * {@code /sec}, a leading {@code Percent_} becomes {@code %}, underscores become spaces
     * ({@code Percent_Processor_Time} to "% Processor Time"); anything else is kept as shipped.
     */
    public static String canonical(final String shipperName) {
        if (shipperName == null) {
            return null;
        }
        return CANONICAL.get(shipperName, CounterNames::spell);
    }

    private static String spell(final String shipperName) {
        final String known = KNOWN.get(key(shipperName));
        return known != null ? known : readable(shipperName);
    }

    /** Whether the name is one of the MSExchangeMTA or MSExchangeMTA Connections counters, however spelled. */
    public static boolean isKnown(final String shipperName) {
        return shipperName != null && KNOWN.containsKey(key(shipperName));
    }

    /** The matching key: lower case, one spelling for per-second and percent, no separators. */
    static String key(final String name) {
        final String lower = name.toLowerCase(Locale.ROOT)
                .replace("/sec", "persec")
                .replace("%", "pct")
                .replace("percent", "pct");
        final StringBuilder key = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            final char c = lower.charAt(i);
            if (!Character.isWhitespace(c) && c != '_' && c != '.' && c != '-' && c != '/') {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** Telegraf's sanitising undone (the same result as its format has always given for unknown counters). */
    private static String readable(final String sanitised) {
        String name = sanitised;
        if (name.toLowerCase(Locale.ROOT).endsWith(TELEGRAF_PER_SEC)) {
            name = name.substring(0, name.length() - TELEGRAF_PER_SEC.length()) + "/sec";
        }
        if (name.startsWith(TELEGRAF_PERCENT)) {
            name = "%_" + name.substring(TELEGRAF_PERCENT.length());
        }
        return name.replace('_', ' ');
    }
}
