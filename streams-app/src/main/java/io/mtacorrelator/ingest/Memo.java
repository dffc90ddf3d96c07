package io.mtacorrelator.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Remembers the results of a pure function of short strings that records repeat (counter names, host names), so that
 * the regular expressions and case folding behind them run once per spelling rather than once per record. Bounded:
 * past {@value #MAX_ENTRIES} spellings (a stream of random names), or for keys over {@value #MAX_KEY_LENGTH}
 * characters, results are computed without being kept.
 */
final class Memo {

    static final int MAX_ENTRIES = 10_000;
    /** Longer keys are not remembered (names are short; a damaged record's field may be long). */
    static final int MAX_KEY_LENGTH = 128;

    private final Map<String, String> results = new ConcurrentHashMap<>();

    /** {@code function.apply(key)}, remembered; a null result is not remembered. */
    String get(final String key, final UnaryOperator<String> function) {
        if (key.length() > MAX_KEY_LENGTH) {
            return function.apply(key);
        }
        final String known = results.get(key);
        if (known != null) {
            return known;
        }
        final String result = function.apply(key);
        if (result != null && results.size() < MAX_ENTRIES) {
            results.put(key, result);
        }
        return result;
    }
}
