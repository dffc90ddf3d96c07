package io.mtacorrelator.diagnosis;

/**
 * Tunables of the rules, all in event time.
 *
 * @param symptomWindowMs   events count toward a diagnosis when they fall in the growth run or this long before it
 * @param minSamples        counter samples a growth run must span before a queue counts as growing
 * @param minQueueGrowth    messages the queue must have gained over the run
 * @param queueThreshold    association Threshold (msgs): the MTA opens a new association at this queue length
 * @param stateRetentionMs  how long evaluated samples and events are kept behind an MTA's evaluation horizon
 * @param graceMs           how long behind an MTA's newest event time a record may still arrive and be used;
 *                          {@link Long#MAX_VALUE}: evaluate only when flushed (finite input)
 * @param staleMs           an open incident whose connection has sent no sample for this long (event time) is closed
 * @param floodCount        9277 "RPC inactive" cancels within the symptom window that make a flood (Q189494)
 */
public record DiagnosisSettings(long symptomWindowMs, int minSamples, int minQueueGrowth, int queueThreshold,
                                long stateRetentionMs, long graceMs, long staleMs, int floodCount) {

    public static DiagnosisSettings defaults() {
        return new DiagnosisSettings(15 * 60_000L, 3, 5, 50, 60 * 60_000L, 2 * 60_000L, 30 * 60_000L, 10);
    }

    public DiagnosisSettings withGrace(final long grace) {
        return new DiagnosisSettings(symptomWindowMs, minSamples, minQueueGrowth, queueThreshold, stateRetentionMs, grace,
                staleMs, floodCount);
    }
}
