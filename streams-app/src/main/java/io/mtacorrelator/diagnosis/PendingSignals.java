package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where signals wait for the evaluation horizon, apart from the MTA's model: adding one is a small append,
 * whatever the number already waiting (with {@code mta.grace.ms=-1} that is a whole input).
 */
public interface PendingSignals {

    /** Keeps a signal of an MTA; {@code seq} is unique per MTA. */
    void add(String mta, long seq, PendingItem item);

    /**
     * Removes and returns the MTA's signals after {@code after} up to {@code upTo} (inclusive), in no particular
     * order. Callers pass the previous horizon as {@code after}: nothing at or before it is waiting, and a store
     * need not walk over what it deleted before.
     */
    List<PendingItem> take(String mta, long after, long upTo);

    /** All the MTA's signals up to {@code upTo}. */
    default List<PendingItem> takeUpTo(final String mta, final long upTo) {
        return take(mta, Long.MIN_VALUE, upTo);
    }

    /** In memory, for tests and callers without a state store. */
    final class InMemory implements PendingSignals {
        private final Map<String, TreeMap<Long, List<PendingItem>>> byMta = new TreeMap<>();

        @Override
        public void add(final String mta, final long seq, final PendingItem item) {
            byMta.computeIfAbsent(mta, k -> new TreeMap<>()).computeIfAbsent(item.time(), t -> new ArrayList<>()).add(item);
        }

        @Override
        public List<PendingItem> take(final String mta, final long after, final long upTo) {
            final TreeMap<Long, List<PendingItem>> items = byMta.get(mta);
            final List<PendingItem> out = new ArrayList<>();
            if (items == null || after >= upTo) {
                return out;
            }
            final Iterator<Map.Entry<Long, List<PendingItem>>> it = items.subMap(after, false, upTo, true).entrySet().iterator();
            while (it.hasNext()) {
                out.addAll(it.next().getValue());
                it.remove();
            }
            return out;
        }
    }
}
