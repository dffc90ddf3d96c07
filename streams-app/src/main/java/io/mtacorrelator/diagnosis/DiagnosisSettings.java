package io.mtacorrelator.diagnosis;

/**
 * Tunables of the rules, all in event time.
 *
 * @param symptomWindowMs    RPC symptoms count toward a diagnosis when they fall in the growth run or this long before it
 * @param minSamples         counter samples the growth run must span before a queue counts as growing
 * @param minQueueGrowth     messages the queue must have gained over the run
 * @param queueThreshold     association Threshold (msgs): the MTA opens a new association at this queue length
 * @param stateRetentionMs   how long samples and symptoms are kept behind the newest event time of an MTA
 */
public record DiagnosisSettings(long symptomWindowMs, int minSamples, int minQueueGrowth, int queueThreshold,
                                long stateRetentionMs) {

    public static DiagnosisSettings defaults() {
        return new DiagnosisSettings(15 * 60_000L, 3, 5, 50, 60 * 60_000L);
    }
}
