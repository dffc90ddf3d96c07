package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.CounterSample;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One MSExchangeMTA Connections sample of a connection, reduced to what the rules read.
 *
 * @param time           event time (epoch ms)
 * @param queueLength    Queue Length to the remote MTA
 * @param associations   associations open to the remote MTA
 * @param outboundTotal  Outbound Messages Total, counted from MTA start (null when not shipped)
 * @param sendRate       Send Messages/sec (null when not shipped)
 * @param failedOutbound Failed Outbound Associations, counted from MTA start (null when not shipped)
 */
public record QueuePoint(long time, int queueLength, int associations, Double outboundTotal, Double sendRate,
                         Double failedOutbound) {

    public static final String CONNECTIONS_OBJECT = "MSExchangeMTA Connections";

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
        return outboundTotal != null || sendRate != null;
    }

    /**
     * Whether a total went backwards since the previous point. Totals count from MTA start, so the MTA restarted in
     * between, whether or not its 9298 was shipped.
     */
    public boolean countersReset(final QueuePoint previous) {
        return wentBack(outboundTotal, previous.outboundTotal()) || wentBack(failedOutbound, previous.failedOutbound());
    }

    private static boolean wentBack(final Double now, final Double before) {
        return now != null && before != null && now < before;
    }

    /**
     * Messages sent between the previous point and this one; empty when neither point's counters show sending
     * (not shipped: unknown, never 0). Totals count from MTA start, so after a restart (a 9298 between the two
     * points, or a total that went backwards) what the total shows was sent since then.
     */
    public OptionalLong sentSince(final QueuePoint previous, final boolean restartedBetween) {
        if (outboundTotal != null && previous.outboundTotal() != null) {
            final boolean restarted = restartedBetween || outboundTotal < previous.outboundTotal();
            return OptionalLong.of(Math.round(restarted ? outboundTotal : outboundTotal - previous.outboundTotal()));
        }
        if (sendRate != null) {
            return OptionalLong.of(sendRate > 0 ? Math.max(1, Math.round(sendRate * (time - previous.time()) / 1000d)) : 0);
        }
        return OptionalLong.empty();
    }

    /** Failed outbound association attempts between two points (0 when not shipped). */
    public long failedSince(final QueuePoint previous, final boolean restartedBetween) {
        if (failedOutbound == null || previous.failedOutbound() == null) {
            return 0;
        }
        final double delta = failedOutbound - previous.failedOutbound();
        return Math.round(restartedBetween || delta < 0 ? failedOutbound : delta);
    }
}
