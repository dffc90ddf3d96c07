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
import java.util.OptionalLong;
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

    /** evidence.sentCounter: whether the growth's samples carried a sent counter. */
    static final String SHIPPED = "shipped";
    static final String NOT_SHIPPED = "not shipped";
    static final String PARTLY_SHIPPED = "partly shipped";

    /** Width of the buckets the evidence start is put in for the id. */
    static final long ID_BUCKET_MS = 1000;

    /**
     * The id of an episode, from its own identity alone: the article, the MTA, the remote MTA (none for an
     * incident of the MTA as a whole) and the event time its evidence began, in whole seconds. Nothing counted
     * over earlier history goes in, so processing that starts at any later offset still holding the start of the
     * episode, or after a state wipe, with any grace, gives the same id, and a SIEM de-duplicating by id sees one
     * incident.
     * <p>
     * The evidence start is the first sample of the growth run (connection incidents) or the first event of the
     * evidence (incidents of an MTA), and never before the end of the previous episode of the same connection or
     * article. Whole seconds: event-log times have one-second resolution, and the same sample is stamped in
     * seconds by Telegraf but in milliseconds by Metricbeat, so shippers of the same evidence agree. Two episodes
     * of one connection cannot share a second: the next one's evidence starts at or after the sample that ended the
     * previous one, which is later than the previous one's start by a whole growth run. An episode that was already
     * open when the input began starts where the input shows its evidence beginning (its first growth sample in
     * the input), so it gets another id than it would from the start of the episode; every later episode does not.
     */
    static String incidentId(final String kb, final String mta, final String remote, final long evidenceStart) {
        final String name = kb + "|" + mta + "|" + (remote == null ? "" : remote) + "|" + Math.floorDiv(evidenceStart, ID_BUCKET_MS);
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
        int stepsSeen = 0;
        int steps = 0;
        if (conn != null && point != null) {
            for (int i = 0; i <= at && i < conn.points.size(); i++) {
                final QueuePoint p = conn.points.get(i);
                if (p.time() < ep.runStart) {
                    continue;
                }
                samples++;
                if (i > 0 && conn.points.get(i - 1).time() >= ep.runStart) {
                    final QueuePoint prev = conn.points.get(i - 1);
                    final OptionalLong step = p.sentSince(prev, ConnectionContext.restartedBetween(state, prev, p));
                    steps++;
                    if (step.isPresent()) {
                        stepsSeen++;
                        sent += step.getAsLong();
                    }
                }
            }
        }
        final String sentCounter = conn == null || point == null ? null : sentCounter(stepsSeen, steps, point);
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
                .setSentCounter(sentCounter)
                .setAlternatives(ep.alternatives.stream().map(a -> io.mtacorrelator.avro.Alternative.newBuilder()
                        .setKb(a.kb()).setWhy(a.why()).build()).toList())
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
                .setSummary(summary(status, ep, state, point, counts, resolution, NOT_SHIPPED.equals(sentCounter)))
                .setEvidence(ev)
                .setRemediation(Remediations.forKb(ep.kb, state.mta, ep.remote, settings.queueThreshold(), eta))
                .build();
    }

    /** Whether the steps of the run showed sending (a run of one sample: whether that sample carries a sent counter). */
    private static String sentCounter(final int stepsSeen, final int steps, final QueuePoint point) {
        if (steps == 0) {
            return point.showsSends() ? SHIPPED : NOT_SHIPPED;
        }
        return stepsSeen == steps ? SHIPPED : stepsSeen == 0 ? NOT_SHIPPED : PARTLY_SHIPPED;
    }

    private static String summary(final IncidentStatus status, final Episode ep, final MtaState state, final QueuePoint point,
                                  final Map<String, Integer> counts, final String resolution, final boolean sendsUnseen) {
        final String where = ep.remote == null ? state.mta : state.mta + " to " + ep.remote;
        if (status == IncidentStatus.RESOLVED) {
            return ep.kb + " on " + where + " is over: " + resolution + ".";
        }
        final String events = counts.isEmpty() ? "" : " Events: " + String.join(", ", counts.keySet()) + ".";
        return also(ep, switch (ep.kb) {
            case Q181721Rule.KB -> "Queue from " + state.mta + " to " + ep.remote + " grew from " + ep.queueAtStart + " to "
                    + (point == null ? ep.peakQueue : point.queueLength()) + " messages over an open association with "
                    + (sendsUnseen ? "no sent counter shipped (whether anything was sent cannot be seen)" : "nothing sent")
                    + ", with the article's RPC errors: messages not delivered over an association (Q181721)." + events;
            case Q170056Rule.KB -> "No association from " + state.mta + " to " + ep.remote + " while its queue grows to "
                    + (point == null ? ep.peakQueue : point.queueLength()) + " and RPC binds fail: the remote MTA is down or "
                    + "unreachable (Q170056)." + events;
            default -> KbArticle.of(ep.kb).title() + " on " + where + " (" + ep.kb + ")." + events;
        });
    }

    /** The summary, naming the competing explanations. */
    private static String also(final Episode ep, final String summary) {
        return ep.alternatives.isEmpty() ? summary
                : summary + " Also possible: " + String.join(", ", ep.alternatives.stream().map(Alternative::kb).toList()) + ".";
    }
}
