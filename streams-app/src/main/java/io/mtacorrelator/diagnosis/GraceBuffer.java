package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;

/**
 * The signals of one MTA that arrived but are not evaluated yet, in evaluation order: those within the grace of the
 * MTA's newest event time. Part of the MTA's state, so it is bounded by the grace (or by a finite input with
 * {@code mta.grace.ms=-1}). Records mostly arrive in order, so a new signal is placed by a search from the end.
 */
public final class GraceBuffer {

    private final ArrayList<Signal> waiting = new ArrayList<>();

    public void add(final Signal signal) {
        int at = waiting.size();
        while (at > 0 && Signal.EVALUATION_ORDER.compare(waiting.get(at - 1), signal) > 0) {
            at--;
        }
        waiting.add(at, signal);
    }

    /** Removes and returns, in evaluation order, the signals at or before {@code upTo}. */
    public List<Signal> takeUpTo(final long upTo) {
        int n = 0;
        while (n < waiting.size() && waiting.get(n).time() <= upTo) {
            n++;
        }
        if (n == 0) {
            return List.of();
        }
        final List<Signal> due = new ArrayList<>(waiting.subList(0, n));
        waiting.subList(0, n).clear();
        return due;
    }

    public int size() {
        return waiting.size();
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** The waiting signals in evaluation order (for the state codec). */
    public List<Signal> signals() {
        return java.util.Collections.unmodifiableList(waiting);
    }
}
