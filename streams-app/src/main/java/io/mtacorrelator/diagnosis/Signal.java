package io.mtacorrelator.diagnosis;

import java.util.Comparator;

/**
 * What one record tells the correlation of its MTA: an event of its log, a sample of one of its connections, or a
 * sample of its Work Queue Length. Signals wait in the MTA's grace buffer until its evaluation horizon passes them,
 * and are then evaluated in {@link #EVALUATION_ORDER}.
 */
public abstract sealed class Signal permits Signal.Event, Signal.Point, Signal.WorkQueue {

    /**
     * Event time, then events before samples and connection samples before the MTA's, then by connection and content:
     * a total order that does not depend on arrival.
     */
    public static final Comparator<Signal> EVALUATION_ORDER = Comparator
            .comparingLong(Signal::time)
            .thenComparingInt(Signal::rank)
            .thenComparing(Signal::compareSameTimeAndKind);

    private String sortKey;

    public abstract long time();

    abstract int rank();

    abstract String describe();

    /**
     * The order of two signals of the same time and kind: by {@link #sortKey()}. Samples of different connections at
     * one time are common (a shipper reads every connection at once), so theirs is found from the remote MTAs' names
     * alone, as the keys ({@code remote|point}) would order them, without building the keys.
     */
    private static int compareSameTimeAndKind(final Signal a, final Signal b) {
        if (a instanceof Point p && b instanceof Point q && !p.remote.equals(q.remote)) {
            final int byRemote = compareKeyPrefixes(p.remote, q.remote);
            if (byRemote != 0) {
                return byRemote;
            }
        }
        return a.sortKey().compareTo(b.sortKey());
    }

    /**
     * The sign of {@code (a + "|").compareTo(b + "|")} for different {@code a} and {@code b}, which then decides the
     * keys' order; 0 where it cannot tell (a name that goes on with a "|").
     */
    static int compareKeyPrefixes(final String a, final String b) {
        final int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return a.charAt(i) - b.charAt(i);
            }
        }
        final char afterA = a.length() > common ? a.charAt(common) : '|';
        final char afterB = b.length() > common ? b.charAt(common) : '|';
        return afterA - afterB;
    }

    /** Only needed to order signals of the same time and kind; computed once, when first needed. */
    final String sortKey() {
        if (sortKey == null) {
            sortKey = describe();
        }
        return sortKey;
    }

    /** A catalogued event of the MTA's log. */
    public static final class Event extends Signal {
        private final LoggedEvent event;

        public Event(final LoggedEvent event) {
            this.event = event;
        }

        public LoggedEvent event() {
            return event;
        }

        @Override
        public long time() {
            return event.time();
        }

        @Override
        int rank() {
            return 0;
        }

        @Override
        String describe() {
            return event.toString();
        }
    }

    /** A sample of the connection to one remote MTA. */
    public static final class Point extends Signal {
        private final String remote;
        private final QueuePoint point;

        public Point(final String remote, final QueuePoint point) {
            this.remote = remote;
            this.point = point;
        }

        public String remote() {
            return remote;
        }

        public QueuePoint point() {
            return point;
        }

        @Override
        public long time() {
            return point.time();
        }

        @Override
        int rank() {
            return 1;
        }

        @Override
        String describe() {
            return remote + "|" + point;
        }
    }

    /** A sample of the MTA's Work Queue Length. */
    public static final class WorkQueue extends Signal {
        private final long time;
        private final long length;

        public WorkQueue(final long time, final long length) {
            this.time = time;
            this.length = length;
        }

        public long length() {
            return length;
        }

        @Override
        public long time() {
            return time;
        }

        @Override
        int rank() {
            return 2;
        }

        @Override
        String describe() {
            return String.valueOf(length);
        }
    }
}
