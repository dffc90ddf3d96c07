package io.mtacorrelator.workload;

/**
 * A fault the generator put into the estate on purpose, so that a run can be scored: which article it is, where,
 * and from when to when in event time.
 *
 * @param kb        the article whose picture was planted (Q181721, or a look-alike)
 * @param mta       the sending MTA
 * @param remote    the remote MTA of a connection fault; null for a fault of the MTA as a whole (Q189494)
 * @param startMs   event time of the first sample or event of the fault
 * @param decisiveMs event time from which the planted evidence is complete: queue growth past the rules'
 *                  minimum over enough samples, with the article's events logged
 * @param endMs     event time the fault is over (recovery), or the end of the estate's time if it was still on
 */
public record PlantedEpisode(String kb, String mta, String remote, long startMs, long decisiveMs, long endMs) {

    /** Whether an incident of this article, MTA and remote that began at {@code firstSeenMs} is this episode. */
    public boolean matches(final String incidentKb, final String incidentMta, final String incidentRemote,
                           final long firstSeenMs, final long marginMs) {
        return kb.equals(incidentKb) && mta.equals(incidentMta)
                && (remote == null ? incidentRemote == null : remote.equals(incidentRemote))
                && firstSeenMs >= startMs - marginMs && firstSeenMs <= endMs;
    }
}
