package io.mtacorrelator.diagnosis;

import java.util.List;
import java.util.OptionalLong;

/**
 * What the connection rules see at one evaluated sample: the connection's samples up to it, the MTA's
 * evaluated events up to a moment (the sample's time, or a later event's), and the growth run that ends at
 * the sample.
 */
public final class ConnectionContext {

    final MtaState state;
    final ConnectionState connection;
    final int at;
    final long until;
    final DiagnosisSettings settings;
    final Growth growth;
    /**
     * Shortest growth run that counts without a sent counter (see {@link #queueStuck}). Five minutes still opens a
     * fast episode (six messages a minute reach the threshold of 50 in eight) before it recovers by itself.
     */
    public static final long UNSEEN_SENDS_MIN_RUN_MS = 5 * 60_000L;

    /**
     * The run of samples ending at the current one in which the queue never shrank, no send was seen and the
     * MTA did not restart.
     *
     * @param start            index of its first sample
     * @param samples          samples in it
     * @param growth           messages gained
     * @param associationsOpen every sample of it had an association open
     * @param noAssociation    its last {@code min.samples} samples (at least) had none: the association went away
     *                         during the run or was never there
     * @param failed           failed outbound association attempts during it
     * @param sendsSeen        every step of it showed how much was sent (a sent counter was shipped); otherwise
     *                         "nothing sent" is not known, only "no send seen"
     * @param firstHalf        messages gained in the first half of its event time (to its last sample at or before
     *                         the middle)
     * @param durationMs       event time from its first sample to its last
     */
    record Growth(int start, int samples, int growth, boolean associationsOpen, boolean noAssociation, long failed,
                  boolean sendsSeen, int firstHalf, long durationMs) {

        /** Messages gained in the second half. */
        int secondHalf() {
            return growth - firstHalf;
        }
    }

    ConnectionContext(final MtaState state, final ConnectionState connection, final int at, final DiagnosisSettings settings) {
        this(state, connection, at, connection.points.get(at).time(), settings);
    }

    /** @param until event time up to which the MTA's events count (at or after the sample's time) */
    ConnectionContext(final MtaState state, final ConnectionState connection, final int at, final long until,
                      final DiagnosisSettings settings) {
        this.state = state;
        this.connection = connection;
        this.at = at;
        this.until = until;
        this.settings = settings;
        this.growth = growth(state, connection.points, at, settings);
    }

    private static Growth growth(final MtaState state, final List<QueuePoint> points, final int at,
                                 final DiagnosisSettings settings) {
        // Walk back over samples with no shrink, no send seen and no restart, but never beyond the retention in event
        // time: the run must not depend on how much history happens to be kept.
        final long oldest = points.get(at).time() - settings.stateRetentionMs();
        int start = at;
        while (start > 0 && points.get(start - 1).time() >= oldest) {
            final QueuePoint prev = points.get(start - 1);
            final QueuePoint cur = points.get(start);
            if (restartedBetween(state, prev, cur) || cur.queueLength() < prev.queueLength()
                    || cur.sentSince(prev, false).orElse(0) > 0) {
                break;
            }
            start--;
        }
        // A flat stretch before the queue starts to grow is not part of the growth: the run begins at the last
        // sample before the first increase.
        while (start < at && points.get(start + 1).queueLength() == points.get(start).queueLength()) {
            start++;
        }
        long failed = 0;
        boolean sendsSeen = true;
        final long middle = points.get(start).time() + (points.get(at).time() - points.get(start).time()) / 2;
        int atMiddle = points.get(start).queueLength();
        for (int i = start + 1; i <= at; i++) {
            failed += points.get(i).failedSince(points.get(i - 1), false);
            sendsSeen &= points.get(i).sentSince(points.get(i - 1), false).isPresent();
            if (points.get(i).time() <= middle) {
                atMiddle = points.get(i).queueLength();
            }
        }
        // The run's first sample is its baseline (often the last healthy one): the state of the run is what follows.
        boolean open = true;
        int withoutAssociation = 0;
        for (int i = Math.min(start + 1, at); i <= at; i++) {
            open &= points.get(i).associations() >= 1;
            withoutAssociation = points.get(i).associations() == 0 ? withoutAssociation + 1 : 0;
        }
        // A remote that goes down often does so a sample after the queue's first rise: what counts is that the
        // association is gone now, over enough samples.
        final boolean none = withoutAssociation >= Math.min(settings.minSamples(), at - start);
        return new Growth(start, at - start + 1, points.get(at).queueLength() - points.get(start).queueLength(), open, none, failed,
                sendsSeen, atMiddle - points.get(start).queueLength(), points.get(at).time() - points.get(start).time());
    }

