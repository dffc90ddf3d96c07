package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.RpcErrors;

import java.util.List;
import java.util.Optional;

/**
 * KB Q181721: the sending MTA holds an open association to the remote MTA, its queue to that MTA keeps
 * growing, nothing is sent, and the MTA logs the article's RPC symptoms (9316 with error 1727, 9277 RPC
 * cancels during MtaBind). Delivery resumes when the queue reaches the association threshold and the MTA
 * opens a new association.
 */
public final class Q181721Rule implements ConnectionRule {

    public static final String KB = "Q181721";

    private final DiagnosisSettings settings;

    public Q181721Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return e.isQ181721Symptom();
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public Optional<Match> match(final ConnectionContext ctx) {
        final ConnectionContext.Growth g = ctx.growth;
        // No association: nothing to be stuck on (a remote that is down, Q170056, looks like this).
        if (!g.associationsOpen() || g.samples() < settings.minSamples() || g.growth() < settings.minQueueGrowth()) {
            return Optional.empty();
        }
        final List<LoggedEvent> events = ctx.events();
        // An association limit (Q194589) or a RAS link (Q181513, Q228901) explain a stuck queue otherwise.
        if (events.stream().anyMatch(e -> e.is(EventCatalogue.ASSOCIATION_LIMIT) || e.is(EventCatalogue.RAS_CONNECTION_FAILURE)
                || e.is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, RpcErrors.RPC_X_BAD_STUB_DATA)
                || e.is(EventCatalogue.NETLOGON_NO_DOMAIN_CONTROLLER))) {
            return Optional.empty();
        }
        final List<LoggedEvent> symptoms = events.stream().filter(LoggedEvent::isQ181721Symptom).toList();
        if (symptoms.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Match(confidence(ctx, symptoms), symptoms));
    }

    /**
     * HIGH when both of the article's symptoms are present and nothing else could own them; MEDIUM on one
     * symptom, or when another connection of the MTA is stuck too and the events name neither.
     */
    static Confidence confidence(final ConnectionContext ctx, final List<LoggedEvent> symptoms) {
        final long kinds = symptoms.stream().map(LoggedEvent::kind).distinct().count();
        if (kinds < 2) {
            return Confidence.MEDIUM;
        }
        final boolean named = symptoms.stream().anyMatch(ctx::attributedHere);
        final boolean anotherStuck = ctx.state.connections.values().stream()
                .filter(c -> c != ctx.connection && c.points.size() > 1)
                .anyMatch(c -> {
                    final QueuePoint last = c.last();
                    final QueuePoint before = c.points.get(c.points.size() - 2);
                    return last.associations() >= 1 && last.queueLength() > before.queueLength() && last.sentSince(before, false) == 0;
                });
        return named || !anotherStuck ? Confidence.HIGH : Confidence.MEDIUM;
    }

    /**
     * Delivery resumed (messages sent and the queue below its peak), or the queue is back where the episode
     * began without anything sent (its messages expired or were rerouted): either way nothing is stuck now.
     */
    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        final int queue = ctx.now().queueLength();
        return (ctx.sentSincePrevious() > 0 && queue < episode.peakQueue) || queue <= episode.queueAtStart;
    }

    @Override
    public String recovery(final ConnectionContext ctx, final Episode episode) {
        if (ctx.sentSincePrevious() == 0) {
            return "queue back to " + ctx.now().queueLength() + " without messages sent (expired or rerouted): "
                    + ConnectionRule.super.recovery(ctx, episode);
        }
        return "delivery resumed: " + ConnectionRule.super.recovery(ctx, episode);
    }

    /**
     * Queue levels worth an update: 0 below half the threshold, 1 from half, 2 from 80 %, 3 at the threshold.
     * Bounded, so a long episode yields a bounded number of updates.
     */
    public static int level(final int queueLength, final int threshold) {
        if (queueLength >= threshold) {
            return 3;
        } else if (queueLength * 10 >= threshold * 8) {
            return 2;
        } else if (queueLength * 2 >= threshold) {
            return 1;
        }
        return 0;
    }
}
