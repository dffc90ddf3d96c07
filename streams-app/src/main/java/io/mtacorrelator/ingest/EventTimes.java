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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        return Optional.ofNullable(isoOrNull(text));
    }

    /** {@link #iso}, null for no time. */
    static Instant isoOrNull(final String text) {
        if (text == null) {
            return null;
        }
        final String trimmed = text.trim();
        final Instant utc = utcInstant(trimmed);
        if (utc != null) {
            return utc;
        }
        final long local = localSeconds(trimmed);
        if (local != NOT_LOCAL) {
            return Instant.ofEpochSecond(local);
        }
        return slowIso(text).orElse(null);
    }

    private static Optional<Instant> slowIso(final String text) {
        if (text.isBlank()) {
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
        final Instant utc = utcInstant(trimmed);
        if (utc != null) {
            return Optional.of(utc);
        }
        final long wallClock = localSeconds(trimmed);
        if (wallClock != NOT_LOCAL) {
            return Optional.of(local(LocalDateTime.ofEpochSecond(wallClock, 0, ZoneOffset.UTC), zone));
        }
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

    private static final long NOT_LOCAL = Long.MIN_VALUE;

    /**
     * The instant of the common shape "1999-03-01T08:31:10.123Z" (upper-case T and Z, 0-9 fractional digits, a valid
     * date and time), read without a formatter; null for any other text (which {@link Instant#parse} then reads, or
     * refuses, as before).
     */
    private static Instant utcInstant(final String t) {
        final int length = t.length();
        if (length < 20 || t.charAt(length - 1) != 'Z' || t.charAt(10) != 'T') {
            return null;
        }
        final long seconds = dateTimeSeconds(t);
        if (seconds == NOT_LOCAL) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (t.charAt(19) != '.' || length == 21 || length > 30) {
                return null;
            }
            for (int i = 20; i < length - 1; i++) {
                final int digit = t.charAt(i) - '0';
                if (digit < 0 || digit > 9) {
                    return null;
                }
                nanos = nanos * 10 + digit;
            }
            for (int i = length - 1; i < 29; i++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Seconds since the epoch of "1999-03-01 08:31:10" (NXLog's shape) as if in UTC, or {@link #NOT_LOCAL}. */
    private static long localSeconds(final String t) {
        return t.length() == 19 && t.charAt(10) == ' ' ? dateTimeSeconds(t) : NOT_LOCAL;
    }

    /** "yyyy-MM-dd?HH:mm:ss" at the start of the text, a valid date and time, as UTC seconds; else {@link #NOT_LOCAL}. */
    private static long dateTimeSeconds(final String t) {
        if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return NOT_LOCAL;
        }
        final int year = digits(t, 0, 4);
        final int month = digits(t, 5, 2);
        final int day = digits(t, 8, 2);
        final int hour = digits(t, 11, 2);
        final int minute = digits(t, 14, 2);
        final int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_LOCAL;
        }
        return java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    }

    /** The decimal number of {@code count} ASCII digits from {@code at}, or -1. */
    private static int digits(final String t, final int at, final int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            final int digit = t.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
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
        return Optional.ofNullable(whyImplausible(time));
    }

    /** Why the instant cannot be an event time, or null when it is plausible (checked per record: allocates nothing then). */
    static String whyImplausible(final Instant time) {
        if (time.isBefore(EARLIEST)) {
            return "event time " + time + " is before " + EARLIEST;
        }
        final long latestMillis = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(MAX_FUTURE_DAYS);
        final long latestSecond = Math.floorDiv(latestMillis, 1000L);
        final long latestNano = Math.floorMod(latestMillis, 1000L) * 1_000_000L;
        if (time.getEpochSecond() > latestSecond || time.getEpochSecond() == latestSecond && time.getNano() > latestNano) {
            return "event time " + time + " is more than " + MAX_FUTURE_DAYS + " day in the future";
        }
        return null;
    }
}
