package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.catalog.EventCatalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The correlation of one MTA: plain objects in, incidents out, no Kafka.
 * <p>
 * Signals wait in {@link PendingSignals} until the MTA's evaluation horizon (its newest event time minus
 * the grace) passes them, and are then evaluated strictly in event-time order, each once. The same records
 * therefore give the same incidents whatever order they arrived in within the grace, and at whatever speed.
 * A record behind the horizon is late: it is reported as such and not used. Only event time moves the horizon:
 * the wall clock (idleness, a silent MTA) never evaluates a signal a record within the grace could still precede.
 */
public final class MtaCorrelator {

    /** What became of one signal. */
    public record Outcome(List<Incident> incidents, boolean late, long latenessMs) {

        static Outcome of(final List<Incident> incidents) {
            return new Outcome(incidents, false, 0);
        }

        static Outcome lateBy(final long ms) {
            return new Outcome(List.of(), true, ms);
        }
    }

    private final DiagnosisSettings settings;
    private final List<ConnectionRule> connectionRules;
    private final List<MtaRule> mtaRules;
    private final IncidentFactory incidents;

    public MtaCorrelator(final DiagnosisSettings settings) {
        this.settings = settings;
        final Q181513Rule rasConnector = new Q181513Rule(settings);
        final Q228901Rule accountOverRas = new Q228901Rule();
        final Q194589Rule associationLimit = new Q194589Rule(settings);
        // Look-alikes first: where their whole pattern is present, it explains the stuck queue better than Q181721.
        this.connectionRules = List.of(rasConnector, accountOverRas, new Q170056Rule(settings, List.of(accountOverRas)),
                new Q181721Rule(settings, List.of(rasConnector, accountOverRas, associationLimit)));
        this.mtaRules = List.of(new Q189494Rule(settings), associationLimit, new Q157068Rule(settings));
        this.incidents = new IncidentFactory(settings);
    }

    public DiagnosisSettings settings() {
        return settings;
    }

    public Outcome onEvent(final MtaState state, final MtaEvent event, final PendingSignals pending) {
        return LoggedEvent.of(event).map(e -> accept(state, PendingItem.ofEvent(e), pending)).orElse(Outcome.of(List.of()));
    }

    public Outcome onSample(final MtaState state, final CounterSample sample, final PendingSignals pending) {
        final Optional<QueuePoint> point = QueuePoint.of(sample);
        if (point.isPresent()) {
            return accept(state, PendingItem.ofPoint(sample.getInstance(), point.get()), pending);
        }
        final Double workQueue = sample.getCounters().get("Work Queue Length");
        if ("MSExchangeMTA".equalsIgnoreCase(sample.getObjectName()) && workQueue != null) {
            return accept(state, PendingItem.ofWorkQueue(sample.getTimestamp().toEpochMilli(), Math.round(workQueue)), pending);
        }
        return Outcome.of(List.of());
    }

    /** Evaluates everything still pending: the input has ended, no more data is coming. */
    public List<Incident> flush(final MtaState state, final PendingSignals pending) {
        if (state.maxEventTime == Long.MIN_VALUE) {
            return List.of();
        }
        return advance(state, state.maxEventTime, pending);
    }

    /**
     * Nothing has arrived from the MTA for a while (wall clock). With a grace, that evaluates nothing: the records
     * still to come may be within the grace of the newest one, and only event time may decide what is late, so
     * a replay slower than real time gives what a fast one gives. Only when waiting for the end of the input
     * ({@code mta.grace.ms=-1}) is idleness taken for the end, as a fallback for an end-of-input marker that did
     * not come through every partition.
     */
    public List<Incident> onIdle(final MtaState state, final PendingSignals pending) {
        return settings.graceMs() == Long.MAX_VALUE ? flush(state, pending) : List.of();
    }

    /**
     * Closes every open incident of the MTA as stale: nothing has been heard from it for the stale timeout
     * (wall clock), so whether mail flows cannot be told. Signals within the grace keep waiting (see
     * {@link #onIdle}): if the MTA's data resumes they are evaluated in order, and a fault still there opens anew.
     */
    public List<Incident> closeStale(final MtaState state, final String why, final PendingSignals pending) {
        final List<Incident> out = new ArrayList<>(onIdle(state, pending));
        final long now = state.evaluatedUntil;
        for (final ConnectionState conn : state.connections.values()) {
            if (conn.episode != null) {
                out.add(close(state, conn, conn.points.size() - 1, now, CloseReason.STALE, why));
            }
        }
        for (final Episode ep : List.copyOf(state.mtaEpisodes.values())) {
            out.add(closeMta(state, ep, now, CloseReason.STALE, why));
        }
        return out;
    }

