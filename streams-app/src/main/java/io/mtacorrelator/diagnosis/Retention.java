package io.mtacorrelator.diagnosis;

import java.util.List;
import java.util.Map;

/**
 * What an MTA's state keeps of its evaluated past: only what the rules can still read, so that the state of a
 * healthy connection is a couple of samples whatever the retention.
 * <ul>
 *   <li>Events, restarts and address mappings: within the retention behind the evaluation horizon, and from the
 *       symptom window before an open episode's growth run (or an MTA incident's first evidence).</li>
 *   <li>A connection's samples: from the first sample of its current run of samples without a shrink, a send or a
 *       restart (a growth run never reaches back beyond it), from an open episode's run (its incidents count those
 *       samples), and always the previous sample (the next one measures sends against it); and within the
 *       retention, keeping the newest sample behind it.</li>
 * </ul>
 */
final class Retention {

    private final DiagnosisSettings settings;

    Retention(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    /**
     * A sample was added to the connection (or replaced its newest one): drop the samples no growth run can reach
     * any more. A run never reaches back beyond a step with a shrink, a send or a restart. Only the step into the
     * previous sample is judged here: the newest sample may still be replaced by a redelivery.
     */
    void afterSample(final MtaState state, final ConnectionState conn, final boolean replacedNewest) {
        final List<QueuePoint> points = conn.points;
        final int at = points.size() - 1;
        if (at == 0) {
            conn.runFrom = points.get(0).time();
        }
        if (!replacedNewest && at == 1 && state.trimOrder != null) {
            state.trimOrder.add(conn);
        }
        if (replacedNewest || at < 2) {
            return;
        }
        final QueuePoint before = points.get(at - 2);
        final QueuePoint prev = points.get(at - 1);
        if (ConnectionContext.restartedBetween(state, before, prev) || prev.queueLength() < before.queueLength()
                || prev.sentSince(before, false).orElse(0) > 0) {
            conn.runFrom = prev.time();
        }
        long keepFrom = Math.min(conn.runFrom, prev.time());
        if (conn.episode != null) {
            keepFrom = Math.min(keepFrom, conn.episode.runStart);
        }
        int drop = 0;
        while (drop < at - 1 && points.get(drop).time() < keepFrom) {
            drop++;
        }
        if (drop > 0) {
            points.subList(0, drop).clear();
        }
    }

    /** The horizon moved: drop evaluated history beyond the retention, keeping what open episodes still measure from. */
    void afterAdvance(final MtaState state) {
        long keepFrom = state.evaluatedUntil - settings.stateRetentionMs();
        if (state.openConnectionEpisodes > 0) {
            for (final ConnectionState conn : state.connections.values()) {
                if (conn.episode != null) {
                    keepFrom = Math.min(keepFrom, conn.episode.runStart - settings.symptomWindowMs());
                }
            }
        }
        for (final Map.Entry<String, Episode> e : state.mtaEpisodes.entrySet()) {
            keepFrom = Math.min(keepFrom, e.getValue().firstSeen);
        }
        final long horizon = keepFrom;
        if (!state.events.isEmpty() && state.events.get(0).time() < horizon) {
            state.events.removeIf(e -> e.time() < horizon);
        }
        if (!state.seenEvents.isEmpty() && state.seenEvents.firstKey() < horizon) {
            state.seenEvents.headMap(horizon).clear();
        }
        if (!state.restarts.isEmpty() && state.restarts.get(0) < horizon) {
            state.restarts.removeIf(t -> t < horizon);
        }
        if (state.lastWorkQueue != null && state.lastWorkQueue[0] < horizon) {
            state.lastWorkQueue = null;
        }
        // Locality-table slots and addresses are reused: a mapping not confirmed within the retention is forgotten.
        final long mappingHorizon = state.evaluatedUntil - settings.stateRetentionMs();
        if (mappingHorizon > state.earliestMappingConfirmed) {
            state.earliestMappingConfirmed = Attribution.expire(state, mappingHorizon);
        }
        if (state.trimOrder == null) {
            state.trimOrder = new PointTrimOrder();
            for (final ConnectionState conn : state.connections.values()) {
                trim(conn, horizon);
                state.trimOrder.add(conn);
            }
            return;
        }
        for (ConnectionState conn = state.trimOrder.pollBefore(horizon); conn != null; conn = state.trimOrder.pollBefore(horizon)) {
            trim(conn, horizon);
            state.trimOrder.add(conn);
        }
    }

    /** Drops the connection's samples before the horizon but its newest one there: the next step measures sends against it. */
    private static void trim(final ConnectionState conn, final long horizon) {
        final List<QueuePoint> points = conn.points;
        int drop = 0;
        while (points.size() - drop > 1 && points.get(drop + 1).time() < horizon) {
            drop++;
        }
        if (drop > 0) {
            points.subList(0, drop).clear();
        }
    }
}
