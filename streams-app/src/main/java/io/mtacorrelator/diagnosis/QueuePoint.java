package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.CounterSample;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One MSExchangeMTA Connections sample of a connection, reduced to what the rules read.
 * <p>
 * A counter that was not shipped is unknown, never 0: {@code shipped} has the counter's bit ({@link #OUTBOUND_TOTAL},
 * {@link #SEND_RATE}, {@link #FAILED_OUTBOUND}) only when the sample carried it, and the value of a counter not
 * shipped is 0 and must not be read. The totals are primitives with a bit mask, not boxed {@code Double}s with null:
 * the rules compare every point with the one before, and the boxes cost an indirection each (the top of the step's
 * profile). A mask rather than NaN for "not shipped", so that a shipped NaN stays a shipped value.
 *
 * @param time           event time (epoch ms)
 * @param queueLength    Queue Length to the remote MTA
 * @param associations   associations open to the remote MTA
 * @param outboundTotal  Outbound Messages Total, counted from MTA start
 * @param sendRate       Send Messages/sec
 * @param failedOutbound Failed Outbound Associations, counted from MTA start
 * @param shipped        which of the three counters the sample carried
 */
public record QueuePoint(long time, int queueLength, int associations, double outboundTotal, double sendRate,
                         double failedOutbound, int shipped) {

    public static final String CONNECTIONS_OBJECT = "MSExchangeMTA Connections";

    public static final int OUTBOUND_TOTAL = 1;
    public static final int SEND_RATE = 2;
    public static final int FAILED_OUTBOUND = 4;

    public QueuePoint {
        // A counter not shipped holds 0, so that equal points are equal whatever was passed for it.
        outboundTotal = (shipped & OUTBOUND_TOTAL) == 0 ? 0 : outboundTotal;
        sendRate = (shipped & SEND_RATE) == 0 ? 0 : sendRate;
        failedOutbound = (shipped & FAILED_OUTBOUND) == 0 ? 0 : failedOutbound;
    }

    /** A point with each counter given or null when not shipped. */
    public QueuePoint(final long time, final int queueLength, final int associations, final Double outboundTotal, final Double sendRate,
                      final Double failedOutbound) {
        this(time, queueLength, associations, outboundTotal == null ? 0 : outboundTotal, sendRate == null ? 0 : sendRate,
                failedOutbound == null ? 0 : failedOutbound,
                (outboundTotal == null ? 0 : OUTBOUND_TOTAL) | (sendRate == null ? 0 : SEND_RATE) | (failedOutbound == null ? 0 : FAILED_OUTBOUND));
    }

    /** Whether the sample carried {@code counter} ({@link #OUTBOUND_TOTAL}, {@link #SEND_RATE} or {@link #FAILED_OUTBOUND}). */
    public boolean has(final int counter) {
        return (shipped & counter) != 0;
    }

    /** The point a sample gives, when it is a per-connection sample with a queue length. */
    public static Optional<QueuePoint> of(final CounterSample sample) {
        if (!CONNECTIONS_OBJECT.equalsIgnoreCase(sample.getObjectName()) || sample.getInstance() == null) {
            return Optional.empty();
        }
        final Map<String, Double> c = sample.getCounters();
        final Double queue = c.get("Queue Length");
        if (queue == null) {
            return Optional.empty();
        }
        Double associations = c.get("Associations");
        if (associations == null) {
            associations = c.get("Current Outbound Associations");
        }
        return Optional.of(new QueuePoint(
                sample.getTimestamp().toEpochMilli(),
                (int) Math.round(queue),
                associations == null ? 0 : (int) Math.round(associations),
                c.get("Outbound Messages Total"),
                c.get("Send Messages/sec"),
                c.get("Failed Outbound Associations")));
    }

    /** Whether the sample carries a counter that shows sending (Outbound Messages Total or Send Messages/sec). */
    public boolean showsSends() {
        return has(OUTBOUND_TOTAL) || has(SEND_RATE);
    }

    /**
     * Whether a total went backwards since the previous point. Totals count from MTA start, so the MTA restarted in
     * between, whether or not its 9298 was shipped.
     */
    public boolean countersReset(final QueuePoint previous) {
        return wentBack(OUTBOUND_TOTAL, outboundTotal, previous, previous.outboundTotal)
                || wentBack(FAILED_OUTBOUND, failedOutbound, previous, previous.failedOutbound);
    }

    private boolean wentBack(final int counter, final double now, final QueuePoint previous, final double before) {
        return has(counter) && previous.has(counter) && now < before;
    }

    /**
     * Messages sent between the previous point and this one; empty when neither point's counters show sending
     * (not shipped: unknown, never 0). Totals count from MTA start, so after a restart (a 9298 between the two
     * points, or a total that went backwards) what the total shows was sent since then.
     */
    public OptionalLong sentSince(final QueuePoint previous, final boolean restartedBetween) {
        if (has(OUTBOUND_TOTAL) && previous.has(OUTBOUND_TOTAL)) {
            final boolean restarted = restartedBetween || outboundTotal < previous.outboundTotal;
            return OptionalLong.of(Math.round(restarted ? outboundTotal : outboundTotal - previous.outboundTotal));
        }
        if (has(SEND_RATE)) {
            return OptionalLong.of(sendRate > 0 ? Math.max(1, Math.round(sendRate * (time - previous.time) / 1000d)) : 0);
        }
        return OptionalLong.empty();
    }

    /** Failed outbound association attempts between two points (0 when not shipped). */
    public long failedSince(final QueuePoint previous, final boolean restartedBetween) {
        if (!has(FAILED_OUTBOUND) || !previous.has(FAILED_OUTBOUND)) {
            return 0;
        }
        final double delta = failedOutbound - previous.failedOutbound;
        return Math.round(restartedBetween || delta < 0 ? failedOutbound : delta);
    }

    /**
     * As the record printed it when the counters were boxed ({@code null} for a counter not shipped): the text is the
     * order of two samples of one connection at one time ({@link Signal#sortKey}), so it must not change.
     */
    @Override
    public String toString() {
        return "QueuePoint[time=" + time + ", queueLength=" + queueLength + ", associations=" + associations
                + ", outboundTotal=" + (has(OUTBOUND_TOTAL) ? String.valueOf(outboundTotal) : "null")
                + ", sendRate=" + (has(SEND_RATE) ? String.valueOf(sendRate) : "null")
                + ", failedOutbound=" + (has(FAILED_OUTBOUND) ? String.valueOf(failedOutbound) : "null") + "]";
    }
}
