package io.mtacorrelator.diagnosis;

import java.util.List;

/** Which of the MTA's evaluated events an incident lists as its evidence. */
final class EvidenceSelection {

    private final DiagnosisSettings settings;

    EvidenceSelection(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    /**
     * A connection incident: the rule's evidence attributable to the connection, from the symptom window before the
     * episode's growth run (or, before it opens, the current run) up to the context's moment.
     */
    List<LoggedEvent> forConnection(final ConnectionContext ctx, final ConnectionRule rule) {
        final Episode ep = ctx.connection.episode;
        final long from = (ep != null ? ep.runStart : ctx.runStart().time()) - settings.symptomWindowMs();
        return ctx.eventsFrom(from).stream().filter(rule::isEvidence).toList();
    }

    /** An incident of the MTA as a whole, as it closes: the rule's evidence from its first to {@code now}. */
    List<LoggedEvent> forMta(final MtaState state, final Episode ep, final MtaRule rule, final long now) {
        return state.events.stream().filter(e -> e.time() >= ep.firstSeen && e.time() <= now && rule.isEvidence(e)).toList();
    }
}
