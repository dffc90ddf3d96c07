package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;

import java.util.List;
import java.util.Optional;

/**
 * KB Q181721: the sending MTA holds an open association to the remote MTA, its queue to that MTA keeps
 * growing, nothing is sent, and the MTA logs the article's RPC symptoms (9316 with error 1727, 9277 RPC
 * cancels during MtaBind). Delivery resumes when the queue reaches the association threshold and the MTA
 * opens a new association.
 */
public final class Q181721Rule {

    public static final String KB = "Q181721";

    private final DiagnosisSettings settings;

    public Q181721Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    /**
     * The decision at one sample.
     *
     * @param runStart   index of the first sample of the growth run
     * @param at         index of the sample the decision is made at
     * @param symptoms   the article's symptoms that support it
     */
    public record Assessment(int runStart, int at, List<RpcSymptom> symptoms, Confidence confidence) {
    }

    /**
     * Index of the first sample of the run that ends at {@code at}: every step of it has an association open,
     * a queue that did not shrink and no message sent.
     */
    public static int runStart(final List<QueuePoint> points, final int at) {
        if (points.get(at).associations() < 1) {
            return at;
        }
        int start = at;
        while (start > 0) {
            final QueuePoint prev = points.get(start - 1);
            final QueuePoint cur = points.get(start);
            if (prev.associations() < 1 || cur.queueLength() < prev.queueLength() || cur.sentSince(prev) > 0) {
                break;
            }
            start--;
        }
        return start;
    }

    public Optional<Assessment> assess(final List<QueuePoint> points, final int at, final List<RpcSymptom> symptoms) {
        final QueuePoint now = points.get(at);
        if (now.associations() < 1) {
            // No association: nothing to be stuck on. A remote that is down (Q170056) looks like this.
            return Optional.empty();
        }
        final int start = runStart(points, at);
        if (at - start + 1 < settings.minSamples()) {
            return Optional.empty();
        }
        final QueuePoint first = points.get(start);
        if (now.queueLength() - first.queueLength() < settings.minQueueGrowth()) {
            return Optional.empty();
        }
        final List<RpcSymptom> supporting = supportingSymptoms(symptoms, first.time(), now.time());
        if (supporting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Assessment(start, at, supporting, confidence(supporting)));
    }

    /** The article's symptoms between the symptom window before the run and {@code until}. */
    public List<RpcSymptom> supportingSymptoms(final List<RpcSymptom> symptoms, final long runStartTime, final long until) {
        final long from = runStartTime - settings.symptomWindowMs();
        return symptoms.stream()
                .filter(RpcSymptom::isQ181721Symptom)
                .filter(s -> s.time() >= from && s.time() <= until)
                .toList();
    }

    /** HIGH when both of the article's symptoms are present, MEDIUM on one of them. */
    public static Confidence confidence(final List<RpcSymptom> supporting) {
        final long kinds = supporting.stream().map(RpcSymptom::kind).distinct().count();
        return kinds >= 2 ? Confidence.HIGH : Confidence.MEDIUM;
    }

    /** Delivery has resumed when messages went out and the queue fell below its peak. */
    public static boolean deliveryResumed(final QueuePoint previous, final QueuePoint current, final int peakQueue) {
        return current.sentSince(previous) > 0 && current.queueLength() < peakQueue;
    }

    /**
     * Queue levels worth an update: 0 below half the threshold, 1 from half, 2 from 80 %, 3 at the threshold.
     * Bounded, so a long episode yields a bounded number of updates.
     */
    public int level(final int queueLength) {
        final int threshold = settings.queueThreshold();
        if (queueLength >= threshold) {
            return 3;
        } else if (queueLength * 10 >= threshold * 8) {
            return 2;
        } else if (queueLength * 2 >= threshold) {
            return 1;
        }
        return 0;
    }
}
