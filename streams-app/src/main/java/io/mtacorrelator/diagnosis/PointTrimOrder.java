package io.mtacorrelator.diagnosis;

import java.util.PriorityQueue;

/**
 * The connections of an MTA ordered by when the retention can next drop one of their samples, so that moving the
 * horizon costs the connections it trims, not all of them: a sample of one connection must not cost more on an MTA
 * with fifty connections than on one with five.
 *
 * <p>The retention keeps the newest sample behind the horizon, so a connection can lose a sample once the horizon
 * passes its <em>second</em> oldest one. Each connection with two or more samples has an entry whose time is at most
 * that sample's time. A connection's second oldest sample only moves later (the oldest ones are dropped, new ones are
 * appended) until it is trimmed down to one sample; it gets an entry again when its second sample arrives. An entry
 * found to be early is put back at the right time.
 */
final class PointTrimOrder {

    private record Entry(long time, ConnectionState connection) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.time, b.time));

    /** The connection's second oldest sample is now {@code time} (it has just got two samples, or was trimmed). */
    void add(final ConnectionState connection) {
        if (connection.points.size() >= 2) {
            queue.add(new Entry(connection.points.get(1).time(), connection));
        }
    }

    /** The next connection that may hold a sample before {@code horizon} other than its newest one there, or null. */
    ConnectionState pollBefore(final long horizon) {
        while (!queue.isEmpty() && queue.peek().time < horizon) {
            final ConnectionState connection = queue.poll().connection;
            if (connection.points.size() < 2) {
                continue;
            }
            if (connection.points.get(1).time() < horizon) {
                return connection;
            }
            add(connection);
        }
        return null;
    }
}
