package io.mtacorrelator.catalog;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes the fields of MSExchangeMTA message texts. Exports differ by Exchange build and by tool
 * (case, "index: 53" vs "index is 76", CRLF breaks, collapsed spaces), so every pattern is
 * case-insensitive and the text is whitespace-folded first.
 */
public final class MessageDecoder {

    /**
     * @param keyword a word every match contains (lower case): a message without it is not searched, so that a message
     *                is scanned for the few words it has rather than by every pattern
     * @param anchor  the word every match starts with (lower case), or null: the search starts at its first occurrence
     */
    private record Rule(MessageField field, String keyword, String anchor, Pattern pattern) {

        Rule(final MessageField field, final String keyword, final Pattern pattern) {
            this(field, keyword, keyword, pattern);
        }
    }

    private static final List<Rule> RULES = List.of(
            // "Locality table (LTAB) index: 53", "Locality Table Index: 160", "The locality table (LTAB) index is 76"
            new Rule(MessageField.LTAB_INDEX, "locality",
                    Pattern.compile("locality\\s+table\\s*(?:\\(ltab\\)\\s*)?index\\s*(?:is|:)?\\s*(\\d+)", Pattern.CASE_INSENSITIVE)),
            // "Windows NT error: 1727", "Windows NT error code: 1722", "NT/MTA error code: 1722",
            // Exchange 2000: "Windows 2000/MTA error code: 1722"
            new Rule(MessageField.NT_ERROR, "error", null,
                    Pattern.compile("(?:windows\\s+nt|windows\\s+2000|nt)(?:\\s*/\\s*mta)?\\s+error(?:\\s+code)?\\s*(?:is|:)?\\s*(\\d+)", Pattern.CASE_INSENSITIVE)),
            new Rule(MessageField.SOCKET_ERROR, "socket",
                    Pattern.compile("sockets?\\s+error\\s+(\\d+)", Pattern.CASE_INSENSITIVE)),
            new Rule(MessageField.THREAD, "thread", "for",
                    Pattern.compile("for\\s+thread\\s+(\\d+)", Pattern.CASE_INSENSITIVE)),
            new Rule(MessageField.ELAPSED_MS, "(ms)", "time",
                    Pattern.compile("time\\s*\\(ms\\)\\s*:?\\s*(\\d+)", Pattern.CASE_INSENSITIVE)),
            new Rule(MessageField.CANCEL_RESULT, "cancel",
                    Pattern.compile("cancel\\s+result\\s*:?\\s*(-?\\d+)", Pattern.CASE_INSENSITIVE)),
            new Rule(MessageField.BINDING, "ncacn_",
                    Pattern.compile("(ncacn_[a-z_]+:[^\\s\\[\\]]*\\[[^\\]]*\\])", Pattern.CASE_INSENSITIVE)),
            new Rule(MessageField.REMOTE_ADDRESS, "ncacn_",
                    Pattern.compile("ncacn_[a-z_]+:([^\\s\\[\\]]+)\\[", Pattern.CASE_INSENSITIVE)),
            new Rule(MessageField.REMOTE_SERVER, "remote",
                    Pattern.compile("remote\\s+server\\s+name\\s*:?\\s*([A-Za-z0-9_.-]+)", Pattern.CASE_INSENSITIVE)));

    /** Operations named in the trailer, longest first so "RPC inactive" wins over a bare word. */
    private static final List<String> OPERATIONS = List.of("RPC inactive", "MtaBindBack", "MtaBind", "MtaUnbind", "MtaTransfer");
    private static final List<Pattern> OPERATION_WORDS = OPERATIONS.stream()
            .map(op -> Pattern.compile("\\b" + Pattern.quote(op.toLowerCase(java.util.Locale.ROOT)) + "\\b")).toList();
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");

    private MessageDecoder() {
    }

    /** Folds CRLF, tabs and repeated spaces to single spaces. */
    public static String fold(final String text) {
        if (text == null) {
            return "";
        }
        // As replaceAll("\\s+", " ").trim(), without the regular expression; most texts need no folding at all.
        final int length = text.length();
        int i = 0;
        while (i < length && !(isSpace(text.charAt(i)) && (text.charAt(i) != ' ' || i + 1 < length && isSpace(text.charAt(i + 1))))) {
            i++;
        }
        if (i == length) {
            return text.trim();
        }
        final StringBuilder folded = new StringBuilder(length).append(text, 0, i);
        while (i < length) {
            final char c = text.charAt(i);
            if (isSpace(c)) {
                folded.append(' ');
                while (i < length && isSpace(text.charAt(i))) {
                    i++;
                }
            } else {
                folded.append(c);
                i++;
            }
        }
        return folded.toString().trim();
    }

