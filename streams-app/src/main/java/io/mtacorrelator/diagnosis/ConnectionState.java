package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;

/** What the correlator knows of one connection (sending MTA to one remote MTA). Stored as JSON in the state store. */
public final class ConnectionState {

    public String remoteMta;
    /** Evaluated samples in event-time order, within the retention. */
    public List<QueuePoint> points = new ArrayList<>();
    /** The episode currently reported for this connection, or null. */
    public Episode episode;
    /** Event time the connection's last episode ended: the evidence of the next one starts no earlier. */
    public long episodeEnded = Long.MIN_VALUE;

    public ConnectionState() {
    }

    public ConnectionState(final String remoteMta) {
        this.remoteMta = remoteMta;
    }

    public QueuePoint last() {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }
}
