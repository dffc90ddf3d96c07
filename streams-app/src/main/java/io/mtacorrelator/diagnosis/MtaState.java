package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Correlation state of one MTA: signals waiting for the evaluation horizon, and the evaluated model (its
 * connections, its recent events, what LTAB index and address belong to which remote MTA, incidents of the MTA
 * as a whole).
 */
public final class MtaState {

    public String mta;
    /** Newest event time seen for this MTA. */
    public long maxEventTime = Long.MIN_VALUE;
    /** Everything at or before this event time has been evaluated; later arrivals before it are late. */
    public long evaluatedUntil = Long.MIN_VALUE;
    /** Signals waiting for the evaluation horizon. */
    public GraceBuffer grace = new GraceBuffer();
    /** Evaluated catalogued events in event-time order, within the retention. */
    public List<LoggedEvent> events = new ArrayList<>();
    /**
     * Identities ({@link LoggedEvent#identity()}) of the evaluated events by event time, within the retention: a
     * redelivery is found by one lookup at its time, not by a scan of the history.
     */
    public TreeMap<Long, List<String>> seenEvents = new TreeMap<>();
    public TreeMap<String, ConnectionState> connections = new TreeMap<>();
    /** LTAB index to remote MTA, learnt from events that identify the remote; rebuilt from scratch at a restart. */
    public TreeMap<Integer, String> ltabToRemote = new TreeMap<>();
    /** Event time each LTAB mapping was last confirmed. */
    public TreeMap<Integer, Long> ltabLearnt = new TreeMap<>();
    /** Remote network address (from a 9277's binding string) last seen on each LTAB index since the restart. */
    public TreeMap<Integer, String> ltabAddress = new TreeMap<>();
    /** Remote network address to remote MTA: survives restarts (the MTA renumbers its slots, not its remotes). */
    public TreeMap<String, String> addressToRemote = new TreeMap<>();
    /** Event time each address mapping was last confirmed. */
    public TreeMap<String, Long> addressLearnt = new TreeMap<>();
    /** The newest evaluated MSExchangeMTA Work Queue Length sample, [time, length], within the retention; or null. */
    public long[] lastWorkQueue;
    /** Event times of MTA restarts (9298) within the retention. */
    public List<Long> restarts = new ArrayList<>();
    /** Open incidents of the MTA as a whole, by article. */
    public TreeMap<String, Episode> mtaEpisodes = new TreeMap<>();
    /** Event time the last incident of the MTA as a whole ended, by article (a new one's evidence starts after it). */
    public TreeMap<String, Long> mtaEpisodeEnded = new TreeMap<>();

    /** Connections with an incident open (derived from {@code connections}; kept to skip them all when zero). */
    public int openConnectionEpisodes;
    /** A stale close ended the MTA's incidents: its MTA rules are asked again at its next signal. */
    public boolean recheckMtaRules;

    /**
     * Which connections the retention may trim next (see {@link Retention}): derived from {@code connections}, so not
     * stored; null until the first pass over them after the state was made or read back.
     */
    PointTrimOrder trimOrder;
    /** No address or LTAB mapping was last confirmed before this event time (a lower bound; derived, not stored). */
    long earliestMappingConfirmed = Long.MIN_VALUE;

    public MtaState() {
    }

    public MtaState(final String mta) {
        this.mta = mta;
    }

    /** Remembers an evaluated event; false when one of the same time and identity was seen already (a redelivery). */
    public boolean firstDelivery(final LoggedEvent e) {
        final List<String> atThatTime = seenEvents.computeIfAbsent(e.time(), t -> new ArrayList<>(1));
        if (atThatTime.contains(e.identity())) {
            return false;
        }
        atThatTime.add(e.identity());
        return true;
    }

    public boolean restartedBetween(final long from, final long to) {
        for (final long t : restarts) {
            if (t > from && t <= to) {
                return true;
            }
        }
        return false;
    }
}
