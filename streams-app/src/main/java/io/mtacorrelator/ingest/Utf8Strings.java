package io.mtacorrelator.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Short ASCII strings decoded from record bytes, kept in a small direct-mapped table so that the values every record
 * repeats (field names, host, object, instance and counter names, providers, channels) are decoded once and then
 * shared instead of allocated per record. Shared by all threads without locks: a slot holds an immutable entry (the
 * string and a copy of its bytes, compared with Arrays.equals on a hit), a lost race only costs a decode.
 */
final class Utf8Strings {

    /** Longer strings (messages, most timestamps) are rarely repeated: they are decoded each time. */
    static final int MAX_CACHED = 48;
    private static final int SLOTS = 4096;

    /** A cached string and its bytes (one object, so that a slot is replaced whole: no lock needed). */
    private record Entry(byte[] bytes, String string) {
    }

    private static final Entry[] TABLE = new Entry[SLOTS];
    private static final Entry[] NAMES = new Entry[SLOTS];

    private Utf8Strings() {
    }

    /** The string of {@code length} ASCII bytes from {@code start}. */
    static String ascii(final byte[] bytes, final int start, final int length) {
        return length > MAX_CACHED ? new String(bytes, start, length, StandardCharsets.ISO_8859_1)
                : cached(TABLE, bytes, start, length, false);
    }

    /**
     * A field name of {@code length} ASCII bytes from {@code start}, as the JVM's interned string: the same instance as
     * the formats' name constants, so that looking a field up is mostly comparing references.
     */
    static String name(final byte[] bytes, final int start, final int length) {
        return length > MAX_CACHED ? new String(bytes, start, length, StandardCharsets.ISO_8859_1)
                : cached(NAMES, bytes, start, length, true);
    }

    private static String cached(final Entry[] table, final byte[] bytes, final int start, final int length, final boolean intern) {
        int hash = length;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        final int slot = (hash ^ hash >>> 12) & (SLOTS - 1);
        final Entry known = table[slot];
        if (known != null && Arrays.equals(known.bytes(), 0, known.bytes().length, bytes, start, start + length)) {
            return known.string();
        }
        final String decoded = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        final String fresh = intern ? decoded.intern() : decoded;
        table[slot] = new Entry(Arrays.copyOfRange(bytes, start, start + length), fresh);
        return fresh;
    }
}