    public boolean hasOpenIncidents(final MtaState state) {
        return !state.mtaEpisodes.isEmpty() || state.connections.values().stream().anyMatch(c -> c.episode != null);
    }

    private Outcome accept(final MtaState state, final PendingItem item, final PendingSignals pending) {
        // Everything at or before evaluatedUntil has been evaluated: a signal there would be evaluated out of order.
        if (state.evaluatedUntil != Long.MIN_VALUE && item.time() <= state.evaluatedUntil) {
            return Outcome.lateBy(state.evaluatedUntil - item.time());
        }
        pending.add(state.mta, state.pendingSeq++, item);
        state.pendingCount++;
        final long previousMax = state.maxEventTime;
        state.maxEventTime = Math.max(state.maxEventTime, item.time());
        if (settings.graceMs() == Long.MAX_VALUE || state.maxEventTime == previousMax) {
            // Nothing can have passed the horizon: it only moves when the newest event time does.
            return Outcome.of(List.of());
        }
        // Strictly behind the newest time: signals at the newest time may still have companions on their way.
        return Outcome.of(advance(state, state.maxEventTime - settings.graceMs() - 1, pending));
    }

    private List<Incident> advance(final MtaState state, final long upTo, final PendingSignals pending) {
        final List<Incident> out = new ArrayList<>();
        if (upTo <= state.evaluatedUntil && state.evaluatedUntil != Long.MIN_VALUE) {
            return out;
        }
        final List<PendingItem> due = new ArrayList<>(pending.take(state.mta, state.evaluatedUntil, upTo));
        due.sort(PendingItem.EVALUATION_ORDER);
        for (final PendingItem item : due) {
            evaluate(state, item, out);
        }
        state.pendingCount -= due.size();
        state.evaluatedUntil = upTo;
        prune(state);
        return out;
    }

    private void evaluate(final MtaState state, final PendingItem item, final List<Incident> out) {
        final long now = item.time();
        if (item.event != null) {
            // Shippers deliver at least once: the same event again (same time and identity) is a retry.
            if (!state.firstDelivery(item.event)) {
                return;
            }
            final LoggedEvent e = Attribution.attribute(state, item.event);
            state.events.add(e);
            if (e.is(EventCatalogue.MTA_STARTED)) {
                state.restarts.add(now);
            }
            for (final ConnectionState conn : state.connections.values()) {
                if (conn.episode != null && !conn.points.isEmpty()) {
                    newEvidence(state, conn, conn.points.size() - 1, now, out);
                }
            }
        } else if (item.point != null) {
            final ConnectionState conn = state.connections.computeIfAbsent(item.remote, ConnectionState::new);
            final QueuePoint last = conn.last();
            if (last != null && last.time() == item.point.time()) {
                // A redelivered sample: the newer reading replaces the older one.
                conn.points.set(conn.points.size() - 1, item.point);
            } else {
                conn.points.add(item.point);
            }
            evaluateConnection(state, conn, conn.points.size() - 1, out);
        } else {
            state.workQueue.add(new long[] {now, item.workQueueLength});
        }
        evaluateMta(state, now, out);
        closeSilentConnections(state, now, out);
    }

    private void evaluateConnection(final MtaState state, final ConnectionState conn, final int at, final List<Incident> out) {
        final ConnectionContext ctx = new ConnectionContext(state, conn, at, settings);
        final long now = ctx.now().time();
        if (conn.episode == null) {
            for (final ConnectionRule rule : connectionRules) {
                final Optional<ConnectionRule.Match> match = rule.match(ctx);
                if (match.isPresent()) {
                    conn.episode = open(state, conn, ctx, rule, match.get());
                    out.add(incidents.build(IncidentStatus.OPEN, conn.episode, state, conn, at, now, evidence(ctx, rule), null, null));
                    return;
                }
            }
            return;
        }
        final Episode ep = conn.episode;
        final ConnectionRule rule = rule(ep.kb);
        ep.lastSeen = Math.max(ep.lastSeen, now);
        if (rule.recovered(ctx, ep)) {
            out.add(close(state, conn, at, now, CloseReason.RECOVERED, rule.recovery(ctx, ep)));
            return;
        }
        ep.peakQueue = Math.max(ep.peakQueue, ctx.now().queueLength());
        final int level = Q181721Rule.level(ctx.now().queueLength(), settings.queueThreshold());
        final boolean higherLevel = level > ep.levelReported;
        ep.levelReported = Math.max(ep.levelReported, level);
        reportIfChanged(state, conn, ctx, rule, higherLevel, now, out);
    }

