package io.mtacorrelator.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks bytes for well-formed UTF-8 without decoding them: exactly the sequences the JDK's UTF-8 decoder takes
 * (no overlong forms, no surrogates, nothing above U+10FFFF, no cut or stray continuation bytes; Unicode table 3-7).
 */
final class Utf8 {

    static final int BYTE_ORDER_MARK_LENGTH = 3;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8() {
    }

    static boolean hasByteOrderMark(final byte[] bytes) {
        return bytes.length >= BYTE_ORDER_MARK_LENGTH
                && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    static boolean isValid(final byte[] bytes) {
        final int length = bytes.length;
        int i = 0;
        // ASCII, eight bytes at a time (most records are ASCII throughout)
        while (i + Long.BYTES <= length && ((long) LONGS.get(bytes, i) & 0x8080808080808080L) == 0) {
            i += Long.BYTES;
        }
        while (i < length) {
            final int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            final int lead = b & 0xFF;
            if (lead < 0xC2 || lead > 0xF4) {
                return false;
            }
            if (lead < 0xE0) {
                if (i + 1 >= length || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (lead < 0xF0) {
                if (i + 2 >= length) {
                    return false;
                }
                final int second = bytes[i + 1] & 0xFF;
                final int low = lead == 0xE0 ? 0xA0 : 0x80;
                final int high = lead == 0xED ? 0x9F : 0xBF;
                if (second < low || second > high || !continuation(bytes[i + 2])) {
                    return false;
                }
                i += 3;
            } else {
                if (i + 3 >= length) {
                    return false;
                }
                final int second = bytes[i + 1] & 0xFF;
                final int low = lead == 0xF0 ? 0x90 : 0x80;
                final int high = lead == 0xF4 ? 0x8F : 0xBF;
                if (second < low || second > high || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
                    return false;
                }
                i += 4;
            }
        }
        return true;
    }

    private static boolean continuation(final byte b) {
        return (b & 0xC0) == 0x80;
    }
}
