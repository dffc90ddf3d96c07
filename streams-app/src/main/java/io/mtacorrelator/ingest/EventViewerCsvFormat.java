package io.mtacorrelator.ingest;

import io.mtacorrelator.catalog.EventCatalogue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the comma-separated text that Event Viewer writes when a legacy log is saved as text. Two column
 * orders exist, told apart by the first column (a date, or an event type):
 * <ul>
 *   <li>Windows NT 4.0 Event Viewer, "Save As", comma-delimited text:
 *   {@code Date,Time,Source,Type,Category,Event,User,Computer,Description}, e.g.
 *   {@code 3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,An RPC communications error occurred. ...}.
 *   The description is written unquoted and may contain commas: everything after the eighth comma is the
 *   description.</li>
 *   <li>Windows 2000/XP/2003 Event Viewer, "Save Log File As", CSV:
 *   {@code Type,Date,Time,Source,Category,Event,User,Computer,Description}, e.g.
 *   {@code Warning,3/1/1999,8:31:10 AM,MSExchangeMTA,Interface,9316,N/A,EXCH1,"An RPC communications error ..."}.</li>
 * </ul>
 * Fields may be quoted as in RFC 4180 (commas inside quotes, {@code ""} for a quote); an unquoted description is
 * kept verbatim. The type words are the English ones (Information, Warning, Error, Success Audit, Failure Audit);
 * dates are US-English {@code M/d/yy} or {@code M/d/yyyy} (two-digit years 90-99 are 19xx, 00-89 are 20xx);
 * times are {@code h:mm:ss AM/PM} or 24-hour {@code H:mm:ss}.
 *
 * <p><b>Time zone:</b> Event Viewer writes the exporting machine's local time with no zone. It is taken as
 * UTC; when the exporting machine ran on another zone, event times are off by that offset.
 *
 * <p>The event column is masked to its low 16 bits, a category of {@code None} (category 0) is no category, and
 * there are no insertion strings (the export has only the rendered description) nor a channel or record number.
 * A header line ({@code Type,Date,Time,...} or {@code Date,Time,Source,...}) is ignored, not rejected.
 */
public final class EventViewerCsvFormat implements ShipperFormat {

    /** The two column orders, by the name Event Viewer's own header gives each column. */
    enum Layout {
        NT4(List.of("Date", "Time", "Source", "Type", "Category", "Event", "User", "Computer", "Description")),
        W2K(List.of("Type", "Date", "Time", "Source", "Category", "Event", "User", "Computer", "Description"));

        private final List<String> columns;

        Layout(final List<String> columns) {
            this.columns = columns;
        }

        int index(final String column) {
            return columns.indexOf(column);
        }

        String header() {
            return String.join(",", columns);
        }
    }

    static final int COLUMNS = 9;

