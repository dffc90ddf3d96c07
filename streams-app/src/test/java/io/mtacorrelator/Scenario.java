package io.mtacorrelator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A timeline of raw records on the raw event-log and counter topics, built minute by minute.
 * Records come out in event-time order, the way a shipper delivers them.
 */
public final class Scenario {

    public static final String EVENTLOG_TOPIC = "mta.raw.eventlog";
    public static final String COUNTERS_TOPIC = "mta.raw.perfcounters";

    /** One raw record with the topic it goes to and its event time. */
    public record Line(String topic, Instant time, String json) {
    }

    private final Instant start;
    private final List<Line> lines = new ArrayList<>();
    /** Connections ("MTA|remote") whose counter shipper sends no sent counter (only Queue Length and Associations). */
    private final java.util.Set<String> withoutSentCounter = new java.util.HashSet<>();

    public Scenario(final Instant start) {
        this.start = start;
    }

    /**
     * From now on the samples of mta → remote carry only Queue Length and Associations, as many Telegraf and
     * Metricbeat configurations ship them: whether anything was sent cannot be seen.
     */
    public Scenario withoutSentCounter(final String mta, final String remote) {
        withoutSentCounter.add(mta + "|" + remote);
        return this;
    }

    /** A sample of mta → remote with the counters this scenario ships for it. */
    public Scenario connection(final Instant time, final String mta, final String remote, final int queue, final int associations,
                               final long outboundTotal) {
        return sample(withoutSentCounter.contains(mta + "|" + remote)
                ? ShipperRecords.connectionSample(time, mta, remote, java.util.Map.of("Queue_Length", queue, "Associations", associations))
                : ShipperRecords.connectionSample(time, mta, remote, queue, associations, outboundTotal), time);
    }

    /**
     * A morning with two faults: EXCH1 -> EXCH2 has the Q181721 episode (minutes 20-70), EXCH4's remote EXCH5 is down
     * (its queue stuck from minute 20 to 50, with bind failures every four minutes).
     */
    public static Scenario twoFaults(final Instant start) {
        final Scenario s = new Scenario(start);
        s.q181721Episode("EXCH1", "EXCH2", 20, 70, 50);
        final long total = s.healthy("EXCH4", "EXCH5", 0, 20, 100);
        s.stuck("EXCH4", "EXCH5", 20, 50, 0, total, 1);
        for (int m = 20; m < 50; m += 4) {
            s.event(ShipperRecords.bindFailed(s.at(m, 10), "EXCH4", 7), s.at(m, 10));
        }
        return s;
    }

    public Instant at(final int minute) {
        return start.plus(Duration.ofMinutes(minute));
    }

    public Instant at(final int minute, final int second) {
        return at(minute).plusSeconds(second);
    }

    public Scenario event(final String json, final Instant time) {
        lines.add(new Line(EVENTLOG_TOPIC, time, json));
        return this;
    }

    public Scenario sample(final String json, final Instant time) {
        lines.add(new Line(COUNTERS_TOPIC, time, json));
        return this;
    }

    /** Healthy connection for [from, to): small queue, an association, a few messages sent every minute. */
    public long healthy(final String mta, final String remote, final int from, final int to, final long totalBefore) {
        long total = totalBefore;
        for (int m = from; m < to; m++) {
            total += 3 + (m % 3);
            connection(at(m), mta, remote, m % 3, 1, total);
        }
        return total;
    }

    /**
     * A queue that grows by two a minute for [from, to) with the given associations and nothing sent;
     * returns the queue length reached.
     */
    public int stuck(final String mta, final String remote, final int from, final int to, final int associations,
                     final long total, final int queueBefore) {
        int queue = queueBefore;
        for (int m = from; m < to; m++) {
            queue += 2;
            connection(at(m), mta, remote, queue, associations, total);
        }
        return queue;
    }

    /**
     * The remote MTA is down for [from, to) (Q170056): no association, the queue grows by two a minute with nothing
     * sent, a 9318 with 1722 and a 9215 with 10061 every three minutes. Returns the queue length reached.
     */
    public int remoteDown(final String mta, final String remote, final int from, final int to, final long total) {
        for (int m = from; m < to; m += 3) {
            event(ShipperRecords.bindFailed(at(m, 15), mta, 76), at(m, 15));
            event(ShipperRecords.socketRefused(at(m, 16), mta), at(m, 16));
        }
        return stuck(mta, remote, from, to, 0, total, 1);
    }

    public List<Line> lines() {
        final List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(Line::time));
        return sorted;
    }

    /**
     * The article's episode for mta → remote: healthy until {@code stuckFrom}, then the queue grows by two a
     * minute over an open association with nothing sent, 9277 MtaBind cancels every two minutes and a 9316
     * with error 1727 every six; at the threshold a second association opens and the queue drains.
     * Returns the minute the threshold was reached.
     */
    public int q181721Episode(final String mta, final String remote, final int stuckFrom, final int until, final int threshold) {
        long total = healthy(mta, remote, 0, stuckFrom, 5000);
        int queue = 1;
        int recoveredAt = -1;
        for (int m = stuckFrom; m < until; m++) {
            int associations = 1;
            if (recoveredAt < 0) {
                queue += 2;
                if (queue >= threshold) {
                    recoveredAt = m;
                    associations = 2;
                }
                if ((m - stuckFrom) % 2 == 1) {
                    event(ShipperRecords.rpcCancel(at(m, 20), mta, 53, "MtaBind"), at(m, 20));
                }
                if ((m - stuckFrom) % 6 == 2) {
                    event(ShipperRecords.rpcNoData(at(m, 35), mta, 53, 1727), at(m, 35));
                }
            } else {
                final int sent = Math.min(queue, 15) + 2;
                total += sent;
                queue = Math.max(1, queue - sent);
                associations = queue > 3 ? 2 : 1;
            }
            connection(at(m), mta, remote, queue, associations, total);
        }
        return recoveredAt;
    }
}
