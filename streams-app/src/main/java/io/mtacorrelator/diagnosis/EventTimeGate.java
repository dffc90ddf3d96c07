package io.mtacorrelator.diagnosis;

import java.util.List;

/**
 * Event time, not arrival, decides what is evaluated when. Signals wait in the MTA's {@link GraceBuffer} until its
 * evaluation horizon (its newest event time minus the grace) passes them, and are then handed out in evaluation
 * order, each once. The same records therefore give the same incidents whatever order they arrived in within the
 * grace, and at whatever speed. A record at or behind the horizon is late: it is reported as such and not used.
 * Only event time moves the horizon: the wall clock (idleness, a silent MTA) never evaluates a signal that a record
 * within the grace could still precede.
 */
final class EventTimeGate {

    /** What the gate made of one arriving signal: late by some ms, or admitted (and the horizon may have moved). */
    record Admission(boolean late, long latenessMs, Advance advance) {
    }

    /** The horizon moved to {@code upTo}: these signals are due, in evaluation order (possibly none). */
    record Advance(List<Signal> due, long upTo) {
    }

    private final long graceMs;

    /** @param graceMs the grace; {@link Long#MAX_VALUE}: nothing is due before the end of the input */
    EventTimeGate(final long graceMs) {
        this.graceMs = graceMs;
    }

    boolean waitsForTheEnd() {
        return graceMs == Long.MAX_VALUE;
    }

    Admission admit(final MtaState state, final Signal signal) {
        // Everything at or before evaluatedUntil has been evaluated: a signal there would be evaluated out of order.
        if (state.evaluatedUntil != Long.MIN_VALUE && signal.time() <= state.evaluatedUntil) {
            return new Admission(true, state.evaluatedUntil - signal.time(), null);
        }
        state.grace.add(signal);
        final long previousMax = state.maxEventTime;
        state.maxEventTime = Math.max(state.maxEventTime, signal.time());
        if (waitsForTheEnd() || state.maxEventTime == previousMax) {
            // Nothing can have passed the horizon: it only moves when the newest event time does.
            return new Admission(false, 0, null);
        }
        // Strictly behind the newest time: signals at the newest time may still have companions on their way.
        return new Admission(false, 0, advance(state, state.maxEventTime - graceMs - 1));
    }

    /** Everything still waiting: the input has ended. The horizon becomes the newest event time. */
    Advance drain(final MtaState state) {
        return state.maxEventTime == Long.MIN_VALUE ? null : advance(state, state.maxEventTime);
    }

    /** The waiting signals up to {@code horizon}; null when the horizon does not move. */
    private static Advance advance(final MtaState state, final long horizon) {
        if (horizon <= state.evaluatedUntil && state.evaluatedUntil != Long.MIN_VALUE) {
            return null;
        }
        return new Advance(state.grace.takeUpTo(horizon), horizon);
    }
}
