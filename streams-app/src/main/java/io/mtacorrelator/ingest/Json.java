package io.mtacorrelator.ingest;

import java.util.OptionalLong;

/** Lenient reads of JSON paths: shippers disagree on whether numbers are strings. Null stands for "no value". */
final class Json {

    private Json() {
    }

    /** A dotted path, split once (paths are constants of the formats). */
    static String[] path(final String dottedPath) {
        return dottedPath.split("\\.");
    }

    /** Follows a path through objects from {@code node}; a missing, null or non-object part gives -1. */
    static int at(final FlatJson json, final int node, final String[] path) {
        int n = node;
        for (final String part : path) {
            if (!json.isObject(n)) {
                return FlatJson.MISSING;
            }
            n = json.get(n, part);
        }
        return n < 0 || json.isNull(n) ? FlatJson.MISSING : n;
    }

    /** The text of a value (a string, or a number or literal as written) at the path, unless blank; else null. */
    static String text(final FlatJson json, final int node, final String[] path) {
        return text(json, at(json, node, path));
    }

    /** The text of a value node, unless null or blank; else null. */
    static String text(final FlatJson json, final int n) {
        if (n < 0 || !json.isValueNode(n)) {
            return null;
        }
        final String text = json.asText(n);
        return text.isBlank() ? null : text;
    }

    /** A whole number given as a JSON number or a numeric string. */
    static OptionalLong whole(final FlatJson json, final int node, final String[] path) {
        final int n = at(json, node, path);
        return n < 0 ? OptionalLong.empty() : wholeValue(json, n);
    }

    /** A node that is a whole number, as a JSON number or a numeric string. */
    static OptionalLong wholeValue(final FlatJson json, final int n) {
        if (json.isIntegralNumber(n) && json.canConvertToLong(n)) {
            return OptionalLong.of(json.asLong(n));
        }
        if (json.isTextual(n)) {
            final String text = json.asText(n).trim();
            return isLong(text) ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Whether {@link Long#parseLong} takes the text (checked first: it would throw). */
    static boolean isLong(final String text) {
        final int length = text.length();
        if (length == 0) {
            return false;
        }
        final int first = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        if (length == first) {
            return false;
        }
        for (int i = first; i < length; i++) {
            if (Character.digit(text.charAt(i), 10) < 0) {
                return false;
            }
        }
        if (length - first < 19) {
            return true;
        }
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
