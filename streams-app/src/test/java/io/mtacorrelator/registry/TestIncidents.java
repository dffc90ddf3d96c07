package io.mtacorrelator.registry;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Incidents for the registry tests. */
final class TestIncidents {

    private TestIncidents() {
    }

    /** An incident with every field set, the optional ones included. */
    static Incident complete() {
        final Instant first = Instant.parse("1999-03-01T08:00:00Z");
        final List<RpcSymptom> symptoms = new ArrayList<>();
        symptoms.add(RpcSymptom.newBuilder().setEventId(9316).setTimestamp(first.plusSeconds(60)).setNtError(1727)
                .setOperation(null).setLtabIndex(12).build());
        symptoms.add(RpcSymptom.newBuilder().setEventId(9277).setTimestamp(first.plusSeconds(120)).setNtError(null)
                .setOperation("MtaBind").setLtabIndex(null).build());
        return Incident.newBuilder()
                .setIncidentId("Q181721:EXCH1:EXCH2:920275200000")
                .setKb("Q181721")
                .setTitle("Messages stuck on an MTA association")
                .setStatus(IncidentStatus.RESOLVED)
                .setSeverity(Severity.HIGH)
                .setConfidence(Confidence.HIGH)
                .setRiskScore(73)
                .setMta("EXCH1")
                .setRemoteMta("EXCH2")
                .setFirstSeen(first)
                .setLastSeen(first.plusSeconds(900))
                .setDetectedAt(first.plusSeconds(600))
                .setResolvedAt(first.plusSeconds(1200))
                .setCloseReason(CloseReason.RECOVERED)
                .setSummary("The queue from EXCH1 to EXCH2 grew to 57 messages without a new association.")
                .setEvidence(Evidence.newBuilder()
                        .setQueueLength(57)
                        .setQueueAtStart(5)
                        .setQueueThreshold(50)
                        .setQueueGrowthPerMinute(3.5)
                        .setEstimatedThresholdAt(first.plusSeconds(840))
                        .setAssociations(1)
                        .setMessagesSentDuringGrowth(0L)
                        .setSamples(16)
                        .setSymptoms(symptoms)
                        .setSymptomCounts(Map.of("9316/1727", 2, "9277/MtaBind", 1))
                        .setLtabIndexes(List.of(12))
                        .setResolution("Queue drained after the MTA restart.")
                        .build())
                .setRemediation(Remediation.newBuilder()
                        .setSummary("Restart the MTA and check RPC connectivity.")
                        .setActions(List.of("Restart the MTA service on EXCH1.", "Check the RPC path to EXCH2."))
                        .setSelfRecovery("None: the association stays stuck.")
                        .setVerification("Queue Length to EXCH2 falls.")
                        .setReferences(List.of(Reference.newBuilder().setId("Q181721").setTitle("XCON: Messages stuck").build()))
                        .build())
                .build();
    }
}
