package io.mtacorrelator.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The figures of one fault test for the closing note, derived from the incident state changes expected (from an
 * uninterrupted run) and those seen on the incident topic (read to its end, {@code read_committed}): a change seen
 * more often than expected is a duplicate, one expected and not seen (as often) is lost, one not expected at all is
 * unexpected. Each change is one incident's state change as a canonical JSON line.
 */
public record FaultTally(String test, long recordsPushed, String fault, int incidentsExpected, int incidentsSeen,
                         int changesExpected, int changesSeen, int duplicates, int lost, int unexpected) {

    public static FaultTally of(final String test, final long recordsPushed, final String fault,
                                final Map<String, List<String>> expected, final Map<String, List<String>> seen) {
        int duplicates = 0;
        int lost = 0;
        int unexpected = 0;
        final Set<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(seen.keySet());
        for (final String id : ids) {
            final Map<String, Integer> want = counts(expected.getOrDefault(id, List.of()));
            final Map<String, Integer> got = counts(seen.getOrDefault(id, List.of()));
            for (final Map.Entry<String, Integer> e : got.entrySet()) {
                final int wanted = want.getOrDefault(e.getKey(), 0);
                if (wanted == 0) {
                    unexpected += e.getValue();
                } else if (e.getValue() > wanted) {
                    duplicates += e.getValue() - wanted;
                }
            }
            for (final Map.Entry<String, Integer> e : want.entrySet()) {
                lost += Math.max(0, e.getValue() - got.getOrDefault(e.getKey(), 0));
            }
        }
        return new FaultTally(test, recordsPushed, fault, expected.size(), seen.size(), total(expected), total(seen), duplicates,
                lost, unexpected);
    }

    /** One line, printed by each test: what went in, what was broken, what came out. */
    public String line() {
        return String.format("FAULT %s: records pushed %,d; fault: %s; incidents expected %d, seen %d; state changes expected %d,"
                        + " seen %d; duplicates %d, lost %d, unexpected %d", test, recordsPushed, fault, incidentsExpected, incidentsSeen,
                changesExpected, changesSeen, duplicates, lost, unexpected);
    }

    /** Prints {@link #line()} and returns this. */
    public FaultTally print() {
        System.out.println(line());
        return this;
    }

    private static Map<String, Integer> counts(final List<String> changes) {
        final Map<String, Integer> out = new HashMap<>();
        changes.forEach(c -> out.merge(c, 1, Integer::sum));
        return out;
    }

    private static int total(final Map<String, List<String>> byId) {
        return byId.values().stream().mapToInt(List::size).sum();
    }
}
