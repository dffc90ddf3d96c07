package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;

import java.util.List;
import java.util.Optional;

/**
 * KB Q157068: after an MTA restart (9298) Exchange 4.0's Work Queue Length can climb to values that no queue
 * holds. Detected when, within the window after a restart, the MTA's Work Queue Length exceeds the sum of its
 * connection queues by at least the association threshold.
 */
public final class Q157068Rule implements MtaRule {

    public static final String KB = "Q157068";

    private final DiagnosisSettings settings;

    public Q157068Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return e.is(EventCatalogue.MTA_STARTED);
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public Optional<ConnectionRule.Match> match(final MtaState state, final long now) {
        final List<LoggedEvent> restarts = MtaRule.window(state, now, settings.symptomWindowMs()).stream()
                .filter(e -> e.is(EventCatalogue.MTA_STARTED)).toList();
        if (restarts.isEmpty() || state.lastWorkQueue == null) {
            return Optional.empty();
        }
        final long[] latest = state.lastWorkQueue;
        if (latest[0] < restarts.get(0).time() || now - latest[0] > settings.symptomWindowMs()) {
            return Optional.empty();
        }
        return excess(state, latest[1]) >= settings.queueThreshold()
                ? Optional.of(new ConnectionRule.Match(Confidence.MEDIUM, restarts))
                : Optional.empty();
    }

    /**
     * Only within the window after a restart: then a restart, a Work Queue Length sample or a connection's sample (its
     * queue is subtracted) can make the excess appear.
     */
    @Override
    public boolean mayOpenOn(final Signal signal, final MtaState state, final long now) {
        return !state.restarts.isEmpty() && state.restarts.get(state.restarts.size() - 1) > now - settings.symptomWindowMs();
    }

    /** Work Queue Length beyond what the connection queues hold. */
    static long excess(final MtaState state, final long workQueueLength) {
        final long connectionQueues = state.connections.values().stream()
                .map(ConnectionState::last).filter(java.util.Objects::nonNull).mapToLong(QueuePoint::queueLength).sum();
        return workQueueLength - connectionQueues;
    }

    @Override
    public boolean recovered(final MtaState state, final long now, final Episode episode) {
        if (state.lastWorkQueue == null) {
            return false;
        }
        return excess(state, state.lastWorkQueue[1]) < settings.minQueueGrowth();
    }

    @Override
    public String recovery(final MtaState state, final long now, final Episode episode) {
        return "Work Queue Length agrees with the connection queues again";
    }
}
