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

    public Q170056Rule(final DiagnosisSettings settings) {
        this.settings = settings;
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
        // A bind refused during account validation over RAS is Q228901's picture, not a dead remote.
        if (events.stream().anyMatch(e -> e.is(EventCatalogue.NETLOGON_NO_DOMAIN_CONTROLLER))) {
            return Optional.empty();
        }
        final List<LoggedEvent> bindFailures = events.stream()
                .filter(e -> e.is(EventCatalogue.RPC_BIND_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE)
                        || e.is(EventCatalogue.SOCKETS_ERROR, RpcErrors.WSAECONNREFUSED))
                .toList();
        if (bindFailures.stream().noneMatch(e -> e.is(EventCatalogue.RPC_BIND_FAILED))) {
            return Optional.empty();
        }
        final boolean both = bindFailures.stream().anyMatch(e -> e.is(EventCatalogue.SOCKETS_ERROR));
        return Optional.of(new Match(both ? Confidence.HIGH : Confidence.MEDIUM, bindFailures));
    }

    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        return ctx.now().associations() >= 1 && ctx.sentSincePrevious() > 0;
    }

    @Override
    public String recovery(final ConnectionContext ctx, final Episode episode) {
        return "remote reachable again: " + ConnectionRule.super.recovery(ctx, episode);
    }
}
