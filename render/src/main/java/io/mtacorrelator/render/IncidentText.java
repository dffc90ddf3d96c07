package io.mtacorrelator.render;

import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;

import java.util.stream.Collectors;

/** An incident for a person at a terminal: what, where, the evidence, and what to do. */
public final class IncidentText {

    private IncidentText() {
    }

    public static String render(final Incident i) {
        final StringBuilder b = new StringBuilder();
        final Evidence e = i.getEvidence();
        b.append("== ").append(i.getStatus()).append("  ").append(i.getKb()).append(": ").append(i.getTitle())
                .append("  [").append(i.getSeverity()).append(", confidence ").append(i.getConfidence()).append("]\n");
        b.append("   where:    ").append(i.getMta()).append(i.getRemoteMta() == null ? " (the MTA as a whole)" : " -> " + i.getRemoteMta())
                .append('\n');
        b.append("   when:     first seen ").append(i.getFirstSeen()).append(", detected ").append(i.getDetectedAt());
        if (i.getResolvedAt() != null) {
            b.append(", resolved ").append(i.getResolvedAt());
            if (i.getCloseReason() != null) {
                b.append(" (").append(i.getCloseReason().name().toLowerCase(java.util.Locale.ROOT)).append(')');
            }
        }
        b.append('\n');
        b.append("   incident: ").append(i.getIncidentId()).append('\n');
        b.append("   what:     ").append(i.getSummary()).append('\n');
        b.append("   evidence: queue ").append(e.getQueueAtStart()).append(" -> ").append(e.getQueueLength())
                .append(" (threshold ").append(e.getQueueThreshold()).append(", +").append(e.getQueueGrowthPerMinute())
                .append("/min), associations ").append(e.getAssociations())
                .append(", sent during growth ").append("not shipped".equals(e.getSentCounter())
                        ? "unknown (sent counter not shipped)" : String.valueOf(e.getMessagesSentDuringGrowth()))
                .append(", samples ").append(e.getSamples()).append('\n');
        if (!e.getSymptomCounts().isEmpty()) {
            b.append("             RPC events ").append(e.getSymptomCounts().entrySet().stream()
                    .map(x -> x.getKey() + " x" + x.getValue()).collect(Collectors.joining(", ")));
            if (!e.getLtabIndexes().isEmpty()) {
                b.append(", LTAB index ").append(e.getLtabIndexes().stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
            b.append('\n');
        }
        e.getAlternatives().forEach(a -> b.append("             also possible: ").append(a.getKb()).append(": ").append(a.getWhy())
                .append('\n'));
        if (e.getEstimatedThresholdAt() != null) {
            b.append("             threshold expected at ").append(e.getEstimatedThresholdAt()).append('\n');
        }
        if (e.getResolution() != null) {
            b.append("             ").append(e.getResolution()).append('\n');
        }
        // The full remediation once, when the incident opens; updates and the resolution only say what changed.
        if (i.getStatus() == IncidentStatus.OPEN) {
            final Remediation r = i.getRemediation();
            b.append("   cause:    ").append(r.getSummary()).append('\n');
            b.append("   do now:\n");
            r.getActions().forEach(a -> b.append("     - ").append(a).append('\n'));
            b.append("   meanwhile: ").append(r.getSelfRecovery()).append('\n');
            b.append("   confirm:  ").append(r.getVerification()).append('\n');
            b.append("   see:      ").append(r.getReferences().stream().map(Reference::getId).collect(Collectors.joining(", ")))
                    .append('\n');
        }
        return b.toString();
    }
}
