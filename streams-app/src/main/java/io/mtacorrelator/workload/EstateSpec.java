package io.mtacorrelator.workload;

import java.time.Instant;

/**
 * The shape of a generated Exchange estate: how many MTAs, how many connections each, how often counters are
 * sampled, how many records in all and how often faults are planted. Everything else (which MTA ships with which
 * agent, when noise and episodes happen) follows from the seed.
 *
 * @param seed               the same seed gives the same records, byte for byte
 * @param mtas               MTAs in the estate
 * @param connectionsPerMta  remote MTAs each MTA sends to (one MSExchangeMTA Connections instance each)
 * @param records            records to generate; the estate's event time runs as long as that takes
 * @param episodesPerMtaHour planted episodes (Q181721 and look-alikes) per MTA per hour of event time
 * @param sampleSeconds      counter sampling interval (Telegraf's and Metricbeat's period)
 * @param start              event time of the first sample
 */
public record EstateSpec(long seed, int mtas, int connectionsPerMta, long records, double episodesPerMtaHour,
                         int sampleSeconds, Instant start) {

    /** March 1999: an Exchange 5.5 estate on Windows NT 4.0, the article's era. */
    public static final Instant DEFAULT_START = Instant.parse("1999-03-01T06:00:00Z");

    public EstateSpec {
        if (mtas < 1) {
            throw new IllegalArgumentException("mtas must be at least 1, not " + mtas);
        }
        if (connectionsPerMta < 1) {
            throw new IllegalArgumentException("connections per MTA must be at least 1, not " + connectionsPerMta);
        }
        if (records < 1) {
            throw new IllegalArgumentException("records must be at least 1, not " + records);
        }
        if (episodesPerMtaHour < 0 || !Double.isFinite(episodesPerMtaHour)) {
            throw new IllegalArgumentException("episode rate must be a finite number >= 0, not " + episodesPerMtaHour);
        }
        if (sampleSeconds < 1) {
            throw new IllegalArgumentException("sample interval must be at least 1 s, not " + sampleSeconds);
        }
    }

    public static EstateSpec of(final long seed, final int mtas, final int connectionsPerMta, final long records,
                                final double episodesPerMtaHour) {
        return new EstateSpec(seed, mtas, connectionsPerMta, records, episodesPerMtaHour, 15, DEFAULT_START);
    }

    /** Connections tracked by the correlator in this estate. */
    public long connections() {
        return (long) mtas * connectionsPerMta;
    }
}
