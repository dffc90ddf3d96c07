package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Opens, updates and closes incidents as the rules' diagnoses come and go: OPEN once, UPDATED only on a material
 * change (a higher queue level, another confidence, a kind of evidence not reported before, other competing
 * explanations), RESOLVED when the rule sees the fault over or nothing can be seen any more (stale).
 */
final class IncidentLifecycle {

    private final DiagnosisSettings settings;
    private final List<ConnectionRule> connectionRules;
    private final List<MtaRule> mtaRules;
    private final IncidentFactory incidents;
    private final EvidenceSelection evidence;

    IncidentLifecycle(final DiagnosisSettings settings, final List<ConnectionRule> connectionRules, final List<MtaRule> mtaRules) {
        this.settings = settings;
        this.connectionRules = List.copyOf(connectionRules);
        this.mtaRules = List.copyOf(mtaRules);
        this.incidents = new IncidentFactory(settings);
        this.evidence = new EvidenceSelection(settings);
    }

    /** A new sample of the connection was evaluated: open, update or close its incident. */
    void onSample(final MtaState state, final ConnectionState conn, final List<Incident> out) {
        final int at = conn.points.size() - 1;
        final ConnectionContext ctx = new ConnectionContext(state, conn, at, settings);
        final long now = ctx.now().time();
        if (conn.episode == null) {
            for (final ConnectionRule rule : connectionRules) {
                final Optional<ConnectionRule.Match> match = rule.match(ctx);
                if (match.isPresent()) {
                    conn.episode = open(state, conn, ctx, rule, match.get());
                    state.openConnectionEpisodes++;
                    out.add(incidents.build(IncidentStatus.OPEN, conn.episode, state, conn, at, now, evidence.forConnection(ctx, rule),
                            null, null));
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

    /** An event was evaluated: report each open connection incident again if it changes the diagnosis. */
    void onEvent(final MtaState state, final long now, final List<Incident> out) {
        if (state.openConnectionEpisodes == 0) {
            return;
        }
        for (final ConnectionState conn : state.connections.values()) {
            if (conn.episode != null && !conn.points.isEmpty()) {
                final ConnectionContext ctx = new ConnectionContext(state, conn, conn.points.size() - 1, now, settings);
                reportIfChanged(state, conn, ctx, rule(conn.episode.kb), false, now, out);
            }
        }
    }

    private void reportIfChanged(final MtaState state, final ConnectionState conn, final ConnectionContext ctx,
                                 final ConnectionRule rule, final boolean higherLevel, final long now, final List<Incident> out) {
        final Episode ep = conn.episode;
        final Optional<ConnectionRule.Match> match = rule.match(ctx);
        final String confidence = match.map(m -> m.confidence().name()).orElse(ep.confidence);
        final List<Alternative> alternatives = match.map(ConnectionRule.Match::alternatives).orElse(ep.alternatives);
        final List<LoggedEvent> listed = evidence.forConnection(ctx, rule);
        final boolean newKinds = listed.stream().map(LoggedEvent::kind).anyMatch(k -> !ep.evidenceKinds.contains(k));
        final boolean otherAlternatives = !kbs(alternatives).equals(kbs(ep.alternatives));
        ep.alternatives = new ArrayList<>(alternatives);
        if (higherLevel || !confidence.equals(ep.confidence) || newKinds || otherAlternatives) {
            ep.confidence = confidence;
            listed.forEach(e -> ep.evidenceKinds.add(e.kind()));
            ep.lastSeen = Math.max(ep.lastSeen, now);
            out.add(incidents.build(IncidentStatus.UPDATED, ep, state, conn, ctx.at, now, listed, null, null));
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
        final List<LoggedEvent> listed = conn.points.isEmpty() ? List.of()
                : evidence.forConnection(new ConnectionContext(state, conn, Math.max(0, at),
                Math.max(now, conn.points.get(Math.max(0, at)).time()), settings), rule(ep.kb));
        final Incident incident = incidents.build(IncidentStatus.RESOLVED, ep, state, conn, at, now, listed, reason, resolution);
        conn.episode = null;
        conn.episodeEnded = now;
        state.openConnectionEpisodes--;
        return incident;
    }

    /**
     * The incidents of the MTA as a whole at a signal's time. A rule with no incident open is asked only when the
     * signal could make it match ({@link MtaRule#mayOpenOn}), or when a stale close left its evidence unjudged.
     */
    void onMta(final MtaState state, final Signal signal, final long now, final List<Incident> out) {
        for (final MtaRule rule : mtaRules) {
            final Episode ep = state.mtaEpisodes.get(rule.kb());
            if (ep == null) {
                if (!state.recheckMtaRules && !rule.mayOpenOn(signal, state, now)) {
                    continue;
                }
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
        state.recheckMtaRules = false;
    }

    private Incident closeMta(final MtaState state, final Episode ep, final long now, final CloseReason reason,
                              final String resolution) {
        final MtaRule rule = mtaRules.stream().filter(r -> r.kb().equals(ep.kb)).findFirst().orElseThrow();
        final List<LoggedEvent> listed = evidence.forMta(state, ep, rule, now);
        state.mtaEpisodes.remove(ep.kb);
        state.mtaEpisodeEnded.put(ep.kb, now);
        return incidents.build(IncidentStatus.RESOLVED, ep, state, null, 0, now, listed, reason, resolution);
    }

    /** An open connection incident whose connection has sent no sample for the stale timeout, in event time. */
    void closeSilentConnections(final MtaState state, final long now, final List<Incident> out) {
        if (state.openConnectionEpisodes == 0) {
            return;
        }
        for (final ConnectionState conn : state.connections.values()) {
            final QueuePoint last = conn.last();
            if (conn.episode != null && last != null && now - last.time() >= settings.staleMs()) {
                out.add(close(state, conn, conn.points.size() - 1, now, CloseReason.STALE,
                        "no sample for " + conn.remoteMta + " for " + (now - last.time()) / 60_000 + " min while " + state.mta
                                + " kept reporting: cannot tell whether mail flows; check the counter shipper"));
            }
        }
    }

    /**
     * Closes every open incident of the MTA as stale (nothing heard from it for the stale timeout, wall clock). Its
     * MTA rules are asked again at its next signal: their evidence may still be there.
     */
    void closeAllStale(final MtaState state, final String why, final List<Incident> out) {
        final long now = state.evaluatedUntil;
        for (final ConnectionState conn : state.connections.values()) {
            if (conn.episode != null) {
                out.add(close(state, conn, conn.points.size() - 1, now, CloseReason.STALE, why));
            }
        }
        for (final Episode ep : List.copyOf(state.mtaEpisodes.values())) {
            out.add(closeMta(state, ep, now, CloseReason.STALE, why));
        }
        state.recheckMtaRules = true;
    }

    private ConnectionRule rule(final String kb) {
        return connectionRules.stream().filter(r -> r.kb().equals(kb)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no connection rule for " + kb));
    }
}
