package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;

/**
 * The signals of one MTA that arrived but are not evaluated yet, in evaluation order: those within the grace of the
 * MTA's newest event time. Part of the MTA's state, so it is bounded by the grace (or by a finite input with
 * {@code mta.grace.ms=-1}). Records mostly arrive in order, so a new signal is placed by a search from the end.
 */
public final class GraceBuffer {

    /**
     * The waiting signals are {@code waiting[head..]}: taking the due ones moves {@code head} instead of shifting the
     * rest down, so that a step does not cost the whole grace's worth of signals (which grows with the MTA's
     * connections); the array is compacted once most of it is taken.
     */
    private final ArrayList<Signal> waiting = new ArrayList<>();
    private int head;

    public void add(final Signal signal) {
        int at = waiting.size();
        while (at > head && Signal.EVALUATION_ORDER.compare(waiting.get(at - 1), signal) > 0) {
            at--;
        }
        waiting.add(at, signal);
    }

    /** Removes and returns, in evaluation order, the signals at or before {@code upTo}. */
    public List<Signal> takeUpTo(final long upTo) {
        int end = head;
        while (end < waiting.size() && waiting.get(end).time() <= upTo) {
            end++;
        }
        if (end == head) {
            return List.of();
        }
        final List<Signal> due = new ArrayList<>(waiting.subList(head, end));
        head = end;
        if (head == waiting.size()) {
            waiting.clear();
            head = 0;
        } else if (head > waiting.size() / 2) {
            waiting.subList(0, head).clear();
            head = 0;
        }
        return due;
    }

    public int size() {
        return waiting.size() - head;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The waiting signals in evaluation order (for the state codec). */
    public List<Signal> signals() {
        return java.util.Collections.unmodifiableList(waiting.subList(head, waiting.size()));
    }
}
