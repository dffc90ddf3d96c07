package io.mtacorrelator.exports;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Keeps the text read through it from a given offset on, so that a row the CSV parser could not read can be passed
 * on as the text it was in the file. Text before the current row is dropped as rows complete.
 */
final class RecordingReader extends FilterReader {

    private final StringBuilder kept = new StringBuilder(8192);
    /** The offset (in characters from the start of the input) of {@code kept}'s first character. */
    private long keptFrom;

    RecordingReader(final Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        final int c = super.read();
        if (c >= 0) {
            kept.append((char) c);
        }
        return c;
    }

    @Override
    public int read(final char[] buffer, final int offset, final int length) throws IOException {
        final int n = super.read(buffer, offset, length);
        if (n > 0) {
            kept.append(buffer, offset, n);
        }
        return n;
    }

    /** Forgets what comes before this offset. */
    void dropBefore(final long offset) {
        final int drop = (int) Math.min(kept.length(), Math.max(0, offset - keptFrom));
        kept.delete(0, drop);
        keptFrom += drop;
    }

    /** The text from this offset to that one (or to the end of what has been read, for a negative {@code to}). */
    String text(final long from, final long to) {
        final int start = (int) Math.max(0, Math.min(kept.length(), from - keptFrom));
        final int end = to < 0 ? kept.length() : (int) Math.max(start, Math.min(kept.length(), to - keptFrom));
        return kept.substring(start, end);
    }
}