    static final Set<String> TYPES = Set.of("information", "warning", "error", "success audit", "failure audit");

    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{1,4}");
    private static final Pattern TIME_SHAPE = Pattern.compile("\\d{1,2}:\\d{1,2}(?::\\d{1,2})?(?:\\s*[AaPp]\\.?[Mm]\\.?)?");
    private static final Pattern DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2}|\\d{4})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\s*([AaPp])\\.?[Mm]\\.?)?");
    private static final Pattern EVENT = Pattern.compile("\\d{1,10}");

    /** A CSV line could not be split into its columns. */
    private static final class CsvException extends Exception {
        private static final long serialVersionUID = 1L;

        private CsvException(final String message) {
            super(message, null, false, false);
        }
    }

    /** The first eight columns, and the description as it stands after the eighth comma (null when missing). */
    private record Line(List<String> fields, String description) {
    }

    @Override
    public String name() {
        return "eventviewer-csv";
    }

    @Override
    public boolean accepts(final RawRecord raw) {
        if (raw.isJson() || raw.text() == null) {
            return false;
        }
        final String trimmed = raw.text().strip();
        if (trimmed.startsWith("<")) {
            return false;
        }
        final List<String> first = leadingFields(trimmed, 3);
        return isHeader(first) || layoutOf(first).isPresent();
    }

    @Override
    public ParseOutcome parse(final RawRecord raw) {
        final String text = raw.text().strip();
        final List<String> first = leadingFields(text, 3);
        if (isHeader(first)) {
            // A header followed by lines is a whole export in one record: dropping it as a header would lose them.
            return text.lines().count() > 1
                    ? new ParseOutcome.Rejected("more than one CSV line in one record", name())
                    : new ParseOutcome.Ignored("CSV header line", name());
        }
        final Optional<Layout> layout = layoutOf(first);
        if (layout.isEmpty()) {
            return new ParseOutcome.Rejected("column 1 is neither a date (M/d/yy) nor an event type (Information, Warning, "
                    + "Error, Success Audit, Failure Audit)", name());
        }
        final Layout columns = layout.get();
        final Line line;
        try {
            line = split(text, columns);
        } catch (final CsvException e) {
            return new ParseOutcome.Rejected(e.getMessage(), name());
        }
        final List<String> fields = line.fields();
        if (line.description() == null) {
            return new ParseOutcome.Rejected(fields.size() + " columns, expected " + COLUMNS + " (" + columns.header()
                    + "): no column " + columns.columns.get(fields.size()), name());
        }
        final String source = fields.get(columns.index("Source")).trim();
        if (source.isEmpty()) {
            return new ParseOutcome.Rejected("column Source is empty", name());
        }
        if (!EventCatalogue.isMtaProvider(source)) {
            return new ParseOutcome.Ignored("event source " + source + " is not " + EventCatalogue.PROVIDER, name());
        }
        final String dateText = fields.get(columns.index("Date")).trim();
        final Optional<LocalDate> date = date(dateText);
        if (date.isEmpty()) {
            return new ParseOutcome.Rejected("column Date: '" + dateText + "' is not a M/d/yy or M/d/yyyy date", name());
        }
        final String timeText = fields.get(columns.index("Time")).trim();
        final Optional<LocalTime> time = time(timeText);
        if (time.isEmpty()) {
            return new ParseOutcome.Rejected("column Time: '" + timeText + "' is not a h:mm:ss AM/PM or H:mm:ss time", name());
        }
        // Event Viewer writes the exporting machine's local time without a zone: taken as UTC.
        final Instant instant = LocalDateTime.of(date.get(), time.get()).toInstant(ZoneOffset.UTC);
        final Optional<String> implausible = EventTimes.implausible(instant);
        if (implausible.isPresent()) {
            return new ParseOutcome.Rejected(implausible.get(), name());
        }
        final String eventText = fields.get(columns.index("Event")).trim();
        if (!EVENT.matcher(eventText).matches()) {
            return new ParseOutcome.Rejected("column Event: '" + eventText + "' is not an event number", name());
        }
        final String mta = Hosts.mtaName(fields.get(columns.index("Computer")));
        if (mta == null) {
            return new ParseOutcome.Rejected("column Computer is empty", name());
        }
        final String category = fields.get(columns.index("Category")).trim();
        final MtaEventFactory.Fields event = new MtaEventFactory.Fields(
                mta,
                instant,
                (int) (Long.parseLong(eventText) & 0xFFFF),
                source,
                category.isEmpty() || "None".equalsIgnoreCase(category) ? null : category,
                null,
                null,
                line.description(),
                List.of());
        return new ParseOutcome.Event(MtaEventFactory.build(event, name()), name());
    }

    /** Which export wrote the line, told by its leading columns; empty when neither. */
    private static Optional<Layout> layoutOf(final List<String> first) {
        if (first.size() >= 2 && DATE_SHAPE.matcher(first.get(0).trim()).matches() && TIME_SHAPE.matcher(first.get(1).trim()).matches()) {
            return Optional.of(Layout.NT4);
        }
        if (first.size() >= 3 && TYPES.contains(first.get(0).trim().toLowerCase(Locale.ROOT))
                && DATE_SHAPE.matcher(first.get(1).trim()).matches() && TIME_SHAPE.matcher(first.get(2).trim()).matches()) {
            return Optional.of(Layout.W2K);
        }
        return Optional.empty();
    }

    private static boolean isHeader(final List<String> first) {
        if (first.size() < 3) {
            return false;
        }
        final String start = String.join(",", first.stream().map(String::trim).toList());
        return start.equalsIgnoreCase("Type,Date,Time") || start.equalsIgnoreCase("Date,Time,Source");
    }

    /** Up to {@code count} leading columns, read leniently (for detection only): fewer when the line has fewer. */
    private static List<String> leadingFields(final String text, final int count) {
        final List<String> fields = new ArrayList<>(count);
        int at = 0;
        while (fields.size() < count && at <= text.length()) {
            final StringBuilder field = new StringBuilder();
            final int end;
            try {
                end = field(text, at, field, fields.size() + 1, "column " + (fields.size() + 1));
            } catch (final CsvException e) {
                return fields;
            }
            fields.add(field.toString());
            if (end >= text.length()) {
                break;
            }
            at = end + 1;
        }
        return fields;
    }

    /**
     * The eight columns before the description, each ended by a comma, and the description: quoted (and then the
     * last thing on the line) or the rest of the line verbatim, commas included.
     */
    private static Line split(final String text, final Layout layout) throws CsvException {
        final List<String> fields = new ArrayList<>(COLUMNS - 1);
        int at = 0;
        while (fields.size() < COLUMNS - 1) {
            final StringBuilder field = new StringBuilder();
            final int end = field(text, at, field, fields.size() + 1, "column " + layout.columns.get(fields.size()));
            fields.add(field.toString());
            if (end >= text.length()) {
                return new Line(fields, null);
            }
            at = end + 1;
        }
        final String rest = text.substring(at);
        if (!rest.startsWith("\"")) {
            if (secondRecord(rest)) {
                throw new CsvException("more than one CSV line in one record");
            }
            return new Line(fields, rest);
        }
        final StringBuilder description = new StringBuilder();
        final int end = field(text, at, description, COLUMNS, "column Description");
        if (end < text.length()) {
            if (secondRecord(text.substring(end))) {
                throw new CsvException("more than one CSV line in one record");
            }
            throw new CsvException("more than " + COLUMNS + " columns (" + layout.header() + "): text after the quoted Description column");
        }
        return new Line(fields, description.toString());
    }

    /** A line break followed by a line that starts like an Event Viewer record: two records in one. */
    private static boolean secondRecord(final String rest) {
        final String[] lines = rest.split("\\R");
        for (int i = 1; i < lines.length; i++) {
            final List<String> first = leadingFields(lines[i].strip(), 3);
            if (layoutOf(first).isPresent() || isHeader(first)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads one field starting at {@code start} into {@code out}; returns the index of the comma that ends it, or the
     * text's length. A quoted field may hold commas, line breaks and doubled quotes; only a comma or the end of the
     * line may follow its closing quote (after the description, trailing whitespace is allowed and anything else is
     * left for the caller to report). {@code name} names the column in reasons.
     */
    private static int field(final String text, final int start, final StringBuilder out, final int column, final String name)
            throws CsvException {
        if (start >= text.length() || text.charAt(start) != '"') {
            final int comma = text.indexOf(',', start);
            final int end = comma < 0 ? text.length() : comma;
            out.append(text, Math.min(start, end), end);
            return end;
        }
        int i = start + 1;
        while (true) {
            if (i >= text.length()) {
                throw new CsvException(name + ": unterminated quoted field");
            }
            final char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    out.append('"');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            out.append(c);
            i++;
        }
        if (i >= text.length() || text.charAt(i) == ',') {
            return i;
        }
        if (column == COLUMNS && text.substring(i).isBlank()) {
            return text.length();
        }
        if (column == COLUMNS) {
            // Text after the quoted description: reported by the caller as a column count.
            return i;
        }
        throw new CsvException(name + ": text after the closing quote");
    }

    /** M/d/yy or M/d/yyyy; two-digit years 90-99 are 19xx, 00-89 are 20xx. */
    static Optional<LocalDate> date(final String text) {
        final Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
            year += year >= 90 ? 1900 : 2000;
        }
        try {
            return Optional.of(LocalDate.of(year, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (final DateTimeException e) {
            return Optional.empty();
        }
    }

    /** h:mm:ss AM/PM (12 AM is midnight, 12 PM noon) or 24-hour H:mm:ss. */
    static Optional<LocalTime> time(final String text) {
        final Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(1));
        final int minute = Integer.parseInt(m.group(2));
        final int second = Integer.parseInt(m.group(3));
        if (m.group(4) != null) {
            if (hour < 1 || hour > 12) {
                return Optional.empty();
            }
            final boolean pm = Character.toUpperCase(m.group(4).charAt(0)) == 'P';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        try {
            return Optional.of(LocalTime.of(hour, minute, second));
        } catch (final DateTimeException e) {
            return Optional.empty();
        }
    }
}
