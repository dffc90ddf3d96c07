package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.RpcSymptom;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Turns an episode and the evidence at hand into the Avro incident SIEMs and operators receive. */
final class IncidentFactory {

    /** Supporting events listed in one incident; the counts cover all of them. */
    static final int MAX_LISTED_EVENTS = 10;

    private final DiagnosisSettings settings;

    IncidentFactory(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    /** Same input, same id: from the article, the MTA, the connection, the event time the episode began and its ordinal. */
    static String incidentId(final String kb, final String mta, final String remote, final long start, final int ordinal) {
        final String name = kb + "|" + mta + "|" + (remote == null ? "" : remote) + "|" + start + "|" + ordinal;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param conn       the connection of a connection incident, null for an incident of the MTA
     * @param at         index of the current sample in {@code conn.points} (ignored without a connection)
     * @param now        event time of the state change
     * @param evidence   the events the diagnosis rests on
     * @param resolution what closed it, for RESOLVED
     */
    Incident build(final IncidentStatus status, final Episode ep, final MtaState state, final ConnectionState conn, final int at,
                   final long now, final List<LoggedEvent> evidence, final CloseReason closeReason, final String resolution) {
        final KbArticle article = KbArticle.of(ep.kb);
        final QueuePoint point = conn == null || conn.points.isEmpty() ? null : conn.points.get(Math.min(at, conn.points.size() - 1));
        final int queue = point == null ? 0 : point.queueLength();
        final double minutes = point == null ? 0 : (point.time() - ep.runStart) / 60_000d;
        final double growthPerMinute = minutes > 0 ? Math.max(0, ep.peakQueue - ep.queueAtStart) / minutes : 0d;
        Instant eta = null;
        if (point != null && status != IncidentStatus.RESOLVED && growthPerMinute > 0 && queue < settings.queueThreshold()) {
            eta = Instant.ofEpochMilli(point.time() + Math.round((settings.queueThreshold() - queue) / growthPerMinute * 60_000d));
        }
        final Map<String, Integer> counts = new TreeMap<>();
        evidence.forEach(e -> counts.merge(e.kind(), 1, Integer::sum));
        final TreeSet<Integer> ltabs = new TreeSet<>();
        evidence.stream().map(LoggedEvent::ltabIndex).filter(Objects::nonNull).forEach(ltabs::add);
        long sent = 0;
        int samples = 0;
        if (conn != null && point != null) {
            for (int i = 0; i <= at && i < conn.points.size(); i++) {
                final QueuePoint p = conn.points.get(i);
                if (p.time() < ep.runStart) {
                    continue;
                }
                samples++;
                if (i > 0 && conn.points.get(i - 1).time() >= ep.runStart) {
                    final QueuePoint prev = conn.points.get(i - 1);
                    sent += p.sentSince(prev, state.restartedBetween(prev.time(), p.time()));
                }
            }
        }
        final Evidence ev = Evidence.newBuilder()
                .setQueueLength(queue)
                .setQueueAtStart(ep.queueAtStart)
                .setQueueThreshold(settings.queueThreshold())
                .setQueueGrowthPerMinute(Math.round(growthPerMinute * 100d) / 100d)
                .setEstimatedThresholdAt(eta)
                .setAssociations(point == null ? 0 : point.associations())
                .setMessagesSentDuringGrowth(sent)
                .setSamples(samples)
                .setSymptoms(evidence.stream().limit(MAX_LISTED_EVENTS).map(e -> RpcSymptom.newBuilder()
                        .setEventId(e.eventId())
                        .setTimestamp(Instant.ofEpochMilli(e.time()))
                        .setNtError(e.ntError())
                        .setOperation(e.operation())
                        .setLtabIndex(e.ltabIndex())
                        .build()).toList())
                .setSymptomCounts(counts)
                .setLtabIndexes(new ArrayList<>(ltabs))
                .setResolution(resolution)
                .build();
        return Incident.newBuilder()
                .setIncidentId(ep.incidentId)
                .setKb(ep.kb)
                .setTitle(article.title())
                .setStatus(status)
                .setSeverity(article.severity())
                .setConfidence(Confidence.valueOf(ep.confidence))
                .setRiskScore(article.riskScore())
                .setMta(state.mta)
                .setRemoteMta(ep.remote)
                .setFirstSeen(Instant.ofEpochMilli(ep.firstSeen))
                .setLastSeen(Instant.ofEpochMilli(Math.max(ep.lastSeen, ep.firstSeen)))
                .setDetectedAt(Instant.ofEpochMilli(ep.detectedAt))
                .setResolvedAt(status == IncidentStatus.RESOLVED ? Instant.ofEpochMilli(now) : null)
                .setCloseReason(closeReason)
                .setSummary(summary(status, ep, state, point, counts, resolution))
                .setEvidence(ev)
                .setRemediation(Remediations.forKb(ep.kb, state.mta, ep.remote, settings.queueThreshold(), eta))
                .build();
    }

    private static String summary(final IncidentStatus status, final Episode ep, final MtaState state, final QueuePoint point,
                                  final Map<String, Integer> counts, final String resolution) {
        final String where = ep.remote == null ? state.mta : state.mta + " to " + ep.remote;
        if (status == IncidentStatus.RESOLVED) {
            return ep.kb + " on " + where + " is over: " + resolution + ".";
        }
        final String events = counts.isEmpty() ? "" : " Events: " + String.join(", ", counts.keySet()) + ".";
        return switch (ep.kb) {
            case Q181721Rule.KB -> "Queue from " + state.mta + " to " + ep.remote + " grew from " + ep.queueAtStart + " to "
                    + (point == null ? ep.peakQueue : point.queueLength()) + " messages over an open association with nothing "
                    + "sent, with the article's RPC errors: messages not delivered over an association (Q181721)." + events;
            case Q170056Rule.KB -> "No association from " + state.mta + " to " + ep.remote + " while its queue grows to "
                    + (point == null ? ep.peakQueue : point.queueLength()) + " and RPC binds fail: the remote MTA is down or "
                    + "unreachable (Q170056)." + events;
            default -> KbArticle.of(ep.kb).title() + " on " + where + " (" + ep.kb + ")." + events;
        };
    }
}
