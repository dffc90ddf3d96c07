package io.mtacorrelator.diagnosis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A look-alike's event pattern as named parts, each of which some event must show for the pattern to be
 * complete. Only distinctive parts make it come to mind: a failed bind alone is a remote that is down, not
 * account validation over RAS.
 *
 * @param kb      the article
 * @param picture what the article is, in a few words
 * @param parts   its parts
 */
public record EventPattern(String kb, String picture, List<Part> parts) {

    /** One part: what it is called in an incident, which events show it, and whether it points at this article. */
    public record Part(String name, Predicate<LoggedEvent> shownBy, boolean distinctive) {
    }

    /** Whether the event shows one of the parts. */
    boolean shows(final LoggedEvent event) {
        return parts.stream().anyMatch(p -> p.shownBy().test(event));
    }

    boolean complete(final List<LoggedEvent> events) {
        return parts.stream().allMatch(p -> events.stream().anyMatch(p.shownBy()));
    }

    /** What was seen of the pattern and what is missing, when a distinctive part is there but not the whole. */
    Optional<Alternative> partly(final List<LoggedEvent> events) {
        if (complete(events) || parts.stream().filter(Part::distinctive).noneMatch(p -> events.stream().anyMatch(p.shownBy()))) {
            return Optional.empty();
        }
        final String seen = parts.stream()
                .map(p -> events.stream().filter(p.shownBy()).findFirst().map(e -> p.name() + " at " + Instant.ofEpochMilli(e.time())))
                .flatMap(Optional::stream).collect(Collectors.joining(", "));
        final String missing = parts.stream().filter(p -> events.stream().noneMatch(p.shownBy())).map(Part::name)
                .collect(Collectors.joining(", "));
        return Optional.of(new Alternative(kb, seen + "; but no " + missing + ": " + picture + " (" + kb + ") would show all of "
                + parts.stream().map(Part::name).collect(Collectors.joining(", "))));
    }
}
