package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;

import java.util.List;
import java.util.Optional;

/** A diagnosis of one connection, identified by a Knowledge Base article. */
public interface ConnectionRule {

    /** What a rule found: how sure it is, and the events that support it. */
    record Match(Confidence confidence, List<LoggedEvent> evidence) {
    }

    String kb();

    /** Whether an event is part of the evidence this article rests on (listed in its incidents). */
    boolean isEvidence(LoggedEvent event);

    /** The diagnosis at the current sample, or empty when the evidence does not fit. */
    Optional<Match> match(ConnectionContext ctx);

    /** For an open episode: has the connection recovered at the current sample? */
    boolean recovered(ConnectionContext ctx, Episode episode);

    /** One line saying what showed the recovery. */
    default String recovery(final ConnectionContext ctx, final Episode episode) {
        return ctx.sentSincePrevious() + " message(s) sent, queue " + episode.peakQueue + " -> " + ctx.now().queueLength()
                + ", associations " + ctx.now().associations();
    }

    /** Whether the evidence present rules this article's diagnosis out, although it does not match itself. */
    default boolean vetoes(final ConnectionContext ctx) {
        return false;
    }
}
