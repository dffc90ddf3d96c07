package io.mtacorrelator.diagnosis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Samples of different connections at the same second are ordered by their remote MTAs' names without building
 * their sort keys: the order must be the one the keys ({@code remote|point}) give, which decides the order of the
 * incidents, so it cannot change.
 */
class SignalOrderTest {

    private static final long T = 920_275_200_000L; // 1999-03-01T08:00:00Z

    @Test
    void samplesOfOneSecondAreOrderedAsTheirSortKeysOrderThem() {
        // Given: remote names that are prefixes of each other, differ in case, digits and punctuation, or hold a '|'
        final List<String> remotes = List.of("EXCH2", "EXCH20", "EXCH2-B", "EXCH2|X", "EXCH2{", "exch2", "EX", "EXCH1", "A", "Z|", "Z");
        int pairs = 0;
        for (final String r : remotes) {
            for (final String s : remotes) {
                final Signal a = new Signal.Point(r, new QueuePoint(T, 5, 1, 100d, null, null));
                final Signal b = new Signal.Point(s, new QueuePoint(T, 7, 1, null, 0.5d, null));

                // When
                final int order = Signal.EVALUATION_ORDER.compare(a, b);

                // Then: the sign the sort keys' comparison gives
                assertThat(Integer.signum(order)).as("%s vs %s", r, s).isEqualTo(Integer.signum(a.sortKey().compareTo(b.sortKey())));
                pairs++;
            }
        }
        assertThat(pairs).isEqualTo(remotes.size() * remotes.size());
        // Positive control: the keys' order is not the names' order where one name is a prefix of the other
        assertThat("EXCH2".compareTo("EXCH20")).isNegative();
        assertThat(Signal.EVALUATION_ORDER.compare(new Signal.Point("EXCH2", new QueuePoint(T, 1, 1, null, null, null)),
                new Signal.Point("EXCH20", new QueuePoint(T, 1, 1, null, null, null)))).isPositive();
    }
}