    /** An event arrived for an MTA with an open connection incident: report it if it changes the diagnosis. */
    private void newEvidence(final MtaState state, final ConnectionState conn, final int at, final long now,
                             final List<Incident> out) {
        final ConnectionContext ctx = new ConnectionContext(state, conn, at, now, settings);
        reportIfChanged(state, conn, ctx, rule(conn.episode.kb), false, now, out);
    }

    /**
     * Reports an open episode again when something material changed: a higher queue level, another confidence,
     * a kind of evidence not reported before, or another set of competing explanations.
     */
    private void reportIfChanged(final MtaState state, final ConnectionState conn, final ConnectionContext ctx,
                                 final ConnectionRule rule, final boolean higherLevel, final long now, final List<Incident> out) {
        final Episode ep = conn.episode;
        final Optional<ConnectionRule.Match> match = rule.match(ctx);
        final String confidence = match.map(m -> m.confidence().name()).orElse(ep.confidence);
        final List<Alternative> alternatives = match.map(ConnectionRule.Match::alternatives).orElse(ep.alternatives);
        final List<LoggedEvent> evidence = evidence(ctx, rule);
        final boolean newKinds = evidence.stream().map(LoggedEvent::kind).anyMatch(k -> !ep.evidenceKinds.contains(k));
        final boolean otherAlternatives = !kbs(alternatives).equals(kbs(ep.alternatives));
        ep.alternatives = new ArrayList<>(alternatives);
        if (higherLevel || !confidence.equals(ep.confidence) || newKinds || otherAlternatives) {
            ep.confidence = confidence;
            evidence.forEach(e -> ep.evidenceKinds.add(e.kind()));
            ep.lastSeen = Math.max(ep.lastSeen, now);
            out.add(incidents.build(IncidentStatus.UPDATED, ep, state, conn, ctx.at, now, evidence, null, null));
        }
    }

    private static TreeSet<String> kbs(final List<Alternative> alternatives) {
        final TreeSet<String> kbs = new TreeSet<>();
        alternatives.forEach(a -> kbs.add(a.kb()));
        return kbs;
    }

    private Episode open(final MtaState state, final ConnectionState conn, final ConnectionContext ctx,
                         final ConnectionRule rule, final ConnectionRule.Match match) {
        final QueuePoint first = ctx.runStart();
        final QueuePoint now = ctx.now();
        final Episode ep = new Episode();
        ep.kb = rule.kb();
        ep.remote = conn.remoteMta;
        ep.runStart = first.time();
        // The evidence up to the end of the connection's previous episode was that episode's.
        ep.evidenceStart = Math.max(ep.runStart, conn.episodeEnded);
        ep.incidentId = IncidentFactory.incidentId(ep.kb, state.mta, conn.remoteMta, ep.evidenceStart);
        ep.queueAtStart = first.queueLength();
        ep.peakQueue = now.queueLength();
        final long earliest = match.evidence().stream().mapToLong(LoggedEvent::time).min().orElse(first.time());
        ep.firstSeen = Math.min(first.time(), earliest);
        ep.detectedAt = now.time();
        ep.lastSeen = now.time();
        ep.confidence = match.confidence().name();
        ep.alternatives = new ArrayList<>(match.alternatives());
        ep.levelReported = Q181721Rule.level(now.queueLength(), settings.queueThreshold());
        match.evidence().forEach(e -> ep.evidenceKinds.add(e.kind()));
        return ep;
    }

    private Incident close(final MtaState state, final ConnectionState conn, final int at, final long now,
                           final CloseReason reason, final String resolution) {
        final Episode ep = conn.episode;
        final int sample = Math.max(0, at);
        final List<LoggedEvent> evidence = conn.points.isEmpty() ? List.of()
                : evidence(new ConnectionContext(state, conn, sample, Math.max(now, conn.points.get(sample).time()), settings), rule(ep.kb));
        final Incident incident = incidents.build(IncidentStatus.RESOLVED, ep, state, conn, at, now, evidence, reason, resolution);
        conn.episode = null;
        conn.episodeEnded = now;
        return incident;
    }

