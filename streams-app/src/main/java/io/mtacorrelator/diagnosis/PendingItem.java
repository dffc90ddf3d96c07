package io.mtacorrelator.diagnosis;

import java.util.Comparator;

/**
 * A signal of an MTA that has arrived but not yet been evaluated: held until the MTA's evaluation horizon
 * (newest event time minus the grace) passes it, so records arriving out of order within the grace are
 * evaluated in event-time order. Exactly one of the three payloads is set.
 */
public final class PendingItem {

    /** Event time, then events before samples, then by connection and content: a total, arrival-independent order. */
    public static final Comparator<PendingItem> EVALUATION_ORDER = Comparator
            .comparingLong(PendingItem::time)
            .thenComparingInt(PendingItem::rank)
            .thenComparing(PendingItem::sortKey);

    public LoggedEvent event;
    public String remote;
    public QueuePoint point;
    public Long workQueueLength;
    public long workQueueTime;

    public PendingItem() {
    }

    public static PendingItem ofEvent(final LoggedEvent event) {
        final PendingItem item = new PendingItem();
        item.event = event;
        return item;
    }

    public static PendingItem ofPoint(final String remote, final QueuePoint point) {
        final PendingItem item = new PendingItem();
        item.remote = remote;
        item.point = point;
        return item;
    }

    public static PendingItem ofWorkQueue(final long time, final long workQueueLength) {
        final PendingItem item = new PendingItem();
        item.workQueueTime = time;
        item.workQueueLength = workQueueLength;
        return item;
    }

    public long time() {
        if (event != null) {
            return event.time();
        }
        return point != null ? point.time() : workQueueTime;
    }

    private int rank() {
        if (event != null) {
            return 0;
        }
        return point != null ? 1 : 2;
    }

    private String sortKey() {
        if (event != null) {
            return event.toString();
        }
        return point != null ? remote + "|" + point : String.valueOf(workQueueLength);
    }
}
