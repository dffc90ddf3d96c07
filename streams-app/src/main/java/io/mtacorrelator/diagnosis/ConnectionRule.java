package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;

import java.util.List;
import java.util.Optional;

/** A diagnosis of one connection, identified by a Knowledge Base article. */
public interface ConnectionRule {

    /**
     * What a rule found: how sure it is, the events that support it, and the competing explanations that lowered
     * its confidence.
     */
    record Match(Confidence confidence, List<LoggedEvent> evidence, List<Alternative> alternatives) {

        Match(final Confidence confidence, final List<LoggedEvent> evidence) {
            this(confidence, evidence, List.of());
        }
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
        return ctx.sentText() + ", queue " + episode.peakQueue + " -> " + ctx.now().queueLength()
                + ", associations " + ctx.now().associations();
    }

    /** One step less sure, for evidence that another article could also explain. */
    static Confidence lower(final Confidence confidence) {
        return confidence == Confidence.HIGH ? Confidence.MEDIUM : Confidence.LOW;
    }
}
