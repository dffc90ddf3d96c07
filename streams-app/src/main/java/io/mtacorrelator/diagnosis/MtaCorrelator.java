package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.avro.Severity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The correlation of one MTA: plain objects in, incidents out. Samples are evaluated in event-time order,
 * each once; the rules see only evidence at or before the sample they decide on, so the decision does not
 * depend on when records arrive, only on their event times.
 */
public final class MtaCorrelator {

    /** Supporting symptoms listed in one incident; the counts cover all of them. */
    static final int MAX_LISTED_SYMPTOMS = 10;

    private final DiagnosisSettings settings;
    private final Q181721Rule rule;

    public MtaCorrelator(final DiagnosisSettings settings) {
        this.settings = settings;
        this.rule = new Q181721Rule(settings);
    }

    public List<Incident> onSample(final MtaState state, final CounterSample sample) {
        final Optional<QueuePoint> maybePoint = QueuePoint.of(sample);
        if (maybePoint.isEmpty()) {
            return List.of();
        }
        final QueuePoint point = maybePoint.get();
        advanceTime(state, point.time());
        final ConnectionState conn = state.connections.computeIfAbsent(sample.getInstance(), ConnectionState::new);
        insert(conn.points, point);
        prune(state);
        final List<Incident> out = new ArrayList<>();
        for (int i = 0; i < conn.points.size(); i++) {
            if (conn.points.get(i).time() > conn.lastEvaluatedTime) {
                evaluateAt(state, conn, i, out);
                conn.lastEvaluatedTime = conn.points.get(i).time();
            }
        }
        return out;
    }

    public List<Incident> onEvent(final MtaState state, final MtaEvent event) {
        final Optional<RpcSymptom> maybeSymptom = RpcSymptom.of(event);
        if (maybeSymptom.isEmpty()) {
            return List.of();
        }
        final RpcSymptom symptom = maybeSymptom.get();
        advanceTime(state, symptom.time());
        state.symptoms.add(symptom);
        state.symptoms.sort(Comparator.comparingLong(RpcSymptom::time));
        prune(state);
        if (!symptom.isQ181721Symptom()) {
            return List.of();
        }
        final List<Incident> out = new ArrayList<>();
        for (final ConnectionState conn : state.connections.values()) {
            if (conn.episode != null) {
                final Episode ep = conn.episode;
                if (symptom.time() >= ep.runStart - settings.symptomWindowMs() && ep.symptomKinds.add(symptom.kind())) {
                    ep.lastSeen = Math.max(ep.lastSeen, symptom.time());
                    ep.firstSeen = Math.min(ep.firstSeen, symptom.time());
                    final int at = lastEvaluatedIndex(conn);
                    final Confidence confidence = Q181721Rule.confidence(
                            rule.supportingSymptoms(state.symptoms, ep.runStart, Math.max(ep.lastSeen, conn.points.get(at).time())));
                    ep.confidence = confidence.name();
                    ep.updates++;
                    out.add(incident(IncidentStatus.UPDATED, state, conn, at, null));
                }
            } else if (!conn.points.isEmpty() && symptom.time() <= conn.lastEvaluatedTime) {
                // The symptom is behind the samples already decided on: decide the latest of them again with it.
                evaluateAt(state, conn, lastEvaluatedIndex(conn), out);
            }
        }
        return out;
    }

