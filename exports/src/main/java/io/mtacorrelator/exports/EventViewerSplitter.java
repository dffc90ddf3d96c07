package io.mtacorrelator.exports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * An Event Viewer CSV or tab-delimited text export, one record per row: a JSON object of the row's columns, named by
 * the file's header line or, without one, by the layout its first row has ({@link EventViewerLayout}). The
 * description keeps its line breaks. {@code Computer} is added from the options when the export has no such column.
 * Header lines (also repeated ones, from concatenated exports) and blank lines are not records. A row the CSV parser
 * cannot read is passed on as its text in the file, for the parser to dead-letter with the reason.
 */
final class EventViewerSplitter implements RecordSplitter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CsvRows rows;
    private final char separator;
    private final ExportOptions options;
    private List<String> names;

    EventViewerSplitter(final Reader in, final char separator, final ExportOptions options) throws IOException {
        this.rows = new CsvRows(in, separator);
        this.separator = separator;
        this.options = options;
    }

    @Override
    public Piece next() throws IOException {
        CsvRows.Row row;
        while ((row = rows.next()) != null) {
            if (row.error() != null) {
                return Utf8Budget.piece(row.text(), row.line(), options.maxRecordBytes());
            }
            if (row.isBlank()) {
                continue;
            }
            if (EventViewerLayout.ofHeader(row.fields()).isPresent()) {
                names = EventViewerLayout.namesOfHeader(row.fields());
                continue;
            }
            if (names == null) {
                names = EventViewerLayout.ofRow(row.fields()).orElse(EventViewerLayout.CLASSIC).columns();
            }
            final ObjectNode record = JSON.createObjectNode();
            EventViewerLayout.named(names, row.fields(), separator).forEach(record::put);
            if (options.computer() != null && !record.has(EventViewerLayout.COMPUTER)) {
                record.put(EventViewerLayout.COMPUTER, options.computer());
            }
            return Utf8Budget.piece(json(record), row.line(), options.maxRecordBytes());
        }
        return null;
    }

    private static String json(final ObjectNode record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
