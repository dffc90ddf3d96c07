package io.mtacorrelator.ingest;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * What the records do not say and the operator must: the time zone of times written without one (NXLog's
 * {@code EventTime}, Event Viewer exports), per MTA where servers ran on different zones; the date order of Event
 * Viewer exports; and the computer of exports that name none.
 *
 * @param zone      zone of zone-less times of MTAs not in {@code zoneByMta}
 * @param zoneByMta per-MTA zones, keyed by MTA name as the correlator keys it (upper case, no domain)
 * @param dates     date order of Event Viewer exports
 * @param computer  the computer of Event Viewer rows without one, or null
 */
public record InputSettings(ZoneId zone, Map<String, ZoneId> zoneByMta, DatePattern dates, String computer) {

    public static final InputSettings DEFAULTS = new InputSettings(ZoneOffset.UTC, Map.of(), DatePattern.AUTO, null);

    public InputSettings {
        zoneByMta = Map.copyOf(zoneByMta);
        computer = computer == null || computer.isBlank() ? null : computer.trim();
    }

    /** The zone of a zone-less time logged by this MTA. */
    public ZoneId zoneOf(final String mta) {
        return zoneByMta.getOrDefault(mta, zone);
    }
}
