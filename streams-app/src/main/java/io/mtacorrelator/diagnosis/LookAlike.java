package io.mtacorrelator.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * An article that can explain the symptoms another rule diagnoses (the differential diagnosis of DOMAIN.md).
 * The veto rule: only a look-alike whose whole pattern is present explains the symptoms away; part of its
 * pattern (one stray event) is named as an {@link Alternative} and lowers the confidence, it never silences.
 */
public interface LookAlike {

    String kb();

    /** Whether the events (of a connection's window) hold this article's whole pattern. */
    boolean fits(List<LoggedEvent> events);

    /** When the events hold part of this article's pattern but not all of it: what was seen and what is missing. */
    Optional<Alternative> partlyFits(List<LoggedEvent> events);

    /** A look-alike recognised by the events of an {@link EventPattern}. */
    interface ByPattern extends LookAlike {

        EventPattern pattern();

        @Override
        default boolean fits(final List<LoggedEvent> events) {
            return pattern().complete(events);
        }

        @Override
        default Optional<Alternative> partlyFits(final List<LoggedEvent> events) {
            return pattern().partly(events);
        }
    }

    /** Every look-alike that partly fits, in the given order. */
    static List<Alternative> partlyFitting(final List<? extends LookAlike> lookAlikes, final List<LoggedEvent> events) {
        return lookAlikes.stream().map(l -> l.partlyFits(events)).flatMap(Optional::stream).toList();
    }

    /** Whether any look-alike's whole pattern is present. */
    static boolean anyFits(final List<? extends LookAlike> lookAlikes, final List<LoggedEvent> events) {
        return lookAlikes.stream().anyMatch(l -> l.fits(events));
    }
}
