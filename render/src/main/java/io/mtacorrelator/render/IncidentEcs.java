package io.mtacorrelator.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.Remediation;

import java.time.Instant;
import java.util.Locale;

/**
 * An incident as an Elastic Common Schema document (ECS {@value #ECS_VERSION}), one JSON object per state change.
 *
 * <p>{@code event.kind: alert} is what Elastic Security's prebuilt External Alerts rule picks up from
 * {@code logs-*} and similar indices; {@code event.severity} carries the 21 / 47 / 73 / 99 scale that rule maps to
 * low / medium / high / critical, and {@code event.risk_score} the same number. A delivery fault is an email event of
 * type info ({@code event.category: email} expects {@code event.type: info}). {@code event.id} is the incident id, the
 * same on OPEN, UPDATED and RESOLVED, so a SIEM can follow (or de-duplicate) one incident; {@code event.action} says
 * which change this record is. Our evidence and remediation, which ECS has no fields for, are under the custom
 * namespace {@value #NAMESPACE} in ECS's naming style (lower case, underscores).
 */
public final class IncidentEcs {

    /** The ECS release the field names and types follow. */
    public static final String ECS_VERSION = "9.4.0";
    /** Custom fields: ours, outside ECS. */
    public static final String NAMESPACE = "mta_correlator";
    public static final String RULESET = "mta-correlator: Exchange MTA delivery diagnoses";

    private static final ObjectMapper MAPPER = JsonText.MAPPER;

    private IncidentEcs() {
    }

    public static ObjectNode toNode(final Incident i) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("@timestamp", ChangeTime.of(i).toString());
        n.putObject("ecs").put("version", ECS_VERSION);
        n.put("message", i.getSummary());
        n.putArray("tags").add(Product.NAME).add(i.getKb());

        final ObjectNode event = n.putObject("event");
        event.put("kind", "alert");
        event.putArray("category").add("email");
        event.putArray("type").add("info");
        event.put("action", action(i));
        event.put("id", i.getIncidentId());
        event.put("code", i.getKb());
        event.put("severity", i.getRiskScore());
        event.put("risk_score", (float) i.getRiskScore());
        event.put("start", i.getFirstSeen().toString());
        event.put("end", ChangeTime.end(i).toString());
        if (i.getCloseReason() != null) {
            event.put("reason", i.getEvidence().getResolution() != null ? i.getEvidence().getResolution()
                    : i.getCloseReason().name().toLowerCase(Locale.ROOT));
        }
        event.put("provider", Product.NAME);
        event.put("module", NAMESPACE);
        event.put("dataset", NAMESPACE + ".incidents");

        final ObjectNode rule = n.putObject("rule");
        rule.put("id", i.getKb());
        rule.put("uuid", Articles.ruleUuid(i.getKb()));
        rule.put("name", i.getTitle());
        rule.put("description", i.getRemediation().getSummary());
        rule.put("reference", Articles.url(i.getKb()));
        rule.put("ruleset", RULESET);
        rule.put("version", Product.VERSION);

        n.putObject("host").put("name", i.getMta());
        final ArrayNode hosts = n.putObject("related").putArray("hosts").add(i.getMta());
        if (i.getRemoteMta() != null) {
            hosts.add(i.getRemoteMta());
        }
        n.putObject("observer").put("product", Product.NAME).put("vendor", Product.VENDOR).put("version", Product.VERSION);

        final ObjectNode ours = n.putObject(NAMESPACE);
        ours.set("incident", incident(i));
        ours.set("evidence", evidence(i.getEvidence()));
        ours.set("remediation", remediation(i.getRemediation()));
        return n;
    }

    public static String toLine(final Incident incident) {
        return JsonText.line(toNode(incident), incident, "ECS");
    }

    /** {@code incident-opened}, {@code incident-updated}, {@code incident-resolved}. */
    static String action(final Incident i) {
        return switch (i.getStatus()) {
            case OPEN -> "incident-opened";
            case UPDATED -> "incident-updated";
            case RESOLVED -> "incident-resolved";
        };
    }

    private static ObjectNode incident(final Incident i) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("status", i.getStatus().name());
        n.put("severity", i.getSeverity().name());
        n.put("confidence", i.getConfidence().name());
        n.put("remote_mta", i.getRemoteMta());
        n.put("first_seen", i.getFirstSeen().toString());
        n.put("last_seen", i.getLastSeen().toString());
        n.put("detected_at", i.getDetectedAt().toString());
        n.put("resolved_at", iso(i.getResolvedAt()));
        n.put("close_reason", i.getCloseReason() == null ? null : i.getCloseReason().name());
        return n;
    }

    /**
     * Our evidence in ECS's naming style: the fields of our JSON in snake_case, except the symptom counts, which are
     * a list of {kind, count} rather than an object keyed by kind: keys such as "9316/1727" would become one
     * dynamically mapped field per kind in an Elasticsearch index.
     */
    private static ObjectNode evidence(final Evidence e) {
        final ObjectNode n = (ObjectNode) JsonText.snakeCase(IncidentJson.evidence(e));
        final ArrayNode counts = n.putArray("symptom_counts");
        e.getSymptomCounts().forEach((kind, count) -> counts.addObject().put("kind", kind).put("count", count));
        return n;
    }

    /** Our remediation in snake_case, each article with its address. */
    private static ObjectNode remediation(final Remediation r) {
        final ObjectNode n = (ObjectNode) JsonText.snakeCase(IncidentJson.remediation(r));
        n.get("references").forEach(ref -> ((ObjectNode) ref).put("url", Articles.url(ref.get("id").asText())));
        return n;
    }

    private static String iso(final Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
