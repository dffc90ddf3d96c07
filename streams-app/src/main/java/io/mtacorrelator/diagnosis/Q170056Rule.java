package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.RpcErrors;

import java.util.List;
import java.util.Optional;

/**
 * KB Q170056: the remote MTA is down or unreachable. No association forms, the queue grows, and the MTA
 * logs 9318 (unable to bind) with error 1722 and, on TCP/IP, 9215 with socket error 10061.
 */
public final class Q170056Rule implements ConnectionRule {

    public static final String KB = "Q170056";

    private final DiagnosisSettings settings;
    /** What else refused binds can mean: account validation over RAS (Q228901). */
    private final List<LookAlike> lookAlikes;

    public Q170056Rule(final DiagnosisSettings settings, final List<LookAlike> lookAlikes) {
        this.settings = settings;
        this.lookAlikes = List.copyOf(lookAlikes);
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return e.is(EventCatalogue.RPC_BIND_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE)
                || e.is(EventCatalogue.SOCKETS_ERROR, RpcErrors.WSAECONNREFUSED);
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public Optional<Match> match(final ConnectionContext ctx) {
        final ConnectionContext.Growth g = ctx.growth;
        if (!g.noAssociation() || g.samples() < settings.minSamples()
                || (g.growth() < settings.minQueueGrowth() && g.failed() == 0)) {
            return Optional.empty();
        }
        final List<LoggedEvent> events = ctx.events();
        // Binds refused during account validation over RAS are Q228901's picture, not a dead remote: but only its
        // whole pattern says so (that rule is tried first); one Netlogon 5719 is named and lowers the confidence.
        if (LookAlike.anyFits(lookAlikes, events)) {
            return Optional.empty();
        }
        final List<LoggedEvent> bindFailures = events.stream().filter(this::isEvidence).toList();
        if (bindFailures.stream().noneMatch(e -> e.is(EventCatalogue.RPC_BIND_FAILED))) {
            return Optional.empty();
        }
        final boolean both = bindFailures.stream().anyMatch(e -> e.is(EventCatalogue.SOCKETS_ERROR));
        final List<Alternative> alternatives = LookAlike.partlyFitting(lookAlikes, events);
        final Confidence confidence = both ? Confidence.HIGH : Confidence.MEDIUM;
        return Optional.of(new Match(alternatives.isEmpty() ? confidence : ConnectionRule.lower(confidence), bindFailures, alternatives));
    }

    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        return ctx.now().associations() >= 1 && ctx.mailLeft(episode);
    }

    @Override
    public String recovery(final ConnectionContext ctx, final Episode episode) {
        return "remote reachable again: " + ConnectionRule.super.recovery(ctx, episode);
    }
}
