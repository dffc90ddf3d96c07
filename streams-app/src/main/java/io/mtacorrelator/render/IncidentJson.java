package io.mtacorrelator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;
import io.mtacorrelator.avro.RpcSymptom;

import java.time.Instant;

/** An incident as one JSON object with ISO-8601 event times: the plain rendering for files and operators. */
public final class IncidentJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private IncidentJson() {
    }

    public static ObjectNode toNode(final Incident incident) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("incidentId", incident.getIncidentId());
        n.put("kb", incident.getKb());
        n.put("title", incident.getTitle());
        n.put("status", incident.getStatus().name());
        n.put("severity", incident.getSeverity().name());
        n.put("confidence", incident.getConfidence().name());
        n.put("riskScore", incident.getRiskScore());
        n.put("mta", incident.getMta());
        n.put("remoteMta", incident.getRemoteMta());
        n.put("firstSeen", iso(incident.getFirstSeen()));
        n.put("lastSeen", iso(incident.getLastSeen()));
        n.put("detectedAt", iso(incident.getDetectedAt()));
        n.put("resolvedAt", iso(incident.getResolvedAt()));
        n.put("closeReason", incident.getCloseReason() == null ? null : incident.getCloseReason().name());
        n.put("summary", incident.getSummary());
        n.set("evidence", evidence(incident.getEvidence()));
        n.set("remediation", remediation(incident.getRemediation()));
        return n;
    }

    public static String toLine(final Incident incident) {
        try {
            return MAPPER.writeValueAsString(toNode(incident));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render incident " + incident.getIncidentId() + " as JSON", e);
        }
    }

    private static ObjectNode evidence(final Evidence e) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("queueLength", e.getQueueLength());
        n.put("queueAtStart", e.getQueueAtStart());
        n.put("queueThreshold", e.getQueueThreshold());
        n.put("queueGrowthPerMinute", e.getQueueGrowthPerMinute());
        n.put("estimatedThresholdAt", iso(e.getEstimatedThresholdAt()));
        n.put("associations", e.getAssociations());
        n.put("messagesSentDuringGrowth", e.getMessagesSentDuringGrowth());
        n.put("sentCounter", e.getSentCounter());
        n.put("samples", e.getSamples());
        final ObjectNode counts = n.putObject("symptomCounts");
        e.getSymptomCounts().forEach(counts::put);
        final ArrayNode symptoms = n.putArray("symptoms");
        for (final RpcSymptom s : e.getSymptoms()) {
            final ObjectNode sn = symptoms.addObject();
            sn.put("eventId", s.getEventId());
            sn.put("timestamp", iso(s.getTimestamp()));
            if (s.getNtError() != null) {
                sn.put("ntError", s.getNtError());
            }
            if (s.getOperation() != null) {
                sn.put("operation", s.getOperation());
            }
            if (s.getLtabIndex() != null) {
                sn.put("ltabIndex", s.getLtabIndex());
            }
        }
        final ArrayNode ltabs = n.putArray("ltabIndexes");
        e.getLtabIndexes().forEach(ltabs::add);
        if (e.getResolution() != null) {
            n.put("resolution", e.getResolution());
        }
        final ArrayNode alternatives = n.putArray("alternatives");
        e.getAlternatives().forEach(a -> alternatives.addObject().put("kb", a.getKb()).put("why", a.getWhy()));
        return n;
    }

    private static ObjectNode remediation(final Remediation r) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("summary", r.getSummary());
        final ArrayNode actions = n.putArray("actions");
        r.getActions().forEach(actions::add);
        n.put("selfRecovery", r.getSelfRecovery());
        n.put("verification", r.getVerification());
        final ArrayNode refs = n.putArray("references");
        for (final Reference ref : r.getReferences()) {
            refs.addObject().put("id", ref.getId()).put("title", ref.getTitle());
        }
        return n;
    }

    private static String iso(final Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
