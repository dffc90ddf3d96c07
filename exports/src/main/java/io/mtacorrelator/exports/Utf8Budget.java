package io.mtacorrelator.exports;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Text kept up to a byte budget (as UTF-8), with the full length counted past it. */
final class Utf8Budget {

    private final int max;
    private final StringBuilder kept = new StringBuilder(256);
    private long bytes;

    Utf8Budget(final int max) {
        this.max = max;
    }

    void append(final char c) {
        bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        if (bytes <= max + 3L) {
            kept.append(c);
        }
    }

    void append(final CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            append(text.charAt(i));
        }
    }

    boolean isEmpty() {
        return bytes == 0;
    }

    /** The text (cut to the budget) as the record's value; its real length is {@link #length()}. */
    byte[] value() {
        final byte[] all = kept.toString().getBytes(StandardCharsets.UTF_8);
        return all.length > max ? Arrays.copyOf(all, max) : all;
    }

    long length() {
        return bytes;
    }

    String text() {
        return kept.toString();
    }

    static RecordSplitter.Piece piece(final String text, final long line, final int max) {
        final Utf8Budget budget = new Utf8Budget(max);
        budget.append(text);
        return new RecordSplitter.Piece(budget.value(), line, budget.length());
    }
}
