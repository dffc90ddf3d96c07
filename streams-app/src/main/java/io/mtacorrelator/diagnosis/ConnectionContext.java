package io.mtacorrelator.diagnosis;

import java.util.List;

/**
 * What the connection rules see at one evaluated sample: the connection's samples up to it, the MTA's
 * evaluated events up to it, and the growth run that ends at it.
 */
public final class ConnectionContext {

    final MtaState state;
    final ConnectionState connection;
    final int at;
    final DiagnosisSettings settings;
    final Growth growth;

    /**
     * The run of samples ending at the current one in which the queue never shrank, nothing was sent and the
     * MTA did not restart.
     *
     * @param start           index of its first sample
     * @param samples         samples in it
     * @param growth          messages gained
     * @param associationsOpen every sample of it had an association open
     * @param noAssociation   no sample of it had one
     * @param failed          failed outbound association attempts during it
     */
    record Growth(int start, int samples, int growth, boolean associationsOpen, boolean noAssociation, long failed) {
    }

    ConnectionContext(final MtaState state, final ConnectionState connection, final int at, final DiagnosisSettings settings) {
        this.state = state;
        this.connection = connection;
        this.at = at;
        this.settings = settings;
        this.growth = growth(state, connection.points, at, settings);
    }

    private static Growth growth(final MtaState state, final List<QueuePoint> points, final int at,
                                 final DiagnosisSettings settings) {
        // Walk back over samples with no shrink, no send and no restart, but never beyond the retention in event
        // time: the run must not depend on how much history happens to be kept.
        final long oldest = points.get(at).time() - settings.stateRetentionMs();
        int start = at;
        while (start > 0 && points.get(start - 1).time() >= oldest) {
            final QueuePoint prev = points.get(start - 1);
            final QueuePoint cur = points.get(start);
            final boolean restarted = state.restartedBetween(prev.time(), cur.time());
            if (restarted || cur.queueLength() < prev.queueLength() || cur.sentSince(prev, false) > 0) {
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
        for (int i = start + 1; i <= at; i++) {
            failed += points.get(i).failedSince(points.get(i - 1), false);
        }
        // The run's first sample is its baseline (often the last healthy one): the state of the run is what follows.
        boolean open = true;
        boolean none = true;
        for (int i = Math.min(start + 1, at); i <= at; i++) {
            open &= points.get(i).associations() >= 1;
            none &= points.get(i).associations() == 0;
        }
        return new Growth(start, at - start + 1, points.get(at).queueLength() - points.get(start).queueLength(), open, none, failed);
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

    /** Messages sent since the previous sample, with the restart baseline applied. */
    public long sentSincePrevious() {
        final QueuePoint prev = previous();
        return prev == null ? 0 : now().sentSince(prev, state.restartedBetween(prev.time(), now().time()));
    }

    /**
     * The MTA's evaluated events from the symptom window before the run to now that may concern this
     * connection: events name no remote MTA, only an LTAB index; an index known to belong to another remote
     * MTA rules the event out.
     */
    public List<LoggedEvent> events() {
        return eventsFrom(runStart().time() - settings.symptomWindowMs());
    }

    public List<LoggedEvent> eventsFrom(final long from) {
        final long until = now().time();
        return state.events.stream()
                .filter(e -> e.time() >= from && e.time() <= until)
                .filter(this::attributable)
                .toList();
    }

    boolean attributable(final LoggedEvent e) {
        if (e.ltabIndex() == null) {
            return true;
        }
        final String owner = state.ltabToRemote.get(e.ltabIndex());
        return owner == null || owner.equals(connection.remoteMta);
    }

    /** Whether an event of this LTAB index is known to concern this very connection. */
    boolean attributedHere(final LoggedEvent e) {
        return e.ltabIndex() != null && connection.remoteMta.equals(state.ltabToRemote.get(e.ltabIndex()));
    }
}
