package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.RpcErrors;

import java.util.List;
import java.util.Optional;

/**
 * KB Q181513: a Dynamic RAS connector. When the queue passes the association threshold the MTA tries a
 * further association over the RAS link and it fails: 9316 with error 1783 and RAS failures (1294). Unlike
 * Q181721, the trouble starts at the threshold instead of ending there.
 */
public final class Q181513Rule implements ConnectionRule, LookAlike.ByPattern {

    public static final String KB = "Q181513";

    private static final EventPattern PATTERN = new EventPattern(KB, "a Dynamic RAS connector failing above the threshold", List.of(
            new EventPattern.Part("9316 with error 1783", e -> e.is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, RpcErrors.RPC_X_BAD_STUB_DATA), true),
            new EventPattern.Part("RAS failure 1294", e -> e.is(EventCatalogue.RAS_CONNECTION_FAILURE), true)));

    private final DiagnosisSettings settings;

    public Q181513Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return PATTERN.shows(e);
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public EventPattern pattern() {
        return PATTERN;
    }

    @Override
    public Optional<Match> match(final ConnectionContext ctx) {
        // The queue first: it is at hand, while the events take a look through the window.
        if (ctx.growth.samples() < settings.minSamples()) {
            return Optional.empty();
        }
        final boolean atThreshold = ctx.now().queueLength() >= settings.queueThreshold();
        if (!atThreshold && ctx.growth.growth() < settings.minQueueGrowth()) {
            return Optional.empty();
        }
        final List<LoggedEvent> events = ctx.events();
        if (!fits(events)) {
            return Optional.empty();
        }
        // The MTA's events are in event-time order, so is the evidence.
        return Optional.of(new Match(atThreshold ? Confidence.HIGH : Confidence.MEDIUM, events.stream().filter(this::isEvidence).toList()));
    }

    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        return ctx.mailLeft(episode) && ctx.now().queueLength() < episode.peakQueue;
    }
}