    private void evaluateAt(final MtaState state, final ConnectionState conn, final int at, final List<Incident> out) {
        final QueuePoint now = conn.points.get(at);
        final List<RpcSymptom> known = state.symptoms.stream().filter(s -> s.time() <= now.time()).toList();
        if (conn.episode == null) {
            rule.assess(conn.points, at, known).ifPresent(a -> {
                conn.episode = open(state.mta, conn, a);
                out.add(incident(IncidentStatus.OPEN, state, conn, at, null));
            });
            return;
        }
        final Episode ep = conn.episode;
        ep.lastSeen = Math.max(ep.lastSeen, now.time());
        if (at > 0 && Q181721Rule.deliveryResumed(conn.points.get(at - 1), now, ep.maxQueue)) {
            final String resolution = "delivery resumed: " + now.sentSince(conn.points.get(at - 1))
                    + " message(s) sent, queue " + ep.maxQueue + " -> " + now.queueLength()
                    + ", associations " + now.associations();
            out.add(incident(IncidentStatus.RESOLVED, state, conn, at, resolution));
            conn.episode = null;
            return;
        }
        ep.maxQueue = Math.max(ep.maxQueue, now.queueLength());
        final int level = rule.level(now.queueLength());
        final List<RpcSymptom> supporting = rule.supportingSymptoms(known, ep.runStart, now.time());
        final String confidence = supporting.isEmpty() ? ep.confidence : Q181721Rule.confidence(supporting).name();
        final boolean newKinds = supporting.stream().map(RpcSymptom::kind).anyMatch(k -> !ep.symptomKinds.contains(k));
        if (level > ep.levelReported || !confidence.equals(ep.confidence) || newKinds) {
            ep.levelReported = Math.max(ep.levelReported, level);
            ep.confidence = confidence;
            supporting.forEach(s -> ep.symptomKinds.add(s.kind()));
            ep.updates++;
            out.add(incident(IncidentStatus.UPDATED, state, conn, at, null));
        }
    }

    private Episode open(final String mta, final ConnectionState conn, final Q181721Rule.Assessment a) {
        final QueuePoint first = conn.points.get(a.runStart());
        final QueuePoint now = conn.points.get(a.at());
        final Episode ep = new Episode();
        ep.kb = Q181721Rule.KB;
        ep.runStart = first.time();
        ep.queueAtStart = first.queueLength();
        ep.maxQueue = now.queueLength();
        ep.incidentId = incidentId(ep.kb, mta, conn.remoteMta, ep.runStart);
        final long earliestSymptom = a.symptoms().stream().mapToLong(RpcSymptom::time).min().orElse(first.time());
        ep.firstSeen = Math.min(first.time(), earliestSymptom);
        ep.detectedAt = now.time();
        ep.lastSeen = now.time();
        ep.confidence = a.confidence().name();
        ep.levelReported = rule.level(now.queueLength());
        ep.symptomKinds = new TreeSet<>(a.symptoms().stream().map(RpcSymptom::kind).toList());
        return ep;
    }

