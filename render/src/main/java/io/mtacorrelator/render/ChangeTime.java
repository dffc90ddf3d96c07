package io.mtacorrelator.render;

import io.mtacorrelator.avro.Incident;

import java.time.Instant;

/**
 * The event time of an incident's state change, the one time each SIEM shape puts first (ECS {@code @timestamp},
 * OCSF {@code time}, CEF {@code rt}). Taken from the incident alone, never from the wall clock, so the same input
 * renders the same records.
 */
public final class ChangeTime {

    private ChangeTime() {
    }

    /** OPEN: when the evidence first sufficed; UPDATED: the latest evidence; RESOLVED: when it was resolved. */
    public static Instant of(final Incident incident) {
        return switch (incident.getStatus()) {
            case OPEN -> incident.getDetectedAt();
            case UPDATED -> incident.getLastSeen();
            case RESOLVED -> incident.getResolvedAt() != null ? incident.getResolvedAt() : incident.getLastSeen();
        };
    }

    /** The end of the observed period: the resolution, or the latest evidence while the incident is open. */
    public static Instant end(final Incident incident) {
        return incident.getResolvedAt() != null ? incident.getResolvedAt() : incident.getLastSeen();
    }
}
