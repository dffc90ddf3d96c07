package io.mtacorrelator;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the metrics must say about a run, derived from the incident state changes it wrote. */
public final class IncidentFigures {

    private IncidentFigures() {
    }

    /** Changes counted by their labels {article, status}, as mta_incident_changes_total shows them. */
    public static Map<Map<String, String>, Double> changesByArticleAndStatus(final List<Incident> changes) {
        final Map<Map<String, String>, Double> out = new HashMap<>();
        for (final Incident i : changes) {
            out.merge(new TreeMap<>(Map.of("article", i.getKb(), "status", i.getStatus().name())), 1.0, Double::sum);
        }
        return out;
    }

    /** Incidents whose last change is not RESOLVED. */
    public static long open(final List<Incident> changes) {
        final Map<String, IncidentStatus> last = new LinkedHashMap<>();
        changes.forEach(i -> last.put(i.getIncidentId(), i.getStatus()));
        return last.values().stream().filter(s -> s != IncidentStatus.RESOLVED).count();
    }
}
