package io.mtacorrelator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The article's episode as two real shippers deliver it: Telegraf sends each counter sample as it is taken,
 * Winlogbeat delivers each event {@link #EVENT_LAG} after it was logged (within the default grace), and the
 * counter shipper pauses for a few minutes mid-episode, while one event it logged just before the pause is
 * still on its way. Records are listed in arrival order, each with its arrival time.
 */
public final class ArrivalScenario {

    /** How long after being logged Winlogbeat delivers an event: within the two-minute grace. */
    public static final Duration EVENT_LAG = Duration.ofSeconds(100);
    public static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    /** The counter shipper sends nothing for these minutes (it was restarted). */
    public static final int PAUSE_FROM = 29;
    public static final int PAUSE_TO = 33;
    /**
     * The first 9316 of the episode, logged ten seconds before the last sample ahead of the pause and delivered
     * just before the counters resume.
     */
    public static final Instant DELAYED_EVENT = MORNING.plus(Duration.ofMinutes(PAUSE_FROM - 1)).minusSeconds(10);

    /** A raw record with its arrival time (when the shipper delivered it) as well as its event time. */
    public record Arrival(Scenario.Line line, Instant arrival) {
    }

    private ArrivalScenario() {
    }

    /** EXCH1 → EXCH2 healthy from minute 6, stuck from minute 10, the threshold reached at minute 34, healthy again after. */
    public static List<Arrival> arrivals() {
        final Scenario s = new Scenario(MORNING);
        long total = s.healthy("EXCH1", "EXCH2", 6, 10, 1000);
        int queue = 1;
        boolean stuck = true;
        for (int m = 10; m < 40; m++) {
            stuck &= queue < 50;
            final int sent = stuck ? 0 : Math.min(queue, 17);
            queue = stuck ? queue + 2 : queue - sent + 1;
            total += sent;
            if (m < PAUSE_FROM || m >= PAUSE_TO) {
                s.connection(s.at(m), "EXCH1", "EXCH2", queue, stuck ? 1 : 2, total);
            }
            if (stuck && m % 2 == 1 && (m < PAUSE_FROM - 2 || m >= PAUSE_TO)) {
                s.event(ShipperRecords.rpcCancel(s.at(m, 20), "EXCH1", 53, "MtaBind"), s.at(m, 20));
            }
        }
        s.event(ShipperRecords.rpcNoData(DELAYED_EVENT, "EXCH1", 53, 1727), DELAYED_EVENT);
        s.event(ShipperRecords.rpcNoData(s.at(PAUSE_TO + 1, 35), "EXCH1", 53, 1727), s.at(PAUSE_TO + 1, 35));
        final List<Arrival> out = new ArrayList<>();
        for (final Scenario.Line line : s.lines()) {
            final boolean event = line.topic().equals(Scenario.EVENTLOG_TOPIC);
            Instant arrival = event ? line.time().plus(EVENT_LAG) : line.time();
            if (line.time().equals(DELAYED_EVENT)) {
                // Delivered after almost five quiet minutes, ten seconds before the counters resume: ten seconds behind
                // the newest event time seen (the last sample before the pause), well within the grace: it must be used.
                arrival = MORNING.plus(Duration.ofMinutes(PAUSE_TO)).minusSeconds(10);
            }
            out.add(new Arrival(line, arrival));
        }
        out.sort(Comparator.comparing(Arrival::arrival));
        return out;
    }
}
