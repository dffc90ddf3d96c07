package io.mtacorrelator.faults;

import io.mtacorrelator.BrokerReads;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.scaleout.Deployment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The incident state changes expected and those seen on the incident topic, compared change by change: each change is
 * its incident's JSON line with the keys sorted (id, status and times in it), so a change seen twice is a duplicate, one
 * expected and not seen is lost, and one seen and not expected is unexpected. Each incident's changes must also come in
 * the expected order.
 */
record IncidentTally(int expected, int seen, int duplicates, int lost, int unexpected, int incidents, boolean sameOrder,
                     List<String> differences) {

    /** A change as compared: the canonical JSON line of the incident. */
    static String change(final Incident incident) {
        return Deployment.canonical(IncidentJson.toLine(incident));
    }

    /** Expected and seen changes, each list in the order written (the order of one id's changes counts). */
    static IncidentTally of(final List<String> expectedChanges, final List<String> seenChanges) {
        final Map<String, Integer> want = counts(expectedChanges);
        final Map<String, Integer> got = counts(seenChanges);
        int duplicates = 0;
        int lost = 0;
        int unexpected = 0;
        for (final Map.Entry<String, Integer> e : want.entrySet()) {
            final int seen = got.getOrDefault(e.getKey(), 0);
            duplicates += Math.max(0, seen - e.getValue());
            lost += Math.max(0, e.getValue() - seen);
        }
        for (final Map.Entry<String, Integer> e : got.entrySet()) {
            if (!want.containsKey(e.getKey())) {
                unexpected += e.getValue();
            }
        }
        final Map<String, List<String>> wantById = byId(expectedChanges);
        final Map<String, List<String>> gotById = byId(seenChanges);
        return new IncidentTally(expectedChanges.size(), seenChanges.size(), duplicates, lost, unexpected, wantById.size(),
                wantById.equals(gotById), Deployment.differences(wantById, gotById));
    }

    /** Every committed record of the incident topic ({@code read_committed}, from the beginning to the end), decoded. */
    static List<ConsumerRecord<String, byte[]>> readIncidentTopic(final String bootstrap, final Deployment deployment) {
        return BrokerReads.readToEnd(bootstrap, deployment.topics.incidents.name(), new ByteArrayDeserializer());
    }

    /** The changes of raw incident records, in the order read (partition by partition; one id lives on one partition). */
    static List<String> changes(final Deployment deployment, final List<ConsumerRecord<String, byte[]>> records) {
        final Deserializer<Incident> values = deployment.topics.incidents.valueSerde().deserializer();
        final List<String> out = new ArrayList<>();
        for (final ConsumerRecord<String, byte[]> r : records) {
            out.add(change(values.deserialize(r.topic(), r.value())));
        }
        return out;
    }

    /** For the closing note. */
    String summary() {
        return "incident state changes expected " + expected + " (" + incidents + " incidents) / seen " + seen + ", duplicates "
                + duplicates + ", lost " + lost + ", unexpected " + unexpected + ", per-incident order " + (sameOrder ? "same" : "DIFFERENT");
    }

    private static Map<String, Integer> counts(final List<String> changes) {
        final Map<String, Integer> out = new HashMap<>();
        changes.forEach(c -> out.merge(c, 1, Integer::sum));
        return out;
    }

    private static Map<String, List<String>> byId(final List<String> changes) {
        final Map<String, List<String>> out = new TreeMap<>();
        changes.forEach(c -> out.computeIfAbsent(Deployment.json(c).path("incidentId").asText(), k -> new ArrayList<>()).add(c));
        return out;
    }
}
