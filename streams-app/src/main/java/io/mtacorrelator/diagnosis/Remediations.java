package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;

import java.time.Instant;
import java.util.List;

/** Remediation texts, written for operators, citing the Knowledge Base articles by ID. */
public final class Remediations {

    private Remediations() {
    }

    public static Remediation q181721(final String mta, final String remote, final int threshold, final Instant thresholdEta) {
        final String eta = thresholdEta == null ? "" : " (about " + thresholdEta + " at the current rate)";
        return Remediation.newBuilder()
                .setSummary("The Windows NT 4.0 RPC layer on " + remote + " has filed the association from " + mta
                        + " under the wrong address space and refuses its next bind (Bind NAK), so the association "
                        + "stays open but carries no mail. Fixed in Windows NT 4.0 Service Pack 4 (Q181721).")
                .setActions(List.of(
                        "Install Windows NT 4.0 Service Pack 4 or later on " + remote + ", the receiving server "
                                + "(Terminal Server Edition: its own SP4); Q152734 explains how to obtain the current service pack.",
                        "Check the service pack level of the other servers " + mta + " talks to over RPC: any receiving "
                                + "NT 4.0 server before SP4 can show the same fault.",
                        "Until the server is patched, expect mail from " + mta + " to " + remote
                                + " to wait until the queue reaches the association threshold."))
                .setSelfRecovery("When the queue to " + remote + " reaches the association threshold (Threshold (msgs), "
                        + threshold + ")" + eta + ", " + mta + " opens a new association and delivery resumes by itself; "
                        + "the fault returns on a later association until the service pack is installed.")
                .setVerification("After the service pack, the queue from " + mta + " to " + remote + " drains over the "
                        + "open association, Outbound Messages Total keeps rising, and no new 9316 (error 1727) or 9277 "
                        + "MtaBind cancel events appear in " + mta + "'s Application log.")
                .setReferences(List.of(
                        new Reference("Q181721", "Messages not being delivered over an association"),
                        new Reference("Q152734", "How to obtain the latest Windows NT 4.0 service pack")))
                .build();
    }
}
