package io.mtacorrelator.exports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The column layouts of Event Viewer's text exports, and how a row becomes the record the parser reads: a JSON object
 * whose keys are the column names below (or the names of the file's own header line).
 *
 * <ul>
 *   <li>{@link #CLASSIC}: Windows NT 4.0, 2000, XP and Server 2003, "Save Log File As" comma-delimited ({@code .csv})
 *   or tab-delimited text ({@code .txt}): {@code Date,Time,Source,Type,Category,Event,User,Computer,Description}, no
 *   header line. Microsoft's Windows Server 2003 documentation ("File formats for archived logs") gives this order
 *   for all the archive formats.</li>
 *   <li>{@link #VISTA}: Windows Vista and later, "Save All Events As" CSV or "Text (Tab delimited)": a header line
 *   {@code Level,Date and Time,Source,Event ID,Task Category} naming five columns, and a sixth, unnamed, holding the
 *   description (quoted, often over several lines). Date and time share one column; there is no computer
 *   column.</li>
 *   <li>{@link #TYPE_FIRST}: {@code Type,Date,Time,Source,Category,Event,User,Computer,Description}, the order of
 *   the Windows 2000/2003 Event Viewer's list view. No export of Microsoft's writes it, but files copied out of the
 *   list view do; it is read too.</li>
 * </ul>
 */
public enum EventViewerLayout {

    CLASSIC(List.of("Date", "Time", "Source", "Type", "Category", "Event", "User", "Computer", "Description")),
    VISTA(List.of("Level", "Date and Time", "Source", "Event ID", "Task Category", "Description")),
    TYPE_FIRST(List.of("Type", "Date", "Time", "Source", "Category", "Event", "User", "Computer", "Description"));

    public static final String DESCRIPTION = "Description";
    public static final String COMPUTER = "Computer";

    private static final String DATE = "\\d{1,4}[/.\\-]\\d{1,2}[/.\\-]\\d{1,4}\\.?";
    private static final String TIME = "\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,7})?)?(?:\\s*[AaPp]\\.?\\s?[Mm]\\.?)?";
    private static final Pattern DATE_SHAPE = Pattern.compile(DATE);
    private static final Pattern TIME_SHAPE = Pattern.compile(TIME);
    private static final Pattern DATE_TIME_SHAPE = Pattern.compile(DATE + "\\s+" + TIME);

    private final List<String> columns;

    EventViewerLayout(final List<String> columns) {
        this.columns = columns;
    }

    /** The columns in file order; the last is always {@link #DESCRIPTION}. */
    public List<String> columns() {
        return columns;
    }

    /** The layout whose header line starts like these fields (the first three names, any case). */
    public static Optional<EventViewerLayout> ofHeader(final List<String> fields) {
        if (fields.size() < 3) {
            return Optional.empty();
        }
        for (final EventViewerLayout layout : values()) {
            boolean same = true;
            for (int i = 0; i < 3 && same; i++) {
                same = layout.columns.get(i).equalsIgnoreCase(fields.get(i).strip());
            }
            if (same) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /**
     * The layout a data row without a header has, told by where its date and time are: a date then a time
     * ({@link #CLASSIC}), a word then a date then a time ({@link #TYPE_FIRST}), a word then a date and time in one
     * column ({@link #VISTA}). The word (type or level) is not checked, so localised exports are recognised too.
     */
    public static Optional<EventViewerLayout> ofRow(final List<String> fields) {
        if (fields.size() < 2) {
            return Optional.empty();
        }
        final String first = fields.get(0).strip();
        final String second = fields.get(1).strip();
        if (DATE_SHAPE.matcher(first).matches() && TIME_SHAPE.matcher(second).matches()) {
            return Optional.of(CLASSIC);
        }
        if (first.isEmpty() || first.chars().anyMatch(Character::isDigit)) {
            return Optional.empty();
        }
        if (DATE_TIME_SHAPE.matcher(second).matches()) {
            return Optional.of(VISTA);
        }
        if (fields.size() >= 3 && DATE_SHAPE.matcher(second).matches() && TIME_SHAPE.matcher(fields.get(2).strip()).matches()) {
            return Optional.of(TYPE_FIRST);
        }
        return Optional.empty();
    }

    /**
     * The column names a header line gives: its own names, spelt as this enum spells the known ones (any case in the
     * file). A header names no description column; the row's column after the named ones is the description.
     */
    public static List<String> namesOfHeader(final List<String> header) {
        final List<String> names = new ArrayList<>(header.size() + 1);
        for (final String field : header) {
            final String name = field.strip();
            names.add(canonical(name));
        }
        if (names.stream().noneMatch(DESCRIPTION::equals)) {
            names.add(DESCRIPTION);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * A row as named columns, in file order. Fields beyond the last name belong to the last column (the description:
     * NT 4.0 writes it unquoted, commas and all), joined back with the separator; a short row has only the columns it
     * reaches.
     */
    public static Map<String, String> named(final List<String> names, final List<String> fields, final char separator) {
        final Map<String, String> row = new LinkedHashMap<>();
        final int named = Math.min(names.size(), fields.size());
        for (int i = 0; i < named; i++) {
            row.put(names.get(i), fields.get(i));
        }
        if (fields.size() > names.size() && !names.isEmpty()) {
            row.put(names.get(names.size() - 1),
                    String.join(String.valueOf(separator), fields.subList(names.size() - 1, fields.size())));
        }
        return row;
    }

    private static String canonical(final String name) {
        for (final EventViewerLayout layout : values()) {
            for (final String column : layout.columns) {
                if (column.equalsIgnoreCase(name)) {
                    return column;
                }
            }
        }
        return name.toLowerCase(Locale.ROOT).equals("message") ? DESCRIPTION : name;
    }
}
