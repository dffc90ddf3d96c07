package io.mtacorrelator.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;
import io.mtacorrelator.avro.RpcSymptom;

import java.time.Instant;

/**
 * An incident as an OCSF {@value #SCHEMA_VERSION} Detection Finding (class {@value #CLASS_UID}, category Findings
 * {@value #CATEGORY_UID}), one JSON object per state change. Attribute names, enums and requirements follow the class
 * as the schema's own repository defines it ({@code events/findings/detection_finding.json}, extending
 * {@code finding.json} and {@code base_event.json}, tag 1.8.0).
 *
 * <ul>
 *   <li>{@code activity_id} follows the incident status: OPEN Create (1), UPDATED Update (2), RESOLVED Close (3);
 *   {@code type_uid} = {@code class_uid} x 100 + {@code activity_id}.</li>
 *   <li>{@code status_id} is the finding's review state as Finding defines it: New (1) while open (nobody has been
 *   seen to review it), Resolved (4) when the evidence shows the fault over, and Other (99, status "Stale") when it
 *   closed only because data stopped: that is not a resolution anyone saw.</li>
 *   <li>{@code time} is the event time of the change (never the wall clock), {@code finding_info.uid} the incident
 *   id, the same for every change of one incident.</li>
 * </ul>
 */
public final class IncidentOcsf {

    public static final String SCHEMA_VERSION = "1.8.0";
    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;

    static final int STATUS_NEW = 1;
    static final int STATUS_RESOLVED = 4;
    static final int STATUS_OTHER = 99;
    /** resource_details.role_id: the MTA whose queue is stuck is affected; the remote MTA is related to it. */
    static final int ROLE_AFFECTED = 3;
    static final int ROLE_RELATED = 4;
    /** analytic.type_id Rule. */
    static final int ANALYTIC_RULE = 1;

    private static final ObjectMapper MAPPER = JsonText.MAPPER;

    private IncidentOcsf() {
    }

    /** Create (1), Update (2), Close (3). */
    public static int activityId(final Incident i) {
        return switch (i.getStatus()) {
            case OPEN -> 1;
            case UPDATED -> 2;
            case RESOLVED -> 3;
        };
    }

    public static ObjectNode toNode(final Incident i) {
        final int activity = activityId(i);
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("class_uid", CLASS_UID);
        n.put("class_name", "Detection Finding");
        n.put("category_uid", CATEGORY_UID);
        n.put("category_name", "Findings");
        n.put("activity_id", activity);
        n.put("activity_name", switch (activity) {
            case 1 -> "Create";
            case 2 -> "Update";
            default -> "Close";
        });
        n.put("type_uid", (long) CLASS_UID * 100 + activity);
        n.put("type_name", "Detection Finding: " + n.get("activity_name").textValue());
        n.put("time", millis(ChangeTime.of(i)));
        n.put("start_time", millis(i.getFirstSeen()));
        n.put("end_time", millis(ChangeTime.end(i)));
        n.put("severity_id", severityId(i));
        n.put("severity", caption(i.getSeverity().name()));
        n.put("confidence_id", confidenceId(i));
        n.put("confidence", caption(i.getConfidence().name()));
        n.put("risk_score", i.getRiskScore());
        n.put("is_alert", activity != 3);
        n.put("message", i.getSummary());
        status(n, i);

        final ObjectNode metadata = n.putObject("metadata");
        metadata.put("version", SCHEMA_VERSION);
        metadata.putObject("product").put("name", Product.NAME).put("vendor_name", Product.VENDOR).put("version", Product.VERSION);

        final ObjectNode info = n.putObject("finding_info");
        info.put("uid", i.getIncidentId());
        info.put("title", i.getTitle());
        info.put("desc", i.getSummary());
        info.put("created_time", millis(i.getDetectedAt()));
        info.put("first_seen_time", millis(i.getFirstSeen()));
        info.put("last_seen_time", millis(i.getLastSeen()));
        info.put("src_url", Articles.url(i.getKb()));
        info.putArray("types").add(i.getKb());
        info.putObject("analytic")
                .put("uid", i.getKb())
                .put("name", i.getTitle())
                .put("type_id", ANALYTIC_RULE)
                .put("type", "Rule")
                .put("desc", i.getRemediation().getSummary())
                .put("version", Product.VERSION);

        final ArrayNode resources = n.putArray("resources");
        resource(resources, i.getMta(), ROLE_AFFECTED, "Affected");
        if (i.getRemoteMta() != null) {
            resource(resources, i.getRemoteMta(), ROLE_RELATED, "Related");
        }
        n.set("evidences", evidences(i.getEvidence()));
        n.set("remediation", remediation(i.getRemediation()));
        return n;
    }

