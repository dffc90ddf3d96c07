package io.mtacorrelator.diagnosis;

import io.mtacorrelator.catalog.EventCatalogue;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which remote MTA an event concerns, decided once, when the event is evaluated, from what the MTA had shown by
 * then: the remote server the event names; else the remote its binding-string address is known to be; else the
 * remote its LTAB index is known to stand for. What is learnt: an LTAB index stands for the remote an event on it
 * identifies (by name or address) until the MTA restarts and rebuilds its table; an address stands for a remote
 * across restarts. Mappings not confirmed within the retention are forgotten (slots and addresses get reused).
 */
final class Attribution {

    private Attribution() {
    }

    /** The event attributed as of its own time, after learning what it shows. Call in event-time order. */
    static LoggedEvent attribute(final MtaState state, final LoggedEvent e) {
        if (e.is(EventCatalogue.MTA_STARTED)) {
            // The MTA rebuilds its locality table when it starts: what an index meant before is void.
            state.ltabToRemote.clear();
            state.ltabLearnt.clear();
            state.ltabAddress.clear();
        }
        final Integer ltab = e.ltabIndex();
        final String address = e.remoteAddress();
        if (ltab != null && address != null) {
            state.ltabAddress.put(ltab, address);
        }
        String identified = e.remoteServer();
        if (identified == null && address != null) {
            identified = state.addressToRemote.get(address);
        }
        if (identified != null) {
            if (ltab != null) {
                state.ltabToRemote.put(ltab, identified);
                state.ltabLearnt.put(ltab, e.time());
            }
            final String slotAddress = address != null ? address : ltab == null ? null : state.ltabAddress.get(ltab);
            if (slotAddress != null) {
                state.addressToRemote.put(slotAddress, identified);
                state.addressLearnt.put(slotAddress, e.time());
            }
            return e.attributedTo(identified);
        }
        final String bySlot = ltab == null ? null : state.ltabToRemote.get(ltab);
        if (bySlot != null && address != null) {
            state.addressToRemote.put(address, bySlot);
            state.addressLearnt.put(address, e.time());
        }
        return e.attributedTo(bySlot);
    }

    /**
     * Forgets mappings last confirmed before {@code horizon}; returns the earliest confirmation kept (or the horizon
     * when none is), before which the next call has nothing to forget: mappings are confirmed in evaluation order.
     */
    static long expire(final MtaState state, final long horizon) {
        // ltabAddress needs no expiry: one entry per slot of the locality table, cleared at each restart.
        return Math.min(expire(state.ltabLearnt, state.ltabToRemote, horizon),
                expire(state.addressLearnt, state.addressToRemote, horizon));
    }

    private static <K> long expire(final TreeMap<K, Long> learnt, final Map<K, String> mapping, final long horizon) {
        long earliestKept = horizon;
        for (final var it = learnt.entrySet().iterator(); it.hasNext(); ) {
            final Map.Entry<K, Long> entry = it.next();
            if (entry.getValue() < horizon) {
                mapping.remove(entry.getKey());
                it.remove();
            } else {
                earliestKept = Math.min(earliestKept, entry.getValue());
            }
        }
        return earliestKept;
    }
}
