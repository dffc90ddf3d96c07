package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Correlation state of one MTA: signals waiting for the evaluation horizon, and the evaluated model (its
 * connections, its recent events, what LTAB index belongs to which remote MTA, incidents of the MTA as a whole).
 */
public final class MtaState {

    public String mta;
    /** Newest event time seen for this MTA. */
    public long maxEventTime = Long.MIN_VALUE;
    /** Everything at or before this event time has been evaluated; later arrivals before it are late. */
    public long evaluatedUntil = Long.MIN_VALUE;
    /** Signals waiting in {@link PendingSignals}, and the sequence number of the next one. */
    public long pendingCount;
    public long pendingSeq;
    /** Evaluated catalogued events in event-time order, within the retention. */
    public List<LoggedEvent> events = new ArrayList<>();
    public TreeMap<String, ConnectionState> connections = new TreeMap<>();
    /** LTAB index to remote MTA, learnt from events that name both. */
    public TreeMap<Integer, String> ltabToRemote = new TreeMap<>();
    /** Event time each LTAB mapping was last seen. */
    public TreeMap<Integer, Long> ltabLearnt = new TreeMap<>();
    /** Evaluated MSExchangeMTA Work Queue Length samples: [time, length]. */
    public List<long[]> workQueue = new ArrayList<>();
    /** Event times of MTA restarts (9298) within the retention. */
    public List<Long> restarts = new ArrayList<>();
    /** Open incidents of the MTA as a whole, by article. */
    public TreeMap<String, Episode> mtaEpisodes = new TreeMap<>();
    /** Ordinal of the next MTA-level episode per article. */
    public TreeMap<String, Integer> mtaEpisodeCount = new TreeMap<>();

    public MtaState() {
    }

    public MtaState(final String mta) {
        this.mta = mta;
    }

    public boolean restartedBetween(final long from, final long to) {
        return restarts.stream().anyMatch(t -> t > from && t <= to);
    }
}
