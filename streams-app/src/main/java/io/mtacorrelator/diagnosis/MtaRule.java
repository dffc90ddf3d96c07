package io.mtacorrelator.diagnosis;

import java.util.Optional;

/** A diagnosis of an MTA as a whole (no single connection), identified by a Knowledge Base article. */
public interface MtaRule {

    String kb();

    /** Whether an event is part of the evidence this article rests on (listed in its incidents). */
    boolean isEvidence(LoggedEvent event);

    /** The diagnosis at event time {@code now}, or empty when the evidence does not fit. */
    Optional<ConnectionRule.Match> match(MtaState state, long now);

    /** For an open episode: is it over at {@code now}? */
    boolean recovered(MtaState state, long now, Episode episode);

    String recovery(MtaState state, long now, Episode episode);

    /**
     * Whether {@link #match} may find the article at this signal when it did not at the MTA's earlier signals (with no
     * incident of the article open). Most signals (a connection's sample) cannot change an MTA-wide picture, and
     * asking only then keeps the cost of a sample independent of the MTA's history. True by default.
     */
    default boolean mayOpenOn(final Signal signal, final MtaState state, final long now) {
        return true;
    }

    /** The evaluated events of the MTA in the window ending at {@code now}. */
    static java.util.List<LoggedEvent> window(final MtaState state, final long now, final long windowMs) {
        return state.events.stream().filter(e -> e.time() > now - windowMs && e.time() <= now).toList();
    }
}
