package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;
import io.mtacorrelator.catalog.RpcErrors;

import java.util.List;
import java.util.Optional;

/**
 * KB Q228901: over a RAS link the MTA's service account cannot be validated (no domain controller reachable,
 * Netlogon 5719), so binds fail with 1722 (9318 or 9322) and 9316 carries NT error 0.
 */
public final class Q228901Rule implements ConnectionRule, LookAlike.ByPattern {

    public static final String KB = "Q228901";

    /** A failed bind alone is a remote that is down (Q170056); the Netlogon event and 9316/0 point here. */
    private static final EventPattern PATTERN = new EventPattern(KB, "account validation failing over a RAS link", List.of(
            new EventPattern.Part("binds failing with 1722 (9318 or 9322)",
                    e -> e.is(EventCatalogue.RPC_BIND_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE)
                            || e.is(EventCatalogue.RPC_BIND_BACK_FAILED, RpcErrors.RPC_S_SERVER_UNAVAILABLE), false),
            new EventPattern.Part("9316 with error 0", e -> e.is(EventCatalogue.RPC_COMMUNICATIONS_ERROR, 0), true),
            new EventPattern.Part("Netlogon 5719 (no domain controller)", e -> e.is(EventCatalogue.NETLOGON_NO_DOMAIN_CONTROLLER), true)));

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
        // The queue to the remote whose binds fail is the one that grows (the events name only a slot).
        if (!ctx.queueStuck()) {
            return Optional.empty();
        }
        final List<LoggedEvent> events = ctx.events();
        if (!fits(events)) {
            return Optional.empty();
        }
        // Without a sent counter the growth may be mail that was in fact sent: at most MEDIUM.
        return Optional.of(new Match(ctx.growth.sendsSeen() ? Confidence.HIGH : Confidence.MEDIUM,
                events.stream().filter(this::isEvidence).toList()));
    }

    @Override
    public boolean recovered(final ConnectionContext ctx, final Episode episode) {
        return ctx.mailLeft(episode);
    }
}
