package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;

import java.time.Instant;
import java.util.List;

/**
 * Remediation texts, written for operators in our own words, citing the Knowledge Base articles by ID:
 * what to do now, what the MTA will do by itself, how to confirm the fix.
 */
public final class Remediations {

    private Remediations() {
    }

    /**
     * @param remote    the remote MTA, or null for an incident of the MTA as a whole
     * @param eta       when the queue reaches the threshold at the current rate, or null
     */
    public static Remediation forKb(final String kb, final String mta, final String remote, final int threshold,
                                    final Instant eta) {
        final String peer = remote == null ? "the remote MTAs" : remote;
        return switch (kb) {
            case Q181721Rule.KB -> q181721(mta, peer, threshold, eta);
            case Q170056Rule.KB -> build(
                    mta + " cannot bind to the MTA on " + peer + " over RPC (9318 with error 1722, RPC server unavailable; "
                            + "9215 with socket error 10061, connection refused): the server or its MTA service is down, or "
                            + "the network path to it is blocked. No association forms, so mail queues (Q170056).",
                    List.of("Check that " + peer + " is up and its Microsoft Exchange MTA service is running.",
                            "From " + mta + ", check name resolution of " + peer + " and that the RPC endpoint mapper "
                                    + "(TCP 135) and the MTA's RPC ports on " + peer + " are reachable through any firewall.",
                            "If the server was taken down on purpose, expect the queue to keep growing until it returns."),
                    mta + " keeps retrying the association (Num-Of-Open-Retries); queued mail goes out once " + peer
                            + " answers.",
                    "Associations to " + peer + " rise above 0, the queue drains, and no new 9318 (1722) or 9215 (10061) "
                            + "events appear on " + mta + ".",
                    ref("Q170056", "MTA cannot bind to a remote MTA (RPC error 1722, socket error 10061)"));
            case Q181513Rule.KB -> build(
                    "Over a Dynamic RAS connector, once the queue from " + mta + " to " + peer + " passes the association "
                            + "threshold (" + threshold + ") the MTA tries a further association over the RAS link and it "
                            + "fails (9316 with error 1783, RAS failures 1294) (Q181513).",
                    List.of("Apply the correction that Q181513 gives for your Exchange version on " + mta + ".",
                            "Until then, keep this connector's queue below the association threshold, for instance by "
                                    + "raising Threshold (msgs) in the connector's override values, so that no second "
                                    + "association is attempted over the RAS link."),
                    "Delivery over the first association goes on; attempts above the threshold keep failing.",
                    "The queue to " + peer + " passes " + threshold + " without new 9316 (1783) or 1294 events, and drains.",
                    ref("Q181513", "Dynamic RAS connector fails when the queue exceeds the association threshold"));
            case Q228901Rule.KB -> build(
                    mta + " cannot have its service account validated across the RAS link to " + peer + ": no domain "
                            + "controller is reachable (Netlogon 5719), so the remote refuses the bind (9318/9322 with "
                            + "error 1722) and RPCs fail with NT error 0 (Q228901).",
                    List.of("Make a domain controller of the service account's domain reachable over the link: name "
                                    + "resolution (WINS or LMHOSTS entries) and the RAS connection's credentials.",
                            "Check that both sites use the same site services account and password.",
                            "See Q228901 for the configuration it describes."),
                    "Nothing recovers by itself while validation fails; mail waits in the queue to " + peer + ".",
                    "Binds from " + mta + " to " + peer + " succeed, no new Netlogon 5719 appears, and the queue drains.",
                    ref("Q228901", "MTA binds fail over RAS when the service account cannot be validated"));
            case Q189494Rule.KB -> build(
                    mta + " cancels many RPCs that stayed silent for about two minutes (9277 RPC inactive). A few are normal; "
                            + "this many point to a slow or lossy network to " + peer + " or an overloaded remote server (Q189494).",
                    List.of("Measure latency and packet loss between " + mta + " and its remote MTAs; look for saturated WAN "
                                    + "links or failing network equipment.",
                            "Check the load of the remote servers the cancels concern.",
                            "This is not Q181721: no queue is stuck on an open association."),
                    "The MTA retries cancelled RPCs; mail is delayed, not lost.",
                    "9277 RPC inactive events fall back to a handful a day.",
                    ref("Q189494", "Many MTA RPC cancel events with RPC inactive"));
            case Q194589Rule.KB -> build(
                    mta + " reached its limit of associations under load (event 57); queues wait for a free association "
                            + "(Q194589).",
                    List.of("See Q194589 for raising the MTA's association limit on " + mta + ".",
                            "Look for what drives the load: a large distribution, or a remote MTA that holds associations "
                                    + "without delivering."),
                    "Associations free up as deliveries finish; queued mail goes out with a delay.",
                    "No new event 57 on " + mta + " and queues back to their usual length.",
                    ref("Q194589", "MTA association limit reached under heavy load"));
            case Q157068Rule.KB -> build(
                    "After " + mta + "'s MTA restarted (9298), its Work Queue Length climbs beyond what the connection "
                            + "queues hold: a counter artefact of Exchange Server 4.0, not mail waiting (Q157068).",
                    List.of("Judge the backlog by the per-connection Queue Length counters or the MTA queue viewer, not by "
                                    + "Work Queue Length.",
                            "No action is needed for mail flow; see Q157068."),
                    "The counter is wrong until the MTA restarts again; mail flow is not affected.",
                    "The MSExchangeMTA Connections queues are short and mail is delivered.",
                    ref("Q157068", "Work Queue Length grows unrealistically after an MTA restart"));
            default -> throw new IllegalArgumentException("no remediation for " + kb);
        };
    }

