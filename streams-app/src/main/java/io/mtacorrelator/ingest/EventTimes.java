package io.mtacorrelator.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Event-time parsing shared by the shipper formats, with the plausibility window applied to every record. */
public final class EventTimes {

    /** Exchange 4.0 shipped in 1996; anything before 1990 is a broken clock or a broken field. */
    static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    /** Tolerated clock skew of a shipper ahead of us. */
    static final long MAX_FUTURE_DAYS = 1;

    private static final DateTimeFormatter NXLOG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern CLOCK = Pattern.compile(
            "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?(?:\\s*([AaPp])\\.?\\s?[Mm]\\.?)?");

    private EventTimes() {
    }

    /** ISO-8601 instants with any fraction ("2020-05-13T13:21:43.1831809Z"); "YYYY-MM-DD hh:mm:ss" as UTC. */
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

    /**
     * An ISO-8601 instant (with a zone or offset) as it says; a time without one ("YYYY-MM-DD hh:mm:ss", NXLog's own
     * format, or an ISO local date-time) in {@code zone}.
     */
    public static Optional<Instant> zoned(final String text, final ZoneId zone) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        final String trimmed = text.trim();
        try {
            return Optional.of(Instant.parse(trimmed));
        } catch (DateTimeParseException e) {
            // no zone or offset: the wall clock of the zone given
        }
        for (final DateTimeFormatter local : List.of(NXLOG, DateTimeFormatter.ISO_LOCAL_DATE_TIME)) {
            try {
                return Optional.of(local(LocalDateTime.parse(trimmed, local), zone));
            } catch (DateTimeParseException e) {
                // try the next shape
            }
        }
        return Optional.empty();
    }

    /**
     * A wall-clock time in a zone as an instant. Daylight saving: a time in the spring-forward gap (which no clock
     * showed) is moved forward by the gap, as a clock that missed the change would read; a time in the autumn
     * fall-back hour, which happened twice, is taken as the first (summer-time) one, since the record does not say.
     */
    public static Instant local(final LocalDateTime time, final ZoneId zone) {
        return ZonedDateTime.ofLocal(time, zone, null).toInstant();
    }

    /** "8:31:10 AM", "20:31:10", "8:31", "8:31:10 p.m.", with or without fractional seconds. */
    public static Optional<LocalTime> clock(final String text) {
        final Matcher m = CLOCK.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(1));
        final int minute = Integer.parseInt(m.group(2));
        final int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (m.group(4) != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            hour = hour % 12 + (Character.toUpperCase(m.group(4).charAt(0)) == 'P' ? 12 : 0);
        }
        try {
            return Optional.of(LocalTime.of(hour, minute, second));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a clock time is written with AM/PM. */
    public static boolean twelveHour(final String text) {
        final Matcher m = CLOCK.matcher(text.trim());
        return m.matches() && m.group(4) != null;
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
