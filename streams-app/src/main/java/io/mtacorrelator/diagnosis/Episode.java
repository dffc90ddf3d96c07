package io.mtacorrelator.diagnosis;

import java.util.TreeSet;

/** An open incident of one connection: what has been reported, so only material changes are reported again. */
public final class Episode {

    public String incidentId;
    public String kb;
    public long runStart;
    public int queueAtStart;
    public int maxQueue;
    public long firstSeen;
    public long detectedAt;
    public long lastSeen;
    public String confidence;
    /** Highest queue level (see {@link Q181721Rule#level}) already reported. */
    public int levelReported;
    public TreeSet<String> symptomKinds = new TreeSet<>();
    public int updates;
}
