package io.mtacorrelator.topology;

/**
 * Names of the ingest counters. Every raw record is counted as read and as exactly one of parsed, ignored
 * or dead-lettered, so read = parsed + ignored + dead-lettered holds at all times.
 * Metric group {@code stream-mta-correlator-metrics}, names {@code <operation>-total} and {@code <operation>-rate}.
 */
public final class IngestMetrics {

    public static final String SCOPE = "mta-correlator";
    public static final String GROUP = "stream-" + SCOPE + "-metrics";
    public static final String ENTITY = "ingest";
    public static final String READ = "records-read";
    public static final String PARSED = "records-parsed";
    public static final String IGNORED = "records-ignored";
    public static final String DEAD_LETTERED = "records-dead-lettered";
    /** Normalised signals that arrived behind their MTA's evaluation horizon (older than the grace): set aside. */
    public static final String LATE = "records-late";

    private IngestMetrics() {
    }
}
