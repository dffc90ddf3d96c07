package io.mtacorrelator.exports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a stream of rendered EVTX events into one record per event, without parsing them: the parser checks each
 * event on its own, so a malformed event is one dead letter and the events around it are unharmed.
 *
 * <p>Reads tags, comments, CDATA sections and processing instructions far enough to find where each element ends
 * (quotes in attribute values, {@code >} in comments and CDATA). An {@code <Events>} element at the top is a wrapper
 * (Event Viewer's "Save as XML", {@code Get-WinEvent | ... ToXml()} wrapped by hand); every other top-level element,
 * and every element inside the wrapper, is a record, its text exactly as in the file. Namespace declarations of the
 * wrapper are copied into each event's start tag when the event does not declare them itself, so that a prefix
 * declared once for the file still means the same in the record. Since events do not nest, an {@code <Event>} start
 * tag met inside an event means the first one was cut short: it ends there (and is dead-lettered as malformed) and
 * the new one starts. Text between elements that is not blank is a record of its own, so that nothing is dropped
 * unseen.
 */
final class XmlEventSplitter implements RecordSplitter {

    private static final Pattern XMLNS = Pattern.compile("\\s(xmlns(?::[A-Za-z_][\\w.-]*)?)\\s*=\\s*(\"[^\"]*\"|'[^']*')");
    private static final int NO_CHAR = -1;

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final StringBuilder pushedBack = new StringBuilder();
    private long line = 1;

    private String wrapperName;
    private List<String[]> wrapperNamespaces = List.of();

    XmlEventSplitter(final Reader in, final int max) {
        this.in = in;
        this.max = max;
    }

    @Override
    public Piece next() throws IOException {
        while (true) {
            skipWhitespace();
            final int c = peek();
            if (c == NO_CHAR) {
                return null;
            }
            final long startLine = line;
            if (c != '<') {
                return strayText(startLine);
            }
            final String markup = readMarkup();
            if (markup.startsWith("<?") || markup.startsWith("<!")) {
                // XML declaration, processing instruction, comment or DOCTYPE between events: not an event.
                continue;
            }
            if (markup.startsWith("</")) {
                if (wrapperName != null && wrapperName.equals(tagName(markup))) {
                    wrapperName = null;
                    wrapperNamespaces = List.of();
                    continue;
                }
                return Utf8Budget.piece(markup, startLine, max);
            }
            final String name = tagName(markup);
            if (wrapperName == null && "Events".equals(localName(name)) && !markup.endsWith("/>")) {
                wrapperName = name;
                wrapperNamespaces = namespaces(markup);
                continue;
            }
            return element(markup, name, startLine);
        }
    }

    /** The element that starts with this start tag, up to its end tag (or where it was cut short). */
    private Piece element(final String startTag, final String name, final long startLine) throws IOException {
        final Utf8Budget text = new Utf8Budget(max);
        text.append(withWrapperNamespaces(startTag));
        int depth = startTag.endsWith("/>") ? 0 : 1;
        while (depth > 0) {
            final int c = peek();
            if (c == NO_CHAR) {
                break;
            }
            if (c != '<') {
                text.append((char) read());
                continue;
            }
            final String markup = readMarkup();
            if (markup.startsWith("</")) {
                if (wrapperName != null && wrapperName.equals(tagName(markup))) {
                    // The wrapper closes while the event is still open: the event was cut short.
                    pushBack(markup);
                    break;
                }
                depth--;
            } else if (!markup.startsWith("<!") && !markup.startsWith("<?")) {
                if ("Event".equals(localName(tagName(markup)))) {
                    // Events do not nest: the one being read was cut short and a new one starts here.
                    pushBack(markup);
                    break;
                }
                if (!markup.endsWith("/>")) {
                    depth++;
                }
            }
            text.append(markup);
        }
        return new Piece(text.value(), startLine, text.length());
    }

    /** Text outside any element, up to the next tag: not XML, but not dropped either. */
    private Piece strayText(final long startLine) throws IOException {
        final Utf8Budget text = new Utf8Budget(max);
        int c;
        while ((c = peek()) != NO_CHAR && c != '<') {
            text.append((char) read());
        }
        final String stripped = text.text().strip();
        return Utf8Budget.piece(stripped, startLine, max);
    }

    /**
     * One piece of markup starting at {@code <}: a tag (quoted attribute values may hold {@code >}), a comment, a
     * CDATA section, a processing instruction or a declaration (a DOCTYPE's internal subset in brackets). At the end of
     * the input, what there is.
     */
    private String readMarkup() throws IOException {
        final StringBuilder markup = new StringBuilder();
        markup.append((char) read());
        if (startsWith("!--")) {
            return readThrough(markup, "-->");
        }
        if (startsWith("![CDATA[")) {
            return readThrough(markup, "]]>");
        }
        if (startsWith("?")) {
            return readThrough(markup, "?>");
        }
        char quote = 0;
        int brackets = 0;
        int c;
        while ((c = read()) != NO_CHAR) {
            markup.append((char) c);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = (char) c;
            } else if (c == '[' && markup.charAt(1) == '!') {
                brackets++;
            } else if (c == ']' && brackets > 0) {
                brackets--;
            } else if (c == '>' && brackets == 0) {
                break;
            } else if (c == '<' && brackets == 0) {
                // A tag cut short: the next tag starts here.
                markup.setLength(markup.length() - 1);
                pushBack("<");
                break;
            }
        }
        return markup.toString();
    }

    private String readThrough(final StringBuilder markup, final String end) throws IOException {
        int c;
        while ((c = read()) != NO_CHAR) {
            markup.append((char) c);
            if (markup.length() >= end.length() + 1 && markup.charAt(markup.length() - 1) == end.charAt(end.length() - 1)
                    && markup.substring(markup.length() - end.length()).equals(end)) {
                break;
            }
        }
        return markup.toString();
    }

    private static String tagName(final String markup) {
        int i = markup.startsWith("</") ? 2 : 1;
        final int start = i;
        while (i < markup.length() && !Character.isWhitespace(markup.charAt(i)) && markup.charAt(i) != '>'
                && markup.charAt(i) != '/') {
            i++;
        }
        return markup.substring(start, i);
    }

    private static String localName(final String name) {
        final int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    private static List<String[]> namespaces(final String startTag) {
        final List<String[]> declared = new ArrayList<>();
        final Matcher m = XMLNS.matcher(startTag);
        while (m.find()) {
            declared.add(new String[] {m.group(1), m.group(2)});
        }
        return List.copyOf(declared);
    }

    private String withWrapperNamespaces(final String startTag) {
        if (wrapperNamespaces.isEmpty()) {
            return startTag;
        }
        final List<String[]> own = namespaces(startTag);
        final StringBuilder added = new StringBuilder();
        for (final String[] ns : wrapperNamespaces) {
            if (own.stream().noneMatch(o -> o[0].equals(ns[0]))) {
                added.append(' ').append(ns[0]).append('=').append(ns[1]);
            }
        }
        if (added.length() == 0) {
            return startTag;
        }
        final int at = 1 + tagName(startTag).length();
        return startTag.substring(0, at) + added + startTag.substring(at);
    }

    private boolean startsWith(final String text) throws IOException {
        final StringBuilder seen = new StringBuilder();
        boolean match = true;
        for (int i = 0; i < text.length(); i++) {
            final int c = read();
            if (c == NO_CHAR) {
                match = false;
                break;
            }
            seen.append((char) c);
            if (c != text.charAt(i)) {
                match = false;
                break;
            }
        }
        if (!match) {
            pushBack(seen.toString());
            return false;
        }
        // Keep what was matched: the caller's markup goes on from here.
        pushBack(seen.toString());
        return true;
    }

    private void skipWhitespace() throws IOException {
        int c;
        while ((c = peek()) != NO_CHAR && (Character.isWhitespace(c) || c == '\uFEFF')) {
            read();
        }
    }

    private int peek() throws IOException {
        final int c = read();
        if (c != NO_CHAR) {
            pushBack(String.valueOf((char) c));
        }
        return c;
    }

    private int read() throws IOException {
        final int c;
        if (pushedBack.length() > 0) {
            c = pushedBack.charAt(pushedBack.length() - 1);
            pushedBack.setLength(pushedBack.length() - 1);
        } else {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return NO_CHAR;
                }
            }
            c = buffer[position++];
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    /** Puts text back to be read again (kept reversed, so the first character comes out first). */
    private void pushBack(final String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            final char c = text.charAt(i);
            pushedBack.append(c);
            if (c == '\n') {
                line--;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
