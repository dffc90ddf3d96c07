package io.mtacorrelator.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order of day, month and year in the dates of an Event Viewer export, which writes them in the exporting
 * machine's locale ({@code 3/1/1999} in the US, {@code 01-03-1999} in the Netherlands, {@code 01.03.1999} in Germany,
 * {@code 1999/03/01} in Japan). Given as a pattern such as {@code dd-MM-yyyy} ({@code mta.input.date.pattern}); only
 * the order of its {@code d}, {@code M} and {@code y} fields matters, so separators and leading zeros may differ
 * from row to row. Two-digit years 90-99 are 19xx, 00-89 20xx.
 *
 * <p>{@link #AUTO} (no pattern) decides per date: a four-digit first field is a year (year-month-day); a first field
 * over 12 is a day, a second over 12 is a day; equal fields are the same either way; with slashes and an AM/PM time,
 * month first (US English, the locale of every English Event Viewer); anything else is ambiguous and is refused with
 * a reason naming the setting, rather than read as the wrong day.
 */
public final class DatePattern {

    /** Day, month and year in the order the export writes them. */
    public enum Order { DMY, MDY, YMD }

    public static final DatePattern AUTO = new DatePattern(null, null);

    private static final Pattern DATE = Pattern.compile("(\\d{1,4})([/.\\-])(\\d{1,2})[/.\\-](\\d{1,4})\\.?");
    private static final Pattern PATTERN_FIELDS = Pattern.compile("(d+)|(M+)|(y+|u+)");

    private final String pattern;
    private final Order order;

    private DatePattern(final String pattern, final Order order) {
        this.pattern = pattern;
        this.order = order;
    }

    /**
     * @param pattern empty or null for {@link #AUTO}
     * @throws IllegalArgumentException when the pattern does not have exactly one day, one month and one year field
     */
    public static DatePattern of(final String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return AUTO;
        }
        final Matcher m = PATTERN_FIELDS.matcher(pattern.trim());
        final StringBuilder letters = new StringBuilder();
        while (m.find()) {
            letters.append(m.group(1) != null ? 'D' : m.group(2) != null ? 'M' : 'Y');
        }
        final String stripped = pattern.trim().replaceAll("[dMyu]", "");
        if (!stripped.chars().allMatch(c -> c == '/' || c == '-' || c == '.' || c == ' ')) {
            throw new IllegalArgumentException("date pattern '" + pattern + "' may hold only d, M, y and the separators / - .");
        }
        try {
            return new DatePattern(pattern.trim(), orderOf(letters.toString(), pattern));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("date pattern '" + pattern + "' must have one day (d), one month (M) and "
                    + "one year (y) field, e.g. dd-MM-yyyy, M/d/yyyy or yyyy/MM/dd");
        }
    }

    private static Order orderOf(final String letters, final String pattern) {
        return switch (letters) {
            case "DMY" -> Order.DMY;
            case "MDY" -> Order.MDY;
            case "YMD" -> Order.YMD;
            default -> throw new IllegalArgumentException(pattern);
        };
    }

    public boolean isAuto() {
        return order == null;
    }

    @Override
    public String toString() {
        return pattern == null ? "auto" : pattern;
    }

    /**
     * The date, or empty with the reason in {@code why} (a one-element array) when it cannot be read.
     *
     * @param twelveHourClock whether the time beside it has AM/PM (a sign of US English for slashed dates)
     */
    public Optional<LocalDate> parse(final String text, final boolean twelveHourClock, final String[] why) {
        final Matcher m = DATE.matcher(text.trim());
        if (!m.matches()) {
            why[0] = "'" + text.trim() + "' is not a date";
            return Optional.empty();
        }
        final String a = m.group(1);
        final String b = m.group(3);
        final String c = m.group(4);
        Order use = order;
        if (use == null) {
            use = guess(a, b, c, "/".equals(m.group(2)) && twelveHourClock);
            if (use == null) {
                why[0] = "date '" + text.trim() + "' is ambiguous (day-month or month-day): set mta.input.date.pattern "
                        + "to the export's date pattern, e.g. dd-MM-yyyy or M/d/yyyy";
                return Optional.empty();
            }
        }
        final String day;
        final String month;
        final String year;
        switch (use) {
            case DMY -> { day = a; month = b; year = c; }
            case MDY -> { month = a; day = b; year = c; }
            default -> { year = a; month = b; day = c; }
        }
        try {
            return Optional.of(LocalDate.of(year(year), Integer.parseInt(month), Integer.parseInt(day)));
        } catch (final DateTimeException | NumberFormatException e) {
            why[0] = "'" + text.trim() + "' is not a date in the order " + (pattern == null ? use.name() : pattern);
            return Optional.empty();
        }
    }

    private static Order guess(final String a, final String b, final String c, final boolean usEnglish) {
        if (a.length() == 4) {
            return Order.YMD;
        }
        if (c.length() != 4 && c.length() != 2) {
            return null;
        }
        final int first = Integer.parseInt(a);
        final int second = Integer.parseInt(b);
        if (first > 12 && second <= 12) {
            return Order.DMY;
        }
        if (second > 12 && first <= 12) {
            return Order.MDY;
        }
        if (first == second || usEnglish) {
            return Order.MDY;
        }
        return null;
    }

    private static int year(final String text) {
        final int value = Integer.parseInt(text);
        if (text.length() <= 2) {
            return value >= 90 ? 1900 + value : 2000 + value;
        }
        return value;
    }
}
