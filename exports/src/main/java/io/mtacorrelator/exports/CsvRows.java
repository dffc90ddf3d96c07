package io.mtacorrelator.exports;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of RFC 4180 text (Jackson's CSV parser): fields may be quoted, and a quoted field may hold the separator,
 * doubled quotes and line breaks. A row the parser cannot read comes back with the error and its text as it was in
 * the file, and reading goes on with the next row.
 */
final class CsvRows implements Closeable {

    private static final CsvMapper CSV = new CsvMapper();
    /** Errors in a row after which the rest of the input is taken as that row: the parser is not getting anywhere. */
    private static final int MAX_ERRORS_PER_ROW = 1000;

    /**
     * One row.
     *
     * @param fields its fields (as far as they could be read, when {@code error} is set)
     * @param line   the line it starts on, from 1
     * @param error  why it could not be read, or null
     * @param text   its text in the file, when it could not be read (null otherwise)
     */
    record Row(List<String> fields, long line, String error, String text) {

        boolean isBlank() {
            return error == null && fields.stream().allMatch(String::isBlank);
        }
    }

    private final RecordingReader recording;
    private final CsvParser parser;
    private long rowEnd;
    private long lastLine;

    CsvRows(final Reader in, final char separator) throws IOException {
        this.recording = new RecordingReader(in);
        this.parser = (CsvParser) CSV.getFactory().createParser(recording);
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator).withQuoteChar('"').withoutEscapeChar());
        parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    }

    /** The whole of a short text as rows (one raw record holding a CSV line, or a header and a line). */
    static List<Row> all(final Reader in, final char separator) throws IOException {
        final List<Row> rows = new ArrayList<>();
        try (CsvRows reader = new CsvRows(in, separator)) {
            Row row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The next row, or null at the end. */
    Row next() throws IOException {
        final long start = rowEnd;
        final List<String> fields = new ArrayList<>();
        long line = -1;
        String error = null;
        int errors = 0;
        boolean started = false;
        while (true) {
            final JsonToken token;
            try {
                token = parser.nextToken();
            } catch (final JsonProcessingException e) {
                error = error == null ? e.getOriginalMessage() : error;
                started = true;
                if (++errors >= MAX_ERRORS_PER_ROW || parser.isClosed()) {
                    break;
                }
                continue;
            }
            if (token == null) {
                break;
            }
            if (token == JsonToken.START_ARRAY) {
                started = true;
            } else if (token == JsonToken.VALUE_STRING) {
                if (line < 0) {
                    final JsonLocation at = parser.currentTokenLocation();
                    line = at.getLineNr();
                }
                fields.add(parser.getText());
            } else if (token == JsonToken.END_ARRAY) {
                break;
            }
        }
        if (!started && fields.isEmpty()) {
            return null;
        }
        final long end = parser.currentLocation().getCharOffset();
        rowEnd = end;
        if (line < 0) {
            line = lastLine + 1;
        }
        lastLine = line;
        String text = null;
        if (error != null) {
            text = strip(recording.text(start, parser.isClosed() ? -1 : end));
        }
        recording.dropBefore(end);
        return new Row(List.copyOf(fields), line, error, text);
    }

    private static String strip(final String text) {
        int from = 0;
        int to = text.length();
        while (from < to && (text.charAt(from) == '\r' || text.charAt(from) == '\n')) {
            from++;
        }
        while (to > from && (text.charAt(to - 1) == '\r' || text.charAt(to - 1) == '\n')) {
            to--;
        }
        return text.substring(from, to);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