    /** Same input, same id: derived from the article, the connection and the event time the episode began. */
    static String incidentId(final String kb, final String mta, final String remote, final long runStart) {
        final String name = kb + "|" + mta + "|" + remote + "|" + runStart;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Incident incident(final IncidentStatus status, final MtaState state, final ConnectionState conn, final int at,
                              final String resolution) {
        final Episode ep = conn.episode;
        final QueuePoint now = conn.points.get(at);
        final int start = Math.max(0, indexAtOrAfter(conn.points, ep.runStart));
        final QueuePoint first = conn.points.get(Math.min(start, at));
        final double minutes = (now.time() - ep.runStart) / 60_000d;
        final double growthPerMinute = minutes > 0 ? (ep.maxQueue - ep.queueAtStart) / minutes : 0d;
        Instant eta = null;
        if (status != IncidentStatus.RESOLVED && growthPerMinute > 0 && now.queueLength() < settings.queueThreshold()) {
            final double minutesLeft = (settings.queueThreshold() - now.queueLength()) / growthPerMinute;
            eta = Instant.ofEpochMilli(now.time() + Math.round(minutesLeft * 60_000d));
        }
        final long until = Math.max(now.time(), ep.lastSeen);
        final List<RpcSymptom> supporting = rule.supportingSymptoms(state.symptoms, ep.runStart, until);
        final Map<String, Integer> counts = new TreeMap<>();
        supporting.forEach(s -> counts.merge(s.kind(), 1, Integer::sum));
        final TreeSet<Integer> ltabs = new TreeSet<>();
        supporting.stream().map(RpcSymptom::ltabIndex).filter(java.util.Objects::nonNull).forEach(ltabs::add);
        long sent = 0;
        for (int i = start + 1; i <= at && i < conn.points.size(); i++) {
            sent += conn.points.get(i).sentSince(conn.points.get(i - 1));
        }
        final Evidence evidence = Evidence.newBuilder()
                .setQueueLength(now.queueLength())
                .setQueueAtStart(first.queueLength())
                .setQueueThreshold(settings.queueThreshold())
                .setQueueGrowthPerMinute(Math.round(growthPerMinute * 100d) / 100d)
                .setEstimatedThresholdAt(eta)
                .setAssociations(now.associations())
                .setMessagesSentDuringGrowth(sent)
                .setSamples(at - start + 1)
                .setSymptoms(supporting.stream().limit(MAX_LISTED_SYMPTOMS).map(s -> io.mtacorrelator.avro.RpcSymptom.newBuilder()
                        .setEventId(s.eventId())
                        .setTimestamp(Instant.ofEpochMilli(s.time()))
                        .setNtError(s.ntError())
                        .setOperation(s.operation())
                        .setLtabIndex(s.ltabIndex())
                        .build()).toList())
                .setSymptomCounts(counts)
                .setLtabIndexes(new ArrayList<>(ltabs))
                .setResolution(resolution)
                .build();
        final String summary = switch (status) {
            case OPEN, UPDATED -> "Queue from " + state.mta + " to " + conn.remoteMta + " grew from " + first.queueLength()
                    + " to " + now.queueLength() + " messages over an open association with nothing sent, with RPC errors "
                    + String.join(", ", counts.keySet()) + ": messages not delivered over an association (Q181721).";
            case RESOLVED -> "Mail from " + state.mta + " to " + conn.remoteMta + " flows again (" + resolution + ").";
        };
        return Incident.newBuilder()
                .setIncidentId(ep.incidentId)
                .setKb(ep.kb)
                .setTitle("Messages not delivered over an association")
                .setStatus(status)
                .setSeverity(Severity.HIGH)
                .setConfidence(Confidence.valueOf(ep.confidence))
                .setMta(state.mta)
                .setRemoteMta(conn.remoteMta)
                .setFirstSeen(Instant.ofEpochMilli(ep.firstSeen))
                .setLastSeen(Instant.ofEpochMilli(Math.max(ep.lastSeen, now.time())))
                .setDetectedAt(Instant.ofEpochMilli(ep.detectedAt))
                .setResolvedAt(status == IncidentStatus.RESOLVED ? Instant.ofEpochMilli(now.time()) : null)
                .setSummary(summary)
                .setEvidence(evidence)
                .setRemediation(Remediations.q181721(state.mta, conn.remoteMta, settings.queueThreshold(), eta))
                .build();
    }

    private static int indexAtOrAfter(final List<QueuePoint> points, final long time) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).time() >= time) {
                return i;
            }
        }
        return points.size() - 1;
    }

    private static int lastEvaluatedIndex(final ConnectionState conn) {
        int idx = 0;
        for (int i = 0; i < conn.points.size(); i++) {
            if (conn.points.get(i).time() <= conn.lastEvaluatedTime) {
                idx = i;
            }
        }
        return idx;
    }

    private static void advanceTime(final MtaState state, final long time) {
        state.maxEventTime = Math.max(state.maxEventTime, time);
    }

    /** Inserts in event-time order; a second sample with the same time replaces the first (a redelivery). */
    private static void insert(final List<QueuePoint> points, final QueuePoint point) {
        int i = points.size();
        while (i > 0 && points.get(i - 1).time() > point.time()) {
            i--;
        }
        if (i > 0 && points.get(i - 1).time() == point.time()) {
            points.set(i - 1, point);
        } else {
            points.add(i, point);
        }
    }

    /** Drops what lies beyond the retention, but never a sample an open episode still measures from. */
    private void prune(final MtaState state) {
        final long horizon = state.maxEventTime - settings.stateRetentionMs();
        state.symptoms.removeIf(s -> s.time() < horizon);
        for (final ConnectionState conn : state.connections.values()) {
            final long keepFrom = conn.episode == null ? horizon : Math.min(horizon, conn.episode.runStart);
            // Keep the newest point behind the horizon too: the next step measures sends against it.
            while (conn.points.size() > 1 && conn.points.get(1).time() < keepFrom) {
                conn.points.remove(0);
            }
        }
    }
}
