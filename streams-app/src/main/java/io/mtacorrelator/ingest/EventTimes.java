package io.mtacorrelator.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Event-time parsing shared by the shipper formats, with the plausibility window applied to every record. */
public final class EventTimes {

    /** Exchange 4.0 shipped in 1996; anything before 1990 is a broken clock or a broken field. */
    static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    /** Tolerated clock skew of a shipper ahead of us. */
    static final long MAX_FUTURE_DAYS = 1;

    private static final DateTimeFormatter NXLOG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private EventTimes() {
    }

    /** ISO-8601 instants with any fraction ("2020-05-13T13:21:43.1831809Z"). */
    public static Optional<Instant> iso(final String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(text.trim(), NXLOG).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** A numeric epoch whose unit is told by its size: seconds, milliseconds, microseconds or nanoseconds. */
    public static Instant epoch(final double value) {
        final double abs = Math.abs(value);
        if (abs < 1e11) {
            return Instant.ofEpochMilli(Math.round(value * 1000d));
        } else if (abs < 1e14) {
            return Instant.ofEpochMilli(Math.round(value));
        } else if (abs < 1e17) {
            return Instant.ofEpochMilli(Math.round(value / 1000d));
        }
        return Instant.ofEpochMilli(Math.round(value / 1_000_000d));
    }

    /** Why the instant cannot be an event time, or empty when it is plausible. */
    public static Optional<String> implausible(final Instant time) {
        if (time.isBefore(EARLIEST)) {
            return Optional.of("event time " + time + " is before " + EARLIEST);
        }
        final Instant latest = Instant.now().plus(MAX_FUTURE_DAYS, ChronoUnit.DAYS);
        if (time.isAfter(latest)) {
            return Optional.of("event time " + time + " is more than " + MAX_FUTURE_DAYS + " day in the future");
        }
        return Optional.empty();
    }
}