    /** The characters of {@code \\s} (without UNICODE_CHARACTER_CLASS). */
    private static boolean isSpace(final char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /**
     * The text with its ASCII letters in lower case, character for character (so positions agree): where the patterns,
     * case-insensitive for ASCII only, can match, it has their words in lower case.
     */
    private static String asciiLowerCase(final String text) {
        int i = 0;
        while (i < text.length() && !(text.charAt(i) >= 'A' && text.charAt(i) <= 'Z')) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        final char[] lower = text.toCharArray();
        for (; i < lower.length; i++) {
            if (lower[i] >= 'A' && lower[i] <= 'Z') {
                lower[i] = (char) (lower[i] + ('a' - 'A'));
            }
        }
        return new String(lower);
    }

    private static final Pattern TRAILER_END = Pattern.compile("\\]\\s*(?:\\(\\d+\\))?\\s*$");

    /**
     * The diagnostic trailer, "[SLPS100 MtaBind ncacn_ip_tcp:100.5.51.16[1911] BASE IL] (14)": the last
     * bracketed group before the optional "(nn)". It may contain a bracketed port, so brackets are matched
     * by depth, scanning backwards (a scan, not a regex, so a long trailer cannot exhaust the stack).
     */
    static String trailer(final String text) {
        // Only the last ']' can start the end pattern (after it comes no other).
        final int last = text.lastIndexOf(']');
        if (last < 0) {
            return null;
        }
        final Matcher end = TRAILER_END.matcher(text);
        if (!end.find(last)) {
            return null;
        }
        int depth = 0;
        for (int i = end.start(); i >= 0; i--) {
            final char c = text.charAt(i);
            if (c == ']') {
                depth++;
            } else if (c == '[' && --depth == 0) {
                return text.substring(i + 1, end.start()).trim();
            }
        }
        return null;
    }

    public static Map<MessageField, String> decode(final String message) {
        final String text = fold(message);
        final Map<MessageField, String> fields = new EnumMap<>(MessageField.class);
        final String lower = asciiLowerCase(text);
        for (final Rule rule : RULES) {
            if (lower.indexOf(rule.keyword()) < 0) {
                continue;
            }
            final Matcher m = rule.pattern().matcher(text);
            if (m.find(rule.anchor() == null ? 0 : Math.max(0, lower.indexOf(rule.anchor())))) {
                fields.put(rule.field(), m.group(1).trim());
            }
        }
        final String bracket = trailer(text);
        if (bracket != null) {
            fields.put(MessageField.BRACKET, bracket);
        }
        final String operation = operationOf(bracket);
        if (operation != null) {
            fields.put(MessageField.OPERATION, operation);
        }
        return fields;
    }

    /** The operation a diagnostic trailer names (MtaBind, RPC inactive, ...), or null. */
    public static String operationOf(final String bracket) {
        if (bracket == null) {
            return null;
        }
        final String folded = fold(bracket).toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < OPERATIONS.size(); i++) {
            if (OPERATION_WORDS.get(i).matcher(folded).find()) {
                return OPERATIONS.get(i);
            }
        }
        return null;
    }

    /**
     * Fields from the message text, completed from positional insertion strings where the text lacks them.
     * A positional value is taken only when it has the right form (digits for numeric fields).
     */
    public static Map<MessageField, String> decode(final String message, final List<MessageField> positional,
                                                   final List<String> params) {
        final Map<MessageField, String> fields = decode(message);
        for (int i = 0; i < positional.size() && i < params.size(); i++) {
            final MessageField field = positional.get(i);
            final String value = params.get(i) == null ? "" : fold(params.get(i));
            if (field == null || value.isEmpty() || fields.containsKey(field)) {
                continue;
            }
            if (field == MessageField.BRACKET) {
                final String inner = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
                fields.put(MessageField.BRACKET, inner);
                final String operation = operationOf(inner);
                if (operation != null && !fields.containsKey(MessageField.OPERATION)) {
                    fields.put(MessageField.OPERATION, operation);
                }
                final Map<MessageField, String> fromBracket = decode("[" + inner + "]");
                for (final MessageField f : List.of(MessageField.BINDING, MessageField.REMOTE_ADDRESS)) {
                    if (fromBracket.containsKey(f)) {
                        fields.putIfAbsent(f, fromBracket.get(f));
                    }
                }
            } else if (WHOLE.matcher(value).matches()) {
                fields.put(field, value);
            }
        }
        return fields;
    }
}
