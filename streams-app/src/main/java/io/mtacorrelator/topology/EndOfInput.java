package io.mtacorrelator.topology;

import org.apache.kafka.common.header.Headers;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which end-of-input markers a correlation task has seen (see {@link ControlRecords}): the input is complete for it
 * once the marker of every raw source has arrived on every normalised topic it reads. Held in memory only: after a
 * rebalance between markers the idle fallback takes over (documented).
 */
final class EndOfInput {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EndOfInput.class);

    private final Set<String> inputTopics;
    private final Map<String, Set<String>> seen = new HashMap<>();

    EndOfInput(final Set<String> inputTopics) {
        this.inputTopics = Set.copyOf(inputTopics);
    }

    /** A marker arrived on {@code topic}; true when the input is now complete (and the count starts again). */
    boolean arrived(final String topic, final Headers headers) {
        final String source = DeadLetterHeaders.get(headers, ControlRecords.SOURCE);
        final String sources = DeadLetterHeaders.get(headers, ControlRecords.SOURCES);
        final int expected;
        try {
            expected = Integer.parseInt(sources == null ? "" : sources.trim());
        } catch (NumberFormatException e) {
            // Without the count it cannot be known when the input is complete: flushing now could be too early.
            LOG.warn("Ignoring an end-of-input marker without a valid {} header ({}): nothing is flushed for it",
                    ControlRecords.SOURCES, sources);
            return false;
        }
        seen.computeIfAbsent(topic, t -> new HashSet<>()).add(source);
        final boolean complete = inputTopics.stream().allMatch(t -> seen.getOrDefault(t, Set.of()).size() >= expected);
        if (complete) {
            seen.clear();
        }
        return complete;
    }
}
