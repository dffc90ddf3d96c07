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
public final class Q181513Rule implements ConnectionRule {

    public static final String KB = "Q181513";

    private final DiagnosisSettings settings;

    public Q181513Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return e.is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, RpcErrors.RPC_X_BAD_STUB_DATA) || e.is(EventCatalogue.RAS_CONNECTION_FAILURE);
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public Optional<Match> match(final ConnectionContext ctx) {
        final List<LoggedEvent> events = ctx.events();
        final List<LoggedEvent> badStub = events.stream()
                .filter(e -> e.is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, RpcErrors.RPC_X_BAD_STUB_DATA)).toList();
        final List<LoggedEvent> ras = events.stream().filter(e -> e.is(EventCatalogue.RAS_CONNECTION_FAILURE)).toList();
        if (badStub.isEmpty() || ras.isEmpty() || ctx.growth.samples() < settings.minSamples()) {
            return Optional.empty();
        }
        final boolean atThreshold = ctx.now().queueLength() >= settings.queueThreshold();
        if (!atThreshold && ctx.growth.growth() < settings.minQueueGrowth()) {
            return Optional.empty();
        }
        final List<LoggedEvent> evidence = new java.util.ArrayList<>(badStub);
        evidence.addAll(ras);
        evidence.sort(java.util.Comparator.comparingLong(LoggedEvent::time));
        return Optional.of(new Match(atThreshold ? Confidence.HIGH : Confidence.MEDIUM, evidence));
    }

    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        return ctx.sentSincePrevious() > 0 && ctx.now().queueLength() < episode.peakQueue;
    }
}
