package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;

import java.util.List;
import java.util.Optional;

/** KB Q194589: under heavy load the MTA reaches its association limit (event 57) and queues wait for a free one. */
public final class Q194589Rule implements MtaRule {

    public static final String KB = "Q194589";

    private final DiagnosisSettings settings;

    public Q194589Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return e.is(EventCatalogue.ASSOCIATION_LIMIT) || e.is(EventCatalogue.LOCALITY_TABLE_FULL);
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public Optional<ConnectionRule.Match> match(final MtaState state, final long now) {
        final List<LoggedEvent> limit = MtaRule.window(state, now, settings.symptomWindowMs()).stream()
                .filter(e -> e.is(EventCatalogue.ASSOCIATION_LIMIT) || e.is(EventCatalogue.LOCALITY_TABLE_FULL)).toList();
        return limit.isEmpty() ? Optional.empty() : Optional.of(new ConnectionRule.Match(Confidence.HIGH, limit));
    }

    @Override
    public boolean recovered(final MtaState state, final long now, final Episode episode) {
        return match(state, now).isEmpty();
    }

    @Override
    public String recovery(final MtaState state, final long now, final Episode episode) {
        return "no association-limit event for " + settings.symptomWindowMs() / 60_000 + " min";
    }
}
