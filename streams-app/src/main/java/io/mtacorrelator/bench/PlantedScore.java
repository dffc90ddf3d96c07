package io.mtacorrelator.bench;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.workload.PlantedEpisode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores what a run reported against what the generator planted. An episode counts as planted when its evidence was
 * complete early enough that the correlator's horizon (newest event time minus the grace) passed it before the input
 * ended; it is found when an incident of its article, MTA and remote MTA opened while it lasted. An incident that
 * opened where nothing was planted is unplanted.
 */
record PlantedScore(Map<String, Article> byArticle, int undecidedAtEnd) {

    /** Counts for one article. */
    record Article(int planted, int found, int unplanted, List<String> missed, List<String> unplannedExamples) {
    }

    /**
     * Incidents may list evidence logged up to the symptom window before the queue began to grow, so an incident
     * whose first evidence is this much before the planted start still belongs to it.
     */
    static final long MATCH_MARGIN_MS = 20 * 60_000L;
    private static final int EXAMPLES = 5;

    static PlantedScore of(final List<PlantedEpisode> planted, final List<Incident> incidents, final long lastEventMs,
                           final long graceMs, final long sampleIntervalMs) {
        final List<Incident> opened = incidents.stream().filter(i -> i.getStatus() == IncidentStatus.OPEN).toList();
        final Map<String, int[]> counts = new TreeMap<>();
        final Map<String, List<String>> missed = new TreeMap<>();
        final Map<String, List<String>> unplanted = new TreeMap<>();
        final List<PlantedEpisode> decided = new ArrayList<>();
        int undecided = 0;
        for (final PlantedEpisode p : planted) {
            // The MTA's horizon must pass the decisive sample: grace plus a sample interval of slack.
            if (graceMs >= 0 && p.decisiveMs() + graceMs + sampleIntervalMs > lastEventMs) {
                undecided++;
                continue;
            }
            decided.add(p);
            final int[] c = counts.computeIfAbsent(p.kb(), k -> new int[3]);
            c[0]++;
            if (opened.stream().anyMatch(i -> matches(p, i))) {
                c[1]++;
            } else {
                missed.computeIfAbsent(p.kb(), k -> new ArrayList<>()).add(p.mta() + "->" + p.remote() + "@" + p.startMs());
            }
        }
        for (final Incident i : opened) {
            if (planted.stream().noneMatch(p -> matches(p, i))) {
                counts.computeIfAbsent(i.getKb(), k -> new int[3])[2]++;
                final List<String> examples = unplanted.computeIfAbsent(i.getKb(), k -> new ArrayList<>());
                if (examples.size() < EXAMPLES) {
                    examples.add(i.getMta() + "->" + i.getRemoteMta() + " first seen " + i.getFirstSeen() + " " + i.getEvidence().getSymptomCounts());
                }
            }
        }
        final Map<String, Article> articles = new TreeMap<>();
        counts.forEach((kb, c) -> articles.put(kb, new Article(c[0], c[1], c[2],
                List.copyOf(missed.getOrDefault(kb, List.of())), List.copyOf(unplanted.getOrDefault(kb, List.of())))));
        return new PlantedScore(articles, undecided);
    }

    private static boolean matches(final PlantedEpisode p, final Incident i) {
        return p.matches(i.getKb(), i.getMta(), i.getRemoteMta(), i.getFirstSeen().toEpochMilli(), MATCH_MARGIN_MS);
    }

    Article article(final String kb) {
        return byArticle.getOrDefault(kb, new Article(0, 0, 0, List.of(), List.of()));
    }
}
