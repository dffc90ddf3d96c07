package io.mtacorrelator.exports;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One raw record of Event Viewer export text, as a shipper that tails an export line by line (or a hand-made record)
 * sends it: a single row, or a header line and a single row. Read the same way as whole files
 * ({@link ExportReader}), so that the columns mean the same whichever way a row arrives.
 */
public final class EventViewerText {

    /**
     * What the text holds.
     *
     * @param columns the row's columns by name (null for a header alone or an error)
     * @param header  whether the text is a header line and nothing else
     * @param error   why it cannot be read (malformed CSV, several rows), or null
     */
    public record Parsed(Map<String, String> columns, boolean header, String error) {
    }

    private EventViewerText() {
    }

    /** The field separator of the text: a tab when one comes before any comma on the first line. */
    public static char separatorOf(final String text) {
        final int tab = text.indexOf('\t');
        final int comma = text.indexOf(',');
        return tab >= 0 && (comma < 0 || tab < comma) ? '\t' : ',';
    }

    /** Whether the first line is an Event Viewer header or a row of a known layout: cheap enough for detection. */
    public static boolean looksLike(final String text) {
        final int end = firstLineEnd(text);
        final String first = text.substring(0, end);
        final List<String> fields = leadingFields(first, separatorOf(first));
        return EventViewerLayout.ofHeader(fields).isPresent() || EventViewerLayout.ofRow(fields).isPresent();
    }

    public static Parsed parse(final String text) {
        final char separator = separatorOf(text);
        final List<CsvRows.Row> rows;
        if (isPlainLine(text)) {
            // One line without quotes: its fields are the text between separators, as the CSV parser reads them.
            final CsvRows.Row row = new CsvRows.Row(split(text, separator, Integer.MAX_VALUE), 1, null, null);
            rows = row.isBlank() ? List.of() : List.of(row);
        } else {
            try {
                rows = CsvRows.all(new StringReader(text), separator).stream().filter(r -> !r.isBlank()).toList();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (rows.isEmpty()) {
            return new Parsed(null, false, "no CSV row");
        }
        final CsvRows.Row first = rows.get(0);
        if (first.error() != null) {
            return new Parsed(null, false, "malformed CSV: " + first.error());
        }
        final boolean headed = EventViewerLayout.ofHeader(first.fields()).isPresent();
        final List<CsvRows.Row> data = headed ? rows.subList(1, rows.size()) : rows;
        if (data.isEmpty()) {
            return new Parsed(null, true, null);
        }
        if (data.size() > 1) {
            return new Parsed(null, false, data.size() + " CSV rows in one record; expected one");
        }
        final CsvRows.Row row = data.get(0);
        if (row.error() != null) {
            return new Parsed(null, false, "malformed CSV: " + row.error());
        }
        final Optional<EventViewerLayout> layout = EventViewerLayout.ofRow(row.fields());
        final List<String> names = headed ? EventViewerLayout.namesOfHeader(first.fields())
                : layout.map(EventViewerLayout::columns).orElse(null);
        if (names == null) {
            return new Parsed(null, false, "neither a header nor a row of a known Event Viewer layout");
        }
        return new Parsed(EventViewerLayout.named(names, row.fields(), separator), false, null);
    }

    /**
     * Whether the text is one line that the CSV parser would read as plain fields: no quote, no line break, no
     * control character and no byte-order mark, which are where CSV has rules of its own.
     */
    static boolean isPlainLine(final String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '"' || c == '\uFEFF' || c < 0x20 && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The text between separators (String.split with a literal separator and a positive limit: empty fields kept). */
    static List<String> split(final String line, final char separator, final int limit) {
        final List<String> fields = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length() && fields.size() < limit - 1; i++) {
            if (line.charAt(i) == separator) {
                fields.add(line.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(line.substring(start));
        return fields;
    }

    /** The first three fields of a line, for detection only (a field with a quoted separator ends the look). */
    private static List<String> leadingFields(final String line, final char separator) {
        final List<String> parts = split(line, separator, 4);
        final List<String> fields = new java.util.ArrayList<>(3);
        for (int i = 0; i < Math.min(3, parts.size()); i++) {
            String field = parts.get(i).strip();
            if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
                field = field.substring(1, field.length() - 1).replace("\"\"", "\"");
            }
            fields.add(field);
        }
        return fields;
    }

    private static int firstLineEnd(final String text) {
        for (int i = 0; i < text.length() && i < 4096; i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return i;
            }
        }
        return Math.min(text.length(), 4096);
    }
}
