package io.mtacorrelator.exports;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The character encoding of an export, told from its first bytes. Windows tools write UTF-16 (Event Viewer's text
 * exports, PowerShell 5's {@code >}), UTF-8 with or without a byte-order mark, or, before Vista, the ANSI code page
 * (Windows-1252 in the West): a byte-order mark decides; without one, NUL bytes every other byte mean UTF-16; an XML
 * declaration's encoding is honoured; otherwise text that is valid UTF-8 is UTF-8 and anything else Windows-1252.
 */
final class TextEncoding {

    /** The encoding and the length of the byte-order mark to skip. */
    record Sniffed(Charset charset, int bomLength) {

        boolean isUtf16() {
            return charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE);
        }
    }

    private static final Pattern XML_ENCODING = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    private TextEncoding() {
    }

    static Sniffed sniff(final byte[] head) {
        final int n = head.length;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new Sniffed(StandardCharsets.UTF_8, 3);
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return new Sniffed(StandardCharsets.UTF_16LE, 2);
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return new Sniffed(StandardCharsets.UTF_16BE, 2);
        }
        if (n >= 4 && head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0) {
            return new Sniffed(StandardCharsets.UTF_16LE, 0);
        }
        if (n >= 4 && head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0) {
            return new Sniffed(StandardCharsets.UTF_16BE, 0);
        }
        final Charset declared = xmlDeclared(head);
        if (declared != null) {
            return new Sniffed(declared, 0);
        }
        return new Sniffed(isUtf8(head) ? StandardCharsets.UTF_8 : windows1252(), 0);
    }

    /** The encoding an XML declaration names, when it is a single-byte or UTF-8 one this JVM has. */
    private static Charset xmlDeclared(final byte[] head) {
        final String start = new String(head, 0, Math.min(head.length, 200), StandardCharsets.ISO_8859_1);
        final Matcher m = XML_ENCODING.matcher(start);
        if (!m.find()) {
            return null;
        }
        try {
            final Charset charset = Charset.forName(m.group(1));
            return charset.newEncoder().maxBytesPerChar() <= 1.0f || charset.equals(StandardCharsets.UTF_8) ? charset : null;
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }

    /** Valid UTF-8, allowing a sequence cut by the end of the sample. */
    private static boolean isUtf8(final byte[] head) {
        int end = head.length;
        // Back off over a trailing incomplete multi-byte sequence: the sample may end inside a character.
        for (int i = 1; i <= 3 && end - i >= 0; i++) {
            final int b = head[end - i] & 0xFF;
            if (b >= 0xC0) {
                end -= i;
                break;
            }
            if (b < 0x80) {
                break;
            }
        }
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (final CharacterCodingException e) {
            return false;
        }
    }

    private static Charset windows1252() {
        return Charset.isSupported("windows-1252") ? Charset.forName("windows-1252") : StandardCharsets.ISO_8859_1;
    }
}
