package io.mtacorrelator.exports;

/**
 * How export files are read.
 *
 * @param computer       the computer that wrote an Event Viewer export whose rows name none (Vista and later:
 *                       {@code Level,Date and Time,Source,Event ID,Task Category}); added to each such row as
 *                       {@code Computer}. Null: rows are passed on without one (and the parser then needs
 *                       {@code mta.input.computer}). Rows that have a Computer column keep theirs.
 * @param maxRecordBytes longer records are cut to this many bytes (their real length stays in
 *                       {@link ExportRecord#originalLength()}), so that a file without line breaks cannot exhaust
 *                       memory; the parser rejects anything over 1 MiB anyway
 */
public record ExportOptions(String computer, int maxRecordBytes) {

    /** The cut applied by default: 8 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

    public static final ExportOptions DEFAULTS = new ExportOptions(null, DEFAULT_MAX_RECORD_BYTES);

    public ExportOptions {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, not " + maxRecordBytes);
        }
        computer = computer == null || computer.isBlank() ? null : computer.trim();
    }

    public ExportOptions withComputer(final String name) {
        return new ExportOptions(name, maxRecordBytes);
    }

    public ExportOptions withMaxRecordBytes(final int bytes) {
        return new ExportOptions(computer, bytes);
    }
}
