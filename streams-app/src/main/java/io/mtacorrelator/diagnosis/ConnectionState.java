package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;

/** What the correlator knows of one connection (sending MTA to one remote MTA). Stored as JSON in the state store. */
public final class ConnectionState {

    public String remoteMta;
    /** Samples in event-time order, within the retention. */
    public List<QueuePoint> points = new ArrayList<>();
    /** Event time of the last sample the rules have seen. */
    public long lastEvaluatedTime = Long.MIN_VALUE;
    /** The episode currently reported, or null. */
    public Episode episode;

    public ConnectionState() {
    }

    public ConnectionState(final String remoteMta) {
        this.remoteMta = remoteMta;
    }
}
