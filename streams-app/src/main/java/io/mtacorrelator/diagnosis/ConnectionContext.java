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
     * The run of samples ending at the current one in which the queue never shrank, no send was seen and the
     * MTA did not restart.
     *
     * @param start            index of its first sample
     * @param samples          samples in it
     * @param growth           messages gained
     * @param associationsOpen every sample of it had an association open
     * @param noAssociation    no sample of it had one
     * @param failed           failed outbound association attempts during it
     * @param sendsSeen        every step of it showed how much was sent (a sent counter was shipped); otherwise
     *                         "nothing sent" is not known, only "no send seen"
     * @param risingSteps      steps in which the queue grew
     * @param durationMs       event time from its first sample to its last
     */
    record Growth(int start, int samples, int growth, boolean associationsOpen, boolean noAssociation, long failed,
                  boolean sendsSeen, int risingSteps, long durationMs) {
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
        int rising = 0;
        for (int i = start + 1; i <= at; i++) {
            failed += points.get(i).failedSince(points.get(i - 1), false);
            sendsSeen &= points.get(i).sentSince(points.get(i - 1), false).isPresent();
            rising += points.get(i).queueLength() > points.get(i - 1).queueLength() ? 1 : 0;
        }
        // The run's first sample is its baseline (often the last healthy one): the state of the run is what follows.
        boolean open = true;
        boolean none = true;
        for (int i = Math.min(start + 1, at); i <= at; i++) {
            open &= points.get(i).associations() >= 1;
            none &= points.get(i).associations() == 0;
        }
        return new Growth(start, at - start + 1, points.get(at).queueLength() - points.get(start).queueLength(), open, none, failed,
                sendsSeen, rising, points.get(at).time() - points.get(start).time());
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
