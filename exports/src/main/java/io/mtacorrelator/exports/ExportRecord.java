package io.mtacorrelator.exports;

import java.nio.file.Path;

/**
 * One record read from an export file: the bytes a shipper would have put on a raw topic for it, and where in the
 * file it came from.
 *
 * @param value          the record, UTF-8 (XML and CSV exports are re-encoded from the file's encoding; NDJSON lines
 *                       are passed on byte for byte, so a line that is not UTF-8 stays so and is dead-lettered); cut
 *                       to {@link ExportOptions#maxRecordBytes()} when longer
 * @param file           the file it was read from
 * @param ordinal        its number among the records of the file, from 1
 * @param line           the line of the file it starts on, from 1
 * @param originalLength its length in the file in UTF-8 bytes, before any cut: equal to {@code value.length} unless
 *                       {@link #truncated()}
 * @param format         how the file was read
 */
public record ExportRecord(byte[] value, Path file, long ordinal, long line, long originalLength, ExportFormat format) {

    /**
     * Raw-record header (a Kafka header, set by whoever publishes a {@link #truncated()} record) carrying
     * {@link #originalLength()} as a decimal string, so that the dead letter names the real size.
     */
    public static final String ORIGINAL_LENGTH_HEADER = "mta.record.original.bytes";

    /** Whether {@link #value()} is only the start of a longer record. */
    public boolean truncated() {
        return originalLength > value.length;
    }

    /** "winlogbeat.ndjson line 12", "export.xml event 3 (line 40)": where to look in the file. */
    public String origin() {
        return format == ExportFormat.NDJSON && line == ordinal
                ? file + " line " + line
                : file + " " + (format == ExportFormat.NDJSON ? "record " : format == ExportFormat.EVTX_XML ? "event " : "row ")
                        + ordinal + " (line " + line + ")";
    }
}