    /** The MTA restarted between two samples: a 9298 between them, or a total that went backwards. */
    static boolean restartedBetween(final MtaState state, final QueuePoint previous, final QueuePoint current) {
        return state.restartedBetween(previous.time(), current.time()) || current.countersReset(previous);
    }

    public QueuePoint now() {
        return connection.points.get(at);
    }

    public QueuePoint previous() {
        return at > 0 ? connection.points.get(at - 1) : null;
    }

    public QueuePoint runStart() {
        return connection.points.get(growth.start());
    }

    /** Messages sent since the previous sample, with the restart baseline applied; empty when not shipped. */
    public OptionalLong sentSincePrevious() {
        final QueuePoint prev = previous();
        return prev == null ? OptionalLong.of(0) : now().sentSince(prev, restartedBetween(state, prev, now()));
    }

    /**
     * Whether the queue's growth shows it stuck, as far as the counters can tell: {@code min.queue.growth} messages
     * over {@code min.samples} samples with no send seen. Without a sent counter "nothing was sent" cannot be seen,
     * and an ordinary burst of mail also makes the queue grow for a few samples: the growth must then be long and
     * steady enough that a burst cannot make it, at least {@link #UNSEEN_SENDS_MIN_RUN_MS} in event time over twice
     * {@code min.samples} samples, gaining {@code min.queue.growth} messages in each half of that time. A burst
     * arrives within a sample or two and drains as the MTA sends it; a stuck association keeps the queue from
     * falling at all, so it gains in both halves.
     */
    boolean queueStuck() {
        if (growth.samples() < settings.minSamples() || growth.growth() < settings.minQueueGrowth()) {
            return false;
        }
        return growth.sendsSeen() || (growth.durationMs() >= UNSEEN_SENDS_MIN_RUN_MS && growth.samples() >= 2 * settings.minSamples()
                && growth.firstHalf() >= settings.minQueueGrowth() && growth.secondHalf() >= settings.minQueueGrowth());
    }

    /**
     * Whether mail left the queue since the previous sample. With a sent counter: something was sent. Without one
     * this cannot be seen; the queue standing at least {@code min.queue.growth} below the episode's peak stands
     * in for it (a stuck queue does not shrink that much by expiry alone).
     */
    public boolean mailLeft(final Episode episode) {
        final OptionalLong sent = sentSincePrevious();
        return sent.isPresent() ? sent.getAsLong() > 0 : now().queueLength() <= episode.peakQueue - settings.minQueueGrowth();
    }

    /** "5 message(s) sent", or that it cannot be seen. */
    public String sentText() {
        final OptionalLong sent = sentSincePrevious();
        return sent.isPresent() ? sent.getAsLong() + " message(s) sent" : "sent unknown (sent counter not shipped)";
    }

    /**
     * The MTA's evaluated events from the symptom window before the run up to {@link #until} that may concern this
     * connection: events name no remote MTA, only an LTAB index or an address; one attributed to another remote
     * MTA when it was evaluated rules the event out.
     */
    public List<LoggedEvent> events() {
        return eventsFrom(runStart().time() - settings.symptomWindowMs());
    }

    public List<LoggedEvent> eventsFrom(final long from) {
        return state.events.stream()
                .filter(e -> e.time() >= from && e.time() <= until)
                .filter(this::attributable)
                .toList();
    }

    boolean attributable(final LoggedEvent e) {
        return e.owner() == null || e.owner().equals(connection.remoteMta);
    }

    /** Whether the event was known to concern this very connection when it was evaluated. */
    boolean attributedHere(final LoggedEvent e) {
        return connection.remoteMta.equals(e.owner());
    }
}
