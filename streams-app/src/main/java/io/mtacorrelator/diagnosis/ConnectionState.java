package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;

/** What the correlator knows of one connection (sending MTA to one remote MTA). Stored as JSON in the state store. */
public final class ConnectionState {

    public String remoteMta;
    /** Evaluated samples in event-time order, within the retention. */
    public List<QueuePoint> points = new ArrayList<>();
    /**
     * Event time of the first sample of the run of samples (without a shrink, a send or a restart) that ends at the
     * second newest sample: no growth run reaches back beyond it (see {@link Retention}).
     */
    public long runFrom = Long.MIN_VALUE;
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