    static Remediation q181721(final String mta, final String remote, final int threshold, final Instant thresholdEta) {
        final String eta = thresholdEta == null ? "" : " (about " + thresholdEta + " at the current rate)";
        return build(
                "The Windows NT 4.0 RPC layer on " + remote + " has filed the association from " + mta
                        + " under the wrong address space and refuses its next bind (Bind NAK), so the association "
                        + "stays open but carries no mail. Fixed in Windows NT 4.0 Service Pack 4 (Q181721).",
                List.of("Install Windows NT 4.0 Service Pack 4 or later on " + remote + ", the receiving server "
                                + "(Terminal Server Edition: its own SP4); Q152734 explains how to obtain the current service pack.",
                        "Check the service pack level of the other servers " + mta + " talks to over RPC: any receiving "
                                + "NT 4.0 server before SP4 can show the same fault.",
                        "Until the server is patched, expect mail from " + mta + " to " + remote
                                + " to wait until the queue reaches the association threshold."),
                "When the queue to " + remote + " reaches the association threshold (Threshold (msgs), " + threshold + ")"
                        + eta + ", " + mta + " opens a new association and delivery resumes by itself; the fault returns "
                        + "on a later association until the service pack is installed.",
                "After the service pack, the queue from " + mta + " to " + remote + " drains over the open association, "
                        + "Outbound Messages Total keeps rising, and no new 9316 (error 1727) or 9277 MtaBind cancel "
                        + "events appear in " + mta + "'s Application log.",
                ref("Q181721", "Messages not being delivered over an association"),
                ref("Q152734", "How to obtain the latest Windows NT 4.0 service pack"));
    }

    private static Remediation build(final String summary, final List<String> actions, final String selfRecovery,
                                     final String verification, final Reference... references) {
        return Remediation.newBuilder()
                .setSummary(summary)
                .setActions(actions)
                .setSelfRecovery(selfRecovery)
                .setVerification(verification)
                .setReferences(List.of(references))
                .build();
    }

    private static Reference ref(final String id, final String title) {
        return new Reference(id, title);
    }
}