    public static String toLine(final Incident incident) {
        return JsonText.line(toNode(incident), incident, "OCSF");
    }

    /** Low 2, Medium 3, High 4, Critical 5 (OCSF's 1 is Informational, which no incident is). */
    static int severityId(final Incident i) {
        return switch (i.getSeverity()) {
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    /** Low 1, Medium 2, High 3. */
    static int confidenceId(final Incident i) {
        return switch (i.getConfidence()) {
            case LOW -> 1;
            case MEDIUM -> 2;
            case HIGH -> 3;
        };
    }

    private static void status(final ObjectNode n, final Incident i) {
        if (i.getResolvedAt() == null) {
            n.put("status_id", STATUS_NEW);
            n.put("status", "New");
        } else if (i.getCloseReason() == CloseReason.STALE) {
            n.put("status_id", STATUS_OTHER);
            n.put("status", "Stale");
        } else {
            n.put("status_id", STATUS_RESOLVED);
            n.put("status", "Resolved");
        }
        if (i.getEvidence().getResolution() != null) {
            n.put("status_detail", i.getEvidence().getResolution());
        }
    }

    private static void resource(final ArrayNode resources, final String mta, final int role, final String roleName) {
        resources.addObject()
                .put("name", mta)
                .put("hostname", mta)
                .put("type", "Microsoft Exchange MTA")
                .put("role_id", role)
                .put("role", roleName);
    }

    /**
     * The queue and counters the decision used as one evidence, and each supporting event-log record as one more.
     * Evidence Artifacts need at least one of their typed attributes; ours have no OCSF object of their own, so they
     * go in {@code data} (JSON), which the class allows for exactly this.
     */
    private static ArrayNode evidences(final Evidence e) {
        final ArrayNode list = MAPPER.createArrayNode();
        final ObjectNode queue = list.addObject();
        queue.put("name", "MSExchangeMTA Connections queue");
        final ObjectNode q = queue.putObject("data");
        q.put("queue_length", e.getQueueLength());
        q.put("queue_at_start", e.getQueueAtStart());
        q.put("queue_threshold", e.getQueueThreshold());
        q.put("queue_growth_per_minute", e.getQueueGrowthPerMinute());
        if (e.getEstimatedThresholdAt() != null) {
            q.put("estimated_threshold_time", millis(e.getEstimatedThresholdAt()));
        }
        q.put("associations", e.getAssociations());
        q.put("messages_sent_during_growth", e.getMessagesSentDuringGrowth());
        q.put("samples", e.getSamples());
        final ObjectNode counts = q.putObject("symptom_counts");
        e.getSymptomCounts().forEach(counts::put);
        final ArrayNode ltabs = q.putArray("ltab_indexes");
        e.getLtabIndexes().forEach(ltabs::add);
        for (final RpcSymptom s : e.getSymptoms()) {
            final ObjectNode ev = list.addObject();
            ev.put("name", "MSExchangeMTA event " + s.getEventId());
            final ObjectNode d = ev.putObject("data");
            d.put("event_id", s.getEventId());
            d.put("time", millis(s.getTimestamp()));
            if (s.getNtError() != null) {
                d.put("nt_error", s.getNtError());
            }
            if (s.getOperation() != null) {
                d.put("operation", s.getOperation());
            }
            if (s.getLtabIndex() != null) {
                d.put("ltab_index", s.getLtabIndex());
            }
        }
        return list;
    }

    private static ObjectNode remediation(final Remediation r) {
        final ObjectNode n = MAPPER.createObjectNode();
        final StringBuilder desc = new StringBuilder(r.getSummary());
        r.getActions().forEach(a -> desc.append("\n- ").append(a));
        if (r.getSelfRecovery() != null) {
            desc.append("\nMeanwhile: ").append(r.getSelfRecovery());
        }
        if (r.getVerification() != null) {
            desc.append("\nTo confirm: ").append(r.getVerification());
        }
        n.put("desc", desc.toString());
        final ArrayNode articles = n.putArray("kb_article_list");
        final ArrayNode urls = n.putArray("references");
        for (final Reference ref : r.getReferences()) {
            articles.addObject().put("uid", ref.getId()).put("title", ref.getTitle()).put("src_url", Articles.url(ref.getId()));
            urls.add(Articles.url(ref.getId()));
        }
        return n;
    }

    private static String caption(final String symbol) {
        return symbol.charAt(0) + symbol.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static long millis(final Instant instant) {
        return instant.toEpochMilli();
    }
}
