package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.catalog.EventCatalogue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * KB Q194589: under heavy load the MTA keeps reaching its association limit (event 57, or 9280 when the locality
 * table is full) and queues wait for a free association. Load is what makes it a fault: the limit reached
 * {@link #SUSTAINED} times within the symptom window. Once at a peak is not.
 */
public final class Q194589Rule implements MtaRule, LookAlike {

    public static final String KB = "Q194589";
    /** Association-limit events within one symptom window that show sustained load. */
    public static final int SUSTAINED = 2;

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
        final List<LoggedEvent> limit = MtaRule.window(state, now, settings.symptomWindowMs()).stream().filter(this::isEvidence).toList();
        return limit.size() < SUSTAINED ? Optional.empty() : Optional.of(new ConnectionRule.Match(Confidence.HIGH, limit));
    }

    /** Only a new association-limit event can make the window hold enough of them: time passing only thins it. */
    @Override
    public boolean mayOpenOn(final Signal signal, final MtaState state, final long now) {
        return signal instanceof Signal.Event e && isEvidence(e.event());
    }

    /** The limit reached {@link #SUSTAINED} times within one symptom window: this rule reported it then. */
    @Override
    public boolean fits(final List<LoggedEvent> events) {
        final List<LoggedEvent> limit = events.stream().filter(this::isEvidence).toList();
        for (int i = SUSTAINED - 1; i < limit.size(); i++) {
            if (limit.get(i).time() - limit.get(i - SUSTAINED + 1).time() < settings.symptomWindowMs()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<Alternative> partlyFits(final List<LoggedEvent> events) {
        if (fits(events)) {
            return Optional.empty();
        }
        return events.stream().filter(this::isEvidence).findFirst().map(e -> new Alternative(KB, "association limit (" + e.kind()
                + ") at " + Instant.ofEpochMilli(e.time()) + ", but not reached again within "
                + settings.symptomWindowMs() / 60_000 + " min: the MTA's association limit under sustained load (" + KB
                + ") would show it repeatedly"));
    }

    @Override
    public boolean recovered(final MtaState state, final long now, final Episode episode) {
        return MtaRule.window(state, now, settings.symptomWindowMs()).stream().noneMatch(this::isEvidence);
    }

    @Override
    public String recovery(final MtaState state, final long now, final Episode episode) {
        return "no association-limit event for " + settings.symptomWindowMs() / 60_000 + " min";
    }
}
