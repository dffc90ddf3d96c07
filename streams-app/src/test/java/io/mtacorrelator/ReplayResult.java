package io.mtacorrelator;

import io.mtacorrelator.avro.Incident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one replay of a scenario gave: each incident's state changes in order, by id (the stream a SIEM
 * de-duplicating by id sees), and how many records went to the dead-letter topic.
 */
public record ReplayResult(Map<String, List<Incident>> incidents, int deadLetters) {

    public static ReplayResult of(final List<Incident> incidents, final int deadLetters) {
        final Map<String, List<Incident>> byId = new LinkedHashMap<>();
        incidents.stream().sorted(Comparator.comparing(Incident::getIncidentId))
                .forEach(i -> byId.computeIfAbsent(i.getIncidentId(), k -> new ArrayList<>()).add(i));
        return new ReplayResult(byId, deadLetters);
    }

    /** One line per state change and the dead-letter count: what differs, readably. */
    public List<String> summary() {
        final List<String> lines = new ArrayList<>();
        incidents.values().forEach(changes -> changes.forEach(i -> lines.add(i.getIncidentId().substring(0, 8) + " "
                + i.getStatus() + " " + i.getConfidence() + " " + i.getEvidence().getSymptomCounts())));
        lines.add("dead letters: " + deadLetters);
        return lines;
    }
}
