package io.mtacorrelator.render;

import com.fluenda.parcefone.event.CEFHandlingException;
import com.fluenda.parcefone.event.CommonEvent;
import com.fluenda.parcefone.parser.CEFParser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads CEF lines with a third-party parser, ParCEFone (com.fluenda:ParCEFone), which validates the header and the
 * extension against the CEF key dictionary. It returns header fields and extension text still escaped, so this class
 * unescapes them as the standard defines (header: {@code \\}, {@code \|}; extension: {@code \\}, {@code \=},
 * {@code \n}, {@code \r}). Shared with the streams app's and the Connect plugin's tests.
 */
public final class CefConformance {

    private static final CEFParser PARSER = new CEFParser();

    /** A parsed line: header fields and extension values, unescaped (non-text values as ParCEFone types them). */
    public record Cef(Map<String, Object> header, Map<String, Object> extension) {
    }

    private CefConformance() {
    }

    /** The line parsed and validated; an AssertionError when ParCEFone refuses it or fails on it. */
    public static Cef parse(final String line) {
        final CommonEvent event;
        try {
            event = PARSER.parse(line, true);
        } catch (RuntimeException e) {
            // ParCEFone does not refuse some malformed lines cleanly: it fails while cutting them up (an unescaped '='
            // in a value ends in a StringIndexOutOfBoundsException). Either way the line is not CEF it can read.
            throw new AssertionError("ParCEFone cannot read the CEF line (" + e + "): " + line, e);
        }
        if (event == null) {
            throw new AssertionError("ParCEFone refuses the CEF line: " + line);
        }
        try {
            final Map<String, Object> header = new LinkedHashMap<>();
            event.getHeader().forEach((k, v) -> header.put(k, v instanceof String s ? unescapeHeader(s) : v));
            final Map<String, Object> extension = new LinkedHashMap<>();
            event.getExtension(true).forEach((k, v) -> extension.put(k, v instanceof String s ? unescapeExtension(s) : v));
            return new Cef(header, extension);
        } catch (CEFHandlingException e) {
            throw new AssertionError("ParCEFone cannot read back " + line, e);
        }
    }

    /** The extension values as ParCEFone returns them, still escaped. */
    public static Map<String, Object> rawExtension(final String line) throws CEFHandlingException {
        final CommonEvent event = PARSER.parse(line, true);
        if (event == null) {
            throw new AssertionError("ParCEFone refuses the CEF line: " + line);
        }
        return event.getExtension(true);
    }

    static String unescapeHeader(final String s) {
        final StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '\\' || s.charAt(i + 1) == '|')) {
                out.append(s.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String unescapeExtension(final String s) {
        final StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                final char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case '\\', '=' -> out.append(n);
                    default -> throw new AssertionError("not a CEF extension escape: \\" + n + " in " + s);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
