package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** An open incident: what has been reported, so that only material changes are reported again. */
public final class Episode {

    public String incidentId;
    public String kb;
    /** Remote MTA of a connection incident; null for an incident of the MTA as a whole. */
    public String remote;
    public long runStart;
    /** Event time the episode's evidence began: what its id is derived from (see {@link IncidentFactory#incidentId}). */
    public long evidenceStart;
    public int queueAtStart;
    public int peakQueue;
    public long firstSeen;
    public long detectedAt;
    public long lastSeen;
    public String confidence;
    /** Highest queue level (see {@link Q181721Rule#level}) already reported. */
    public int levelReported;
    public TreeSet<String> evidenceKinds = new TreeSet<>();
    /** Competing explanations last reported. */
    public List<Alternative> alternatives = new ArrayList<>();
}
