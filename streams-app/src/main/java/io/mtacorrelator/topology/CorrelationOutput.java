package io.mtacorrelator.topology;

import io.mtacorrelator.avro.Incident;

/** What the correlation step emits: an incident state change, or a late signal's record to set aside. */
sealed interface CorrelationOutput permits CorrelationOutput.IncidentChange, CorrelationOutput.Late {

    record IncidentChange(Incident incident) implements CorrelationOutput {
    }

    record Late(byte[] value) implements CorrelationOutput {
    }
}