    private void evaluateMta(final MtaState state, final long now, final List<Incident> out) {
        for (final MtaRule rule : mtaRules) {
            final Episode ep = state.mtaEpisodes.get(rule.kb());
            if (ep == null) {
                final Optional<ConnectionRule.Match> match = rule.match(state, now);
                if (match.isPresent()) {
                    final Episode opened = new Episode();
                    opened.kb = rule.kb();
                    opened.firstSeen = match.get().evidence().stream().mapToLong(LoggedEvent::time).min().orElse(now);
                    opened.runStart = opened.firstSeen;
                    // The evidence up to the end of the MTA's previous episode of this article was that episode's.
                    opened.evidenceStart = Math.max(opened.firstSeen, state.mtaEpisodeEnded.getOrDefault(rule.kb(), Long.MIN_VALUE));
                    opened.incidentId = IncidentFactory.incidentId(rule.kb(), state.mta, null, opened.evidenceStart);
                    opened.detectedAt = now;
                    opened.lastSeen = now;
                    opened.confidence = match.get().confidence().name();
                    match.get().evidence().forEach(e -> opened.evidenceKinds.add(e.kind()));
                    state.mtaEpisodes.put(rule.kb(), opened);
                    out.add(incidents.build(IncidentStatus.OPEN, opened, state, null, 0, now, match.get().evidence(), null, null));
                }
            } else if (rule.recovered(state, now, ep)) {
                out.add(closeMta(state, ep, now, CloseReason.RECOVERED, rule.recovery(state, now, ep)));
            } else {
                final Optional<ConnectionRule.Match> match = rule.match(state, now);
                ep.lastSeen = now;
                if (match.isPresent() && !match.get().confidence().name().equals(ep.confidence)) {
                    ep.confidence = match.get().confidence().name();
                    out.add(incidents.build(IncidentStatus.UPDATED, ep, state, null, 0, now, match.get().evidence(), null, null));
                }
            }
        }
    }

    private Incident closeMta(final MtaState state, final Episode ep, final long now, final CloseReason reason,
                              final String resolution) {
        final MtaRule rule = mtaRules.stream().filter(r -> r.kb().equals(ep.kb)).findFirst().orElseThrow();
        final List<LoggedEvent> evidence = state.events.stream()
                .filter(e -> e.time() >= ep.firstSeen && e.time() <= now && rule.isEvidence(e)).toList();
        state.mtaEpisodes.remove(ep.kb);
        state.mtaEpisodeEnded.put(ep.kb, now);
        return incidents.build(IncidentStatus.RESOLVED, ep, state, null, 0, now, evidence, reason, resolution);
    }

    /** An open connection incident whose connection has sent no sample for the stale timeout, in event time. */
    private void closeSilentConnections(final MtaState state, final long now, final List<Incident> out) {
        for (final ConnectionState conn : state.connections.values()) {
            final QueuePoint last = conn.last();
            if (conn.episode != null && last != null && now - last.time() >= settings.staleMs()) {
                out.add(close(state, conn, conn.points.size() - 1, now, CloseReason.STALE,
                        "no sample for " + conn.remoteMta + " for " + (now - last.time()) / 60_000 + " min while " + state.mta
                                + " kept reporting: cannot tell whether mail flows; check the counter shipper"));
            }
        }
    }

    /** The events an incident lists: the rule's evidence from the window before the episode's run up to the context's moment. */
    private List<LoggedEvent> evidence(final ConnectionContext ctx, final ConnectionRule rule) {
        final Episode ep = ctx.connection.episode;
        final long from = (ep != null ? ep.runStart : ctx.runStart().time()) - settings.symptomWindowMs();
        return ctx.eventsFrom(from).stream().filter(rule::isEvidence).toList();
    }

    private ConnectionRule rule(final String kb) {
        return connectionRules.stream().filter(r -> r.kb().equals(kb)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no connection rule for " + kb));
    }

    /** Drops evaluated history beyond the retention, keeping what open episodes still measure from. */
    private void prune(final MtaState state) {
        long keepFrom = state.evaluatedUntil - settings.stateRetentionMs();
        for (final ConnectionState conn : state.connections.values()) {
            if (conn.episode != null) {
                keepFrom = Math.min(keepFrom, conn.episode.runStart - settings.symptomWindowMs());
            }
        }
        for (final Map.Entry<String, Episode> e : state.mtaEpisodes.entrySet()) {
            keepFrom = Math.min(keepFrom, e.getValue().firstSeen);
        }
        final long horizon = keepFrom;
        state.events.removeIf(e -> e.time() < horizon);
        state.seenEvents.headMap(horizon).clear();
        state.restarts.removeIf(t -> t < horizon);
        state.workQueue.removeIf(w -> w[0] < horizon);
        // Locality-table slots and addresses are reused: a mapping not confirmed within the retention is forgotten.
        Attribution.expire(state, state.evaluatedUntil - settings.stateRetentionMs());
        for (final ConnectionState conn : state.connections.values()) {
            // Keep the newest sample behind the horizon too: the next step measures sends against it.
            while (conn.points.size() > 1 && conn.points.get(1).time() < horizon) {
                conn.points.remove(0);
            }
        }
    }
}
