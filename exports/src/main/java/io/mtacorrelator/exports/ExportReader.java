package io.mtacorrelator.exports;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an export file as the records a shipper would have published for it, one at a time, with where each came
 * from. The format is told from the content ({@link ExportFormat}): the first character {@code <} means rendered
 * EVTX XML; {@code {} or {@code [}, NDJSON; a first line that is an Event Viewer header or row, a CSV or
 * tab-delimited export; anything else is read line by line as NDJSON, so that every line reaches the parser and is
 * accounted for. The encoding is told from the first bytes (UTF-8, UTF-16 with or without a byte-order mark,
 * Windows-1252 for pre-Vista ANSI exports).
 *
 * <p>The record of each format (what the parsers read, and what the Connect archive ingest publishes):
 * <ul>
 *   <li>NDJSON: the line, byte for byte; a Telegraf batch line becomes one record per metric (the metric's JSON);</li>
 *   <li>EVTX XML: the {@code <Event>} element's text as in the file (the wrapper's namespace declarations added to
 *   its start tag when it has none of its own);</li>
 *   <li>Event Viewer CSV and text: a JSON object of the row's columns, named as in {@link EventViewerLayout}
 *   ({@code {"Level":"Warning","Date and Time":"3/1/1999 8:31:10 AM","Source":"MSExchangeMTA","Event ID":"9316",
 *   "Task Category":"Interface","Description":"...","Computer":"EXCH1"}}), every value a string as in the file;
 *   {@code Computer} comes from {@link ExportOptions#computer()} when the export has no such column.</li>
 * </ul>
 * Not thread-safe; one reader per file.
 */
public final class ExportReader implements Closeable {

    /** Bytes looked at to tell the encoding and the format. */
    private static final int SNIFF_BYTES = 64 * 1024;

    private final Path file;
    private final ExportFormat format;
    private final RecordSplitter splitter;
    private long ordinal;

    private ExportReader(final Path file, final ExportFormat format, final RecordSplitter splitter) {
        this.file = file;
        this.format = format;
        this.splitter = splitter;
    }

    public static ExportReader open(final Path file) throws IOException {
        return open(file, ExportOptions.DEFAULTS);
    }

    /** @throws UnsupportedExportException for a binary event log (.evtx, .evt), with what to do instead */
    public static ExportReader open(final Path file, final ExportOptions options) throws IOException {
        final InputStream in = Files.newInputStream(file);
        try {
            return open(in, file, options);
        } catch (final IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads a stream (closed with the reader) as the content of {@code file}, which only names the records' origin:
     * for content that does not come from a local file.
     */
    public static ExportReader open(final InputStream stream, final Path file, final ExportOptions options) throws IOException {
        final BufferedInputStream in = new BufferedInputStream(stream, 1 << 16);
        in.mark(SNIFF_BYTES);
        final byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        final String binary = binaryLog(head);
        if (binary != null) {
            throw new UnsupportedExportException(file + " is " + binary);
        }
        final TextEncoding.Sniffed encoding = TextEncoding.sniff(head);
        in.skipNBytes(encoding.bomLength());
        final String sample = new String(head, encoding.bomLength(), head.length - encoding.bomLength(), encoding.charset());
        final String start = sample.stripLeading();
        final int max = options.maxRecordBytes();
        if (start.startsWith("<")) {
            return new ExportReader(file, ExportFormat.EVTX_XML, new XmlEventSplitter(reader(in, encoding), max));
        }
        if (!start.isEmpty() && start.charAt(0) != '{' && start.charAt(0) != '[' && EventViewerText.looksLike(start)) {
            final char separator = EventViewerText.separatorOf(start);
            return new ExportReader(file, separator == '\t' ? ExportFormat.EVENTVIEWER_TEXT : ExportFormat.EVENTVIEWER_CSV,
                    new EventViewerSplitter(reader(in, encoding), separator, options));
        }
        return new ExportReader(file, ExportFormat.NDJSON, encoding.isUtf16()
                ? new NdjsonSplitter(reader(in, encoding), max)
                : new NdjsonSplitter(in, max));
    }

    /** How the file is being read. */
    public ExportFormat format() {
        return format;
    }

    public Path file() {
        return file;
    }

    /** The next record, or null at the end of the file. */
    public ExportRecord next() throws IOException {
        final RecordSplitter.Piece piece = splitter.next();
        if (piece == null) {
            return null;
        }
        ordinal++;
        return new ExportRecord(piece.value(), file, ordinal, piece.line(), piece.originalLength(), format);
    }

    @Override
    public void close() throws IOException {
        splitter.close();
    }

    /**
     * A one-line reason why a file cannot be read as an export (missing, a directory, not readable, a binary event
     * log), or null when it can.
     */
    public static String unreadable(final Path file) {
        if (!Files.exists(file)) {
            return "cannot read " + file + ": no such file";
        }
        if (Files.isDirectory(file)) {
            return "cannot read " + file + ": it is a directory";
        }
        if (!Files.isReadable(file)) {
            return "cannot read " + file + ": permission denied";
        }
        try (InputStream in = Files.newInputStream(file)) {
            final String binary = binaryLog(in.readNBytes(8));
            return binary == null ? null : "cannot read " + file + ": it is " + binary;
        } catch (final IOException e) {
            return "cannot read " + file + ": " + e.getMessage();
        }
    }

    /** Reads every record of the files in order; returns how many there were. */
    public static long forEach(final List<Path> files, final ExportOptions options, final Consumer<ExportRecord> sink)
            throws IOException {
        long count = 0;
        for (final Path file : files) {
            try (ExportReader reader = open(file, options)) {
                ExportRecord record;
                while ((record = reader.next()) != null) {
                    sink.accept(record);
                    count++;
                }
            }
        }
        return count;
    }

    /** How many records the files hold (for progress). */
    public static long count(final List<Path> files, final ExportOptions options) throws IOException {
        return forEach(files, options, record -> { });
    }

    private static Reader reader(final InputStream in, final TextEncoding.Sniffed encoding) {
        // An undecodable byte in a text export becomes U+FFFD: the event is still read, its text slightly damaged.
        return new InputStreamReader(in, encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** What a binary Windows event log is and how to export it, or null for anything else. */
    private static String binaryLog(final byte[] head) {
        if (head.length >= 8 && Arrays.equals(head, 0, 8, "ElfFile\0".getBytes(StandardCharsets.US_ASCII), 0, 8)) {
            return "a binary .evtx event log, not an export: save it as XML (wevtutil qe FILE.evtx /lf:true /f:xml "
                    + "> events.xml) or open it in Event Viewer and use Save All Events As (CSV or text)";
        }
        if (head.length >= 8 && Arrays.equals(head, 4, 8, "LfLe".getBytes(StandardCharsets.US_ASCII), 0, 4)) {
            return "a binary .evt event log (NT 4.0-2003), not an export: open it in Event Viewer and save it as CSV "
                    + "or text, or convert it on Vista or later (wevtutil qe FILE.evt /lf:true /f:xml > events.xml)";
        }
        return null;
    }

}
