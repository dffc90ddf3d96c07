package io.mtacorrelator.render;

import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;
import io.mtacorrelator.avro.RpcSymptom;
import io.mtacorrelator.avro.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Incidents of the shape the correlator emits, built by hand with explicit event times, for the rendering tests. */
final class SampleIncidents {

    static final String ID = "5f0c1c52-94a4-3c2e-9d6a-0c5b1f3a7e21";
    static final Instant FIRST_SEEN = Instant.parse("1999-03-01T08:29:00Z");
    static final Instant DETECTED = Instant.parse("1999-03-01T08:33:00Z");
    static final Instant LAST_SEEN = Instant.parse("1999-03-01T08:45:00Z");
    static final Instant RESOLVED = Instant.parse("1999-03-01T08:54:00Z");
    static final Instant ETA = Instant.parse("1999-03-01T09:01:00Z");
    static final Instant SYMPTOM_9316 = Instant.parse("1999-03-01T08:31:10Z");
    static final Instant SYMPTOM_9277 = Instant.parse("1999-03-01T08:33:40Z");

    private SampleIncidents() {
    }

    /** Q181721 on EXCH1 -> EXCH2 as it opens: both symptoms, queue 2 -> 8 of 50. */
    static Incident.Builder q181721(final IncidentStatus status) {
        return Incident.newBuilder()
                .setIncidentId(ID)
                .setKb("Q181721")
                .setTitle("Messages not delivered over an association")
                .setStatus(status)
                .setSeverity(Severity.HIGH)
                .setConfidence(Confidence.HIGH)
                .setRiskScore(73)
                .setMta("EXCH1")
                .setRemoteMta("EXCH2")
                .setFirstSeen(FIRST_SEEN)
                .setLastSeen(LAST_SEEN)
                .setDetectedAt(DETECTED)
                .setResolvedAt(null)
                .setCloseReason(null)
                .setSummary("Queue from EXCH1 to EXCH2 grew from 2 to 8 messages over an open association with nothing sent.")
                .setEvidence(Evidence.newBuilder()
                        .setQueueLength(8)
                        .setQueueAtStart(2)
                        .setQueueThreshold(50)
                        .setQueueGrowthPerMinute(1.5)
                        .setEstimatedThresholdAt(ETA)
                        .setAssociations(1)
                        .setMessagesSentDuringGrowth(0)
                        .setSamples(5)
                        .setSymptoms(List.of(
                                RpcSymptom.newBuilder().setEventId(9316).setTimestamp(SYMPTOM_9316).setNtError(1727)
                                        .setOperation(null).setLtabIndex(53).build(),
                                RpcSymptom.newBuilder().setEventId(9277).setTimestamp(SYMPTOM_9277).setNtError(null)
                                        .setOperation("MtaBind").setLtabIndex(160).build()))
                        .setSymptomCounts(Map.of("9316/1727", 1, "9277/MtaBind", 1))
                        .setLtabIndexes(List.of(53, 160))
                        .setResolution(null)
                        .setSentCounter("shipped")
                        .setAlternatives(List.of(new io.mtacorrelator.avro.Alternative("Q228901",
                                "Netlogon 5719 (no domain controller) at 1999-03-01T08:18:00Z; but no 9316 with error 0")))
                        .build())
                .setRemediation(Remediation.newBuilder()
                        .setSummary("The RPC layer on EXCH2 files the association from EXCH1 under the wrong address space.")
                        .setActions(List.of("Install Windows NT 4.0 Service Pack 4 or later on EXCH2.",
                                "Until then, restart the MTA on EXCH2 to clear the association."))
                        .setSelfRecovery("At 50 queued messages EXCH1 opens a new association and mail flows again.")
                        .setVerification("The queue to EXCH2 drains and no 9316 with error 1727 is logged.")
                        .setReferences(List.of(new Reference("Q181721", "Messages not delivered over an association"),
                                new Reference("Q152734", "How to obtain the latest Windows NT 4.0 service pack")))
                        .build());
    }

    static Incident open() {
        return q181721(IncidentStatus.OPEN).build();
    }

    static Incident updated() {
        return q181721(IncidentStatus.UPDATED).build();
    }

    /** The same incident closed because delivery resumed. */
    static Incident resolved() {
        final Incident.Builder b = q181721(IncidentStatus.RESOLVED).setResolvedAt(RESOLVED).setCloseReason(CloseReason.RECOVERED)
                .setSummary("Q181721 on EXCH1 to EXCH2 is over: delivery resumed: 15 message(s) sent.");
        b.getEvidence().setResolution("delivery resumed: 15 message(s) sent, queue 51 -> 36, associations 2");
        return b.build();
    }

    /** The same incident closed only because its counters stopped arriving. */
    static Incident stale() {
        final Incident.Builder b = q181721(IncidentStatus.RESOLVED).setResolvedAt(RESOLVED).setCloseReason(CloseReason.STALE);
        b.getEvidence().setResolution("no counter sample for 30 minutes");
        return b.build();
    }

    /** An incident of the MTA as a whole (no remote MTA, no RPC symptom list), LOW severity. */
    static Incident mtaWide() {
        final Incident.Builder b = q181721(IncidentStatus.OPEN).setKb("Q189494").setRemoteMta(null)
                .setTitle("Flood of RPC inactive cancels: slow or lossy path to remote MTAs")
                .setSeverity(Severity.LOW).setConfidence(Confidence.MEDIUM).setRiskScore(21);
        b.getEvidence().setSymptoms(List.of());
        b.getEvidence().setSymptomCounts(Map.of());
        b.getEvidence().setLtabIndexes(List.of());
        b.getEvidence().setEstimatedThresholdAt(null);
        b.getRemediation().setSelfRecovery(null);
        b.getRemediation().setVerification(null);
        return b.build();
    }

    /** Text with every character the shapes must escape: CEF's |, \ and =, line breaks, JSON quotes. */
    static Incident awkward() {
        final Incident.Builder b = q181721(IncidentStatus.OPEN)
                .setTitle("Queue | stuck \\ at \"EXCH2\"\nsecond line")
                .setSummary("a=b c\\d | e\r\nnext line = done \\")
                .setMta("EXCH1")
                .setRemoteMta("EXCH|2");
        b.getRemediation().setActions(List.of("Set x=1", "Path C:\\exchsrvr\\mtadata"));
        return b.build();
    }

    static List<Incident> all() {
        return List.of(open(), updated(), resolved(), stale(), mtaWide(), awkward());
    }
}
