package io.mtacorrelator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Alternative;
import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;
import io.mtacorrelator.avro.RpcSymptom;
import io.mtacorrelator.avro.Severity;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An incident as one JSON object with ISO-8601 event times: the plain rendering for files and operators, and
 * what {@code run --incident-format json} writes to the incident topic. {@link #fromNode} reads it back (the
 * Connect transforms take incidents in this shape).
 */
public final class IncidentJson {

    private static final ObjectMapper MAPPER = JsonText.MAPPER;

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
        return JsonText.line(toNode(incident), incident, "JSON");
    }

    static ObjectNode evidence(final Evidence e) {
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

    static ObjectNode remediation(final Remediation r) {
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

    /** Reads one line written by {@link #toLine}; an {@link IllegalArgumentException} says what is wrong with it. */
    public static Incident fromLine(final String line) {
        final JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an incident in JSON: malformed JSON (" + e.getOriginalMessage() + ")");
        }
        return fromNode(node);
    }

    /**
     * Reads an object of the shape {@link #toNode} writes. Times may be ISO-8601 text or epoch milliseconds (what
     * a converter makes of the Avro record's timestamp-millis fields); fields with Avro defaults may be absent.
     *
     * @throws IllegalArgumentException naming the first field that is missing or of the wrong type
     */
    public static Incident fromNode(final JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not an incident in JSON: expected an object");
        }
        final JsonNode e = object(n, "evidence");
        final JsonNode r = object(n, "remediation");
        return Incident.newBuilder()
                .setIncidentId(text(n, "incidentId"))
                .setKb(text(n, "kb"))
                .setTitle(text(n, "title"))
                .setStatus(symbol(n, "status", IncidentStatus::valueOf))
                .setSeverity(symbol(n, "severity", Severity::valueOf))
                .setConfidence(symbol(n, "confidence", Confidence::valueOf))
                .setRiskScore(n.hasNonNull("riskScore") ? integer(n, "riskScore") : 0)
                .setMta(text(n, "mta"))
                .setRemoteMta(optionalText(n, "remoteMta"))
                .setFirstSeen(time(n, "firstSeen"))
                .setLastSeen(time(n, "lastSeen"))
                .setDetectedAt(time(n, "detectedAt"))
                .setResolvedAt(n.hasNonNull("resolvedAt") ? time(n, "resolvedAt") : null)
                .setCloseReason(n.hasNonNull("closeReason") ? symbol(n, "closeReason", CloseReason::valueOf) : null)
                .setSummary(text(n, "summary"))
                .setEvidence(Evidence.newBuilder()
                        .setQueueLength(integer(e, "queueLength"))
                        .setQueueAtStart(integer(e, "queueAtStart"))
                        .setQueueThreshold(integer(e, "queueThreshold"))
                        .setQueueGrowthPerMinute(number(e, "queueGrowthPerMinute"))
                        .setEstimatedThresholdAt(e.hasNonNull("estimatedThresholdAt") ? time(e, "estimatedThresholdAt") : null)
                        .setAssociations(integer(e, "associations"))
                        .setMessagesSentDuringGrowth(whole(e, "messagesSentDuringGrowth"))
                        .setSamples(integer(e, "samples"))
                        .setSymptoms(list(e, "symptoms", s -> RpcSymptom.newBuilder()
                                .setEventId(integer(s, "eventId"))
                                .setTimestamp(time(s, "timestamp"))
                                .setNtError(s.hasNonNull("ntError") ? integer(s, "ntError") : null)
                                .setOperation(optionalText(s, "operation"))
                                .setLtabIndex(s.hasNonNull("ltabIndex") ? integer(s, "ltabIndex") : null)
                                .build()))
                        .setSymptomCounts(counts(e))
                        .setLtabIndexes(e.hasNonNull("ltabIndexes") ? list(e, "ltabIndexes", x -> wholeValue(x, "ltabIndexes")) : List.of())
                        .setResolution(optionalText(e, "resolution"))
                        .setSentCounter(optionalText(e, "sentCounter"))
                        .setAlternatives(e.hasNonNull("alternatives") ? list(e, "alternatives", x -> new Alternative(text(x, "kb"),
                                text(x, "why"))) : List.of())
                        .build())
                .setRemediation(Remediation.newBuilder()
                        .setSummary(text(r, "summary"))
                        .setActions(list(r, "actions", x -> textValue(x, "actions")))
                        .setSelfRecovery(optionalText(r, "selfRecovery"))
                        .setVerification(optionalText(r, "verification"))
                        .setReferences(list(r, "references", x -> new Reference(text(x, "id"), text(x, "title"))))
                        .build())
                .build();
    }

    private static JsonNode object(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw missingOr(field, "an object");
        }
        return v;
    }

    private static String text(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw missingOr(field, "text");
        }
        return v.textValue();
    }

    private static String textValue(final JsonNode v, final String field) {
        if (!v.isTextual()) {
            throw missingOr(field, "a list of text");
        }
        return v.textValue();
    }

    private static String optionalText(final JsonNode n, final String field) {
        return n.hasNonNull(field) ? text(n, field) : null;
    }

    private static int integer(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw missingOr(field, "a whole number");
        }
        return v.intValue();
    }

    private static long whole(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw missingOr(field, "a whole number");
        }
        return v.longValue();
    }

    private static int wholeValue(final JsonNode v, final String field) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw missingOr(field, "a list of whole numbers");
        }
        return v.intValue();
    }

    private static double number(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw missingOr(field, "a number");
        }
        return v.doubleValue();
    }

    private static Instant time(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v != null && v.isIntegralNumber()) {
            return Instant.ofEpochMilli(v.longValue());
        }
        if (v != null && v.isTextual()) {
            try {
                return Instant.parse(v.textValue());
            } catch (DateTimeException e) {
                throw missingOr(field, "an ISO-8601 time");
            }
        }
        throw missingOr(field, "an ISO-8601 time or epoch milliseconds");
    }

    private static <E extends Enum<E>> E symbol(final JsonNode n, final String field, final Function<String, E> valueOf) {
        final String v = text(n, field);
        try {
            return valueOf.apply(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an incident in JSON: " + field + " '" + v + "' is not a known value");
        }
    }

    private static <T> List<T> list(final JsonNode n, final String field, final Function<JsonNode, T> item) {
        final JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw missingOr(field, "a list");
        }
        final List<T> out = new ArrayList<>(v.size());
        v.forEach(x -> out.add(item.apply(x)));
        return out;
    }

    private static Map<String, Integer> counts(final JsonNode e) {
        final Map<String, Integer> out = new LinkedHashMap<>();
        final JsonNode v = e.get("symptomCounts");
        if (v == null || !v.isObject()) {
            throw missingOr("symptomCounts", "an object");
        }
        v.properties().forEach(x -> out.put(x.getKey(), wholeValue(x.getValue(), "symptomCounts")));
        return out;
    }

    private static IllegalArgumentException missingOr(final String field, final String expected) {
        return new IllegalArgumentException("not an incident in JSON: " + field + " is missing or not " + expected);
    }
}
