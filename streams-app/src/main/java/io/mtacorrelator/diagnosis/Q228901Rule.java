package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.RpcErrors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * KB Q228901: over a RAS link the MTA's service account cannot be validated (no domain controller reachable,
 * Netlogon 5719), so binds fail with 1722 (9318 or 9322) and 9316 carries NT error 0.
 */
public final class Q228901Rule implements ConnectionRule {

    public static final String KB = "Q228901";

    private final DiagnosisSettings settings;

    public Q228901Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return e.is(EventCatalogue.RPC_BIND_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE)
                || e.is(EventCatalogue.RPC_BIND_BACK_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE)
                || e.is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, 0) || e.is(EventCatalogue.NETLOGON_NO_DOMAIN_CONTROLLER);
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public Optional<Match> match(final ConnectionContext ctx) {
        if (ctx.growth.samples() < settings.minSamples() || ctx.sentSincePrevious() > 0) {
            return Optional.empty();
        }
        final List<LoggedEvent> events = ctx.events();
        final List<LoggedEvent> bind = events.stream()
                .filter(e -> e.is(EventCatalogue.RPC_BIND_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE)
                        || e.is(EventCatalogue.RPC_BIND_BACK_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE))
                .toList();
        final List<LoggedEvent> noData0 = events.stream().filter(e -> e.is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, 0)).toList();
        final List<LoggedEvent> netlogon = events.stream().filter(e -> e.is(EventCatalogue.NETLOGON_NO_DOMAIN_CONTROLLER)).toList();
        if (bind.isEmpty() || noData0.isEmpty() || netlogon.isEmpty()) {
            return Optional.empty();
        }
        final List<LoggedEvent> evidence = new ArrayList<>(bind);
        evidence.addAll(noData0);
        evidence.addAll(netlogon);
        evidence.sort(Comparator.comparingLong(LoggedEvent::time));
        return Optional.of(new Match(Confidence.HIGH, evidence));
    }

    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        return ctx.sentSincePrevious() > 0;
    }
}
