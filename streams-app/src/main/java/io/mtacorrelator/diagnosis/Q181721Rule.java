package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;

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
    /** The articles that can explain a stuck queue with RPC errors otherwise. */
    private final List<LookAlike> lookAlikes;

    public Q181721Rule(final DiagnosisSettings settings, final List<LookAlike> lookAlikes) {
        this.settings = settings;
        this.lookAlikes = List.copyOf(lookAlikes);
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
        if (!g.associationsOpen() || !ctx.queueStuck()) {
            return Optional.empty();
        }
        final List<LoggedEvent> events = ctx.events();
        // A look-alike explains the symptoms away only with its whole pattern (the connection look-alikes are
        // tried before this rule, so theirs have opened instead; an association limit under sustained load is
        // reported for the MTA). Part of a pattern is named and lowers the confidence.
        if (LookAlike.anyFits(lookAlikes, events)) {
            return Optional.empty();
        }
        final List<LoggedEvent> symptoms = events.stream().filter(LoggedEvent::isQ181721Symptom).toList();
        if (symptoms.isEmpty()) {
            return Optional.empty();
        }
        final List<Alternative> alternatives = LookAlike.partlyFitting(lookAlikes, events);
        return Optional.of(new Match(confidence(ctx, symptoms, alternatives), symptoms, alternatives));
    }

    /**
     * HIGH when both of the article's symptoms are present and nothing else could own them; MEDIUM on one
     * symptom, or when another connection of the MTA is stuck within the window too and the events name neither,
     * or when the sent counter is not shipped (the growth may be mail that was in fact sent). One step lower when
     * part of a look-alike's pattern is present.
     */
    static Confidence confidence(final ConnectionContext ctx, final List<LoggedEvent> symptoms, final List<Alternative> alternatives) {
        Confidence confidence = Confidence.HIGH;
        if (symptoms.stream().map(LoggedEvent::kind).distinct().count() < 2
                || !ctx.growth.sendsSeen()
                || (symptoms.stream().noneMatch(ctx::attributedHere) && anotherStuckInTheWindow(ctx))) {
            confidence = Confidence.MEDIUM;
        }
        return alternatives.isEmpty() ? confidence : ConnectionRule.lower(confidence);
    }

    /**
     * Whether another connection of the MTA is stuck by the same queue evidence (an open association, a queue grown
     * with no send seen: {@link ConnectionContext#queueStuck}) at its last sample, which must be inside the symptom
     * window (from the window before this run to now). A connection that stopped reporting before the window says
     * nothing about now, and one rise between two samples is ordinary traffic.
     */
    private static boolean anotherStuckInTheWindow(final ConnectionContext ctx) {
        final long from = ctx.runStart().time() - ctx.settings.symptomWindowMs();
        return ctx.state.connections.values().stream()
                .filter(c -> c != ctx.connection && c.points.size() > 1 && c.last().time() >= from && c.last().time() <= ctx.until)
                .map(c -> new ConnectionContext(ctx.state, c, c.points.size() - 1, ctx.settings))
                .anyMatch(other -> other.growth.associationsOpen() && other.queueStuck());
    }

    /**
     * Delivery resumed (mail left the queue and it is below its peak), or the queue is back where the episode
     * began (its messages expired or were rerouted): either way nothing is stuck now.
     */
    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        final int queue = ctx.now().queueLength();
        return (ctx.mailLeft(episode) && queue < episode.peakQueue) || queue <= episode.queueAtStart;
    }

    @Override
    public String recovery(final ConnectionContext ctx, final Episode episode) {
        if (ctx.sentSincePrevious().orElse(-1) == 0) {
            return "queue back to " + ctx.now().queueLength() + " without messages sent (expired or rerouted): "
                    + ConnectionRule.super.recovery(ctx, episode);
        }
        if (ctx.sentSincePrevious().isEmpty()) {
            return "queue down to " + ctx.now().queueLength() + " (delivered, expired or rerouted: no sent counter shows which): "
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
