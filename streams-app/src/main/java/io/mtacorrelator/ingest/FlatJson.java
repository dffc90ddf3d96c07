package io.mtacorrelator.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON record as a flat table of nodes (index 0 is the root), read in one pass over its UTF-8 bytes: no Jackson tree,
 * no copy of the text, strings decoded only when a format asks for them (short ASCII ones through {@link Utf8Strings},
 * so that host, object and counter names that every sample repeats are not allocated again).
 *
 * <p>The scanner is strict on purpose: it takes only JSON that Jackson's default parser (as {@link RecordParser}
 * configures it) takes, and reads every value as Jackson's tree would (a whole number of up to 18 digits as a long, any
 * other number as the double {@link Double#parseDouble} gives). Anything else (malformed JSON, nesting deeper than
 * {@value #MAX_DEPTH}, longer numbers, escaped or repeated field names) makes {@link #read} return false; the record
 * then takes the tree path ({@link #of(JsonNode)}), which reads the same values and reports the same errors as before.
 *
 * <p>Node queries mirror {@link JsonNode}'s ({@code isValueNode}, {@code asText}, ...), so that the formats read both
 * kinds of record alike. A node is an index; -1 is a missing node. Instances from {@link #scratch()} are reused by
 * their thread for the next record: nothing may keep one beyond the parse of its record.
 */
final class FlatJson {

    static final byte OBJECT = 1;
    static final byte ARRAY = 2;
    static final byte STRING = 3;
    static final byte LONG = 4;
    static final byte DOUBLE = 5;
    static final byte TRUE = 6;
    static final byte FALSE = 7;
    static final byte NULL = 8;
    /** A leaf of a tree record that has no kind of its own here (a big integer, a decimal): its JsonNode answers. */
    static final byte FOREIGN = 9;

    static final int MISSING = -1;

    /** Deeper records are left to Jackson, whose limit (64) then applies with its own message. */
    static final int MAX_DEPTH = 32;
    /** Whole numbers of up to this many digits fit a long; longer ones (and their limits) are left to Jackson. */
    private static final int MAX_LONG_DIGITS = 18;
    private static final int MAX_NUMBER_CHARS = 100;
    /** Decimals of up to this many digits are below 2^53: their value is an exact quotient of two exact doubles. */
    private static final int MAX_EXACT_DIGITS = 15;
    /** Jackson refuses names over 50,000 characters; long names are left to it. */
    private static final int MAX_NAME_BYTES = 1000;
    /** Objects with more members are left to Jackson (the repeated-name check here is quadratic). */
    private static final int MAX_MEMBERS = 256;

    private static final byte F_VALUE_ESCAPED = 1;
    private static final byte F_VALUE_NON_ASCII = 2;
    private static final byte F_NAME_NON_ASCII = 4;

    private static final ThreadLocal<FlatJson> SCRATCH = ThreadLocal.withInitial(FlatJson::new);

    private static final double[] POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
            1e19, 1e20, 1e21, 1e22};

    private byte[] kind = new byte[64];
    private byte[] flags = new byte[64];
    private int[] firstChild = new int[64];
    private int[] nextSibling = new int[64];
    private int[] childCount = new int[64];
    /** Strings: start and end of the content in {@link #src}; numbers: the long or the double's bits. */
    private long[] value = new long[64];
    private int[] nameStart = new int[64];
    private int[] nameEnd = new int[64];
    /** Where a value read from bytes starts and ends in {@link #src} (quotes and brackets included). */
    private int[] spanStart = new int[64];
    private int[] spanEnd = new int[64];
    /** Decoded strings and names (filled on demand, or from the tree), foreign nodes. */
    private Object[] decoded = new Object[64];
    private String[] names = new String[64];
    private int size;

    private byte[] src;
    private int pos;
    private int end;

    /** This thread's instance, for one record at a time. */
    static FlatJson scratch() {
        return SCRATCH.get();
    }

    /**
     * Reads a JSON object from {@code bytes[from, to)} (valid UTF-8, possibly with JSON white space around it).
     *
     * @return false when the record is not one this scanner takes (see the class comment): read it with Jackson
     */
    boolean read(final byte[] bytes, final int from, final int to) {
        clear();
        src = bytes;
        end = to;
        pos = from;
        skipWhiteSpace();
        if (pos >= end || src[pos] != '{') {
            return false;
        }
        if (readValue(1) != 0) {
            return false;
        }
        skipWhiteSpace();
        return pos == end;
    }

    /** A record read by Jackson, as a flat table (a new instance: tree records are rare). */
    static FlatJson of(final JsonNode tree) {
        final FlatJson flat = new FlatJson();
        flat.clear();
        flat.add(tree);
        return flat;
    }

    private void clear() {
        if (size > 0) {
            Arrays.fill(decoded, 0, size, null);
            Arrays.fill(names, 0, size, null);
        }
        size = 0;
        src = null;
    }

    // ---- queries, as JsonNode's ----

    byte kind(final int node) {
        return node < 0 ? 0 : kind[node];
    }

    boolean isObject(final int node) {
        return kind(node) == OBJECT;
    }

    boolean isArray(final int node) {
        return kind(node) == ARRAY;
    }

    boolean isTextual(final int node) {
        return kind(node) == STRING;
    }

    boolean isNull(final int node) {
        return kind(node) == NULL;
    }

    boolean isValueNode(final int node) {
        final byte k = kind(node);
        return k == FOREIGN ? foreign(node).isValueNode() : k > ARRAY;
    }

    boolean isNumber(final int node) {
        final byte k = kind(node);
        return k == LONG || k == DOUBLE || k == FOREIGN && foreign(node).isNumber();
    }

    boolean isIntegralNumber(final int node) {
        final byte k = kind(node);
        return k == LONG || k == FOREIGN && foreign(node).isIntegralNumber();
    }

    boolean canConvertToLong(final int node) {
        final byte k = kind(node);
        return k == LONG || k == FOREIGN && foreign(node).canConvertToLong()
                || k == DOUBLE && Double.longBitsToDouble(value[node]) >= Long.MIN_VALUE
                && Double.longBitsToDouble(value[node]) <= Long.MAX_VALUE;
    }

    long asLong(final int node) {
        return switch (kind(node)) {
            case LONG -> value[node];
            case DOUBLE -> (long) Double.longBitsToDouble(value[node]);
            case FOREIGN -> foreign(node).asLong();
            default -> 0L;
        };
    }

    double asDouble(final int node) {
        return switch (kind(node)) {
            case LONG -> value[node];
            case DOUBLE -> Double.longBitsToDouble(value[node]);
            case FOREIGN -> foreign(node).asDouble();
            default -> 0d;
        };
    }

    /** JsonNode's {@code asText()}: a string's value, a number or literal as written back, "" for a container. */
    String asText(final int node) {
        return switch (kind(node)) {
            case STRING -> string(node);
            case LONG -> NumberOutput.toString(value[node]);
            case DOUBLE -> NumberOutput.toString(Double.longBitsToDouble(value[node]));
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "null";
            case FOREIGN -> foreign(node).asText();
            default -> "";
        };
    }

    /** Members of an object or elements of an array. */
    int size(final int node) {
        final byte k = kind(node);
        return k == OBJECT || k == ARRAY ? childCount[node] : 0;
    }

    int firstChild(final int node) {
        return size(node) == 0 ? MISSING : firstChild[node];
    }

    int nextSibling(final int child) {
        return nextSibling[child];
    }

    /** The member of an object by name, or -1. */
    int get(final int object, final String name) {
        if (kind(object) != OBJECT) {
            return MISSING;
        }
        for (int c = firstChild[object]; c >= 0; c = nextSibling[c]) {
            if (nameIs(c, name)) {
                return c;
            }
        }
        return MISSING;
    }

    /** The name of an object's member. */
    String name(final int member) {
        String name = names[member];
        if (name == null) {
            final int start = nameStart[member];
            final int length = nameEnd[member] - start;
            name = (flags[member] & F_NAME_NON_ASCII) == 0
                    ? Utf8Strings.ascii(src, start, length)
                    : new String(src, start, length, StandardCharsets.UTF_8);
            names[member] = name;
        }
        return name;
    }

    private boolean nameIs(final int member, final String name) {
        final String known = names[member];
        if (known != null) {
            return known == name || known.equals(name);
        }
        if ((flags[member] & F_NAME_NON_ASCII) != 0) {
            return name(member).equals(name);
        }
        final int start = nameStart[member];
        final int length = nameEnd[member] - start;
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (src[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String string(final int node) {
        Object text = decoded[node];
        if (text == null) {
            final int start = (int) (value[node] >>> 32);
            final int stop = (int) value[node];
            if ((flags[node] & F_VALUE_ESCAPED) != 0) {
                text = unescape(start, stop);
            } else if ((flags[node] & F_VALUE_NON_ASCII) != 0) {
                text = new String(src, start, stop - start, StandardCharsets.UTF_8);
            } else {
                text = Utf8Strings.ascii(src, start, stop - start);
            }
            decoded[node] = text;
        }
        return (String) text;
    }

    private JsonNode foreign(final int node) {
        return (JsonNode) decoded[node];
    }

    /** The node as Jackson's tree would have it (for {@link RawRecord#json()} and for writing a container back). */
    JsonNode toTree(final int node) {
        final JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (kind(node)) {
            case OBJECT -> {
                final ObjectNode object = nodes.objectNode();
                for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
                    object.set(name(c), toTree(c));
                }
                yield object;
            }
            case ARRAY -> {
                final ArrayNode array = nodes.arrayNode();
                for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
                    array.add(toTree(c));
                }
                yield array;
            }
            case STRING -> nodes.textNode(string(node));
            case LONG -> value[node] == (int) value[node] ? nodes.numberNode((int) value[node]) : nodes.numberNode(value[node]);
            case DOUBLE -> nodes.numberNode(Double.longBitsToDouble(value[node]));
            case TRUE -> nodes.booleanNode(true);
            case FALSE -> nodes.booleanNode(false);
            case NULL -> nodes.nullNode();
            case FOREIGN -> foreign(node);
            default -> nodes.missingNode();
        };
    }

    /**
     * The node's own bytes when they are already what Jackson writes for it (compact, no escapes, numbers as Jackson
     * prints them), else null: then {@link #write} it. A Telegraf batch's metrics usually are, and are then copied.
     */
    byte[] bytesAsJacksonWrites(final int node) {
        return src != null && compactLength(node) == spanEnd[node] - spanStart[node]
                ? Arrays.copyOfRange(src, spanStart[node], spanEnd[node]) : null;
    }

    /** The length Jackson's compact form of the node has, or -1 where it would differ from the node's bytes. */
    private int compactLength(final int node) {
        switch (kind(node)) {
            case OBJECT, ARRAY -> {
                int length = 2 + Math.max(0, childCount[node] - 1);
                for (int c = firstChild(node); c >= 0; c = nextSibling[c]) {
                    final int child = compactLength(c);
                    if (child < 0) {
                        return -1;
                    }
                    length += child + (kind[node] == OBJECT ? nameEnd[c] - nameStart[c] + 3 : 0);
                }
                return length;
            }
            case STRING -> {
                return (flags[node] & F_VALUE_ESCAPED) == 0 ? spanEnd[node] - spanStart[node] : -1;
            }
            case LONG -> {
                // the grammar leaves one other spelling than Jackson's: "-0"
                return value[node] == 0 && src[spanStart[node]] == '-' ? -1 : spanEnd[node] - spanStart[node];
            }
            case DOUBLE -> {
                final String written = NumberOutput.toString(Double.longBitsToDouble(value[node]));
                final int length = spanEnd[node] - spanStart[node];
                if (written.length() != length) {
                    return -1;
                }
                for (int i = 0; i < length; i++) {
                    if (written.charAt(i) != src[spanStart[node] + i]) {
                        return -1;
                    }
                }
                return length;
            }
            case TRUE, FALSE, NULL -> {
                return spanEnd[node] - spanStart[node];
            }
            default -> {
                return -1;
            }
        }
    }

    /** JsonNode's {@code toString()}: the node as compact JSON, the way Jackson writes its tree. */
    String toJson(final int node) {
        return toTree(node).toString();
    }

    /** Writes the node as Jackson writes the tree node it stands for (the same generator calls). */
    void write(final JsonGenerator g, final int node) throws IOException {
        switch (kind(node)) {
            case OBJECT -> {
                g.writeStartObject();
                for (int c = firstChild(node); c >= 0; c = nextSibling[c]) {
                    g.writeFieldName(name(c));
                    write(g, c);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (int c = firstChild(node); c >= 0; c = nextSibling[c]) {
                    write(g, c);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(string(node));
            case LONG -> {
                if (value[node] == (int) value[node]) {
                    g.writeNumber((int) value[node]);
                } else {
                    g.writeNumber(value[node]);
                }
            }
            case DOUBLE -> g.writeNumber(Double.longBitsToDouble(value[node]));
            case TRUE -> g.writeBoolean(true);
            case FALSE -> g.writeBoolean(false);
            case NULL -> g.writeNull();
            default -> g.writeTree(foreign(node));
        }
    }

    // ---- building ----

    private int newNode(final byte k) {
        if (size == kind.length) {
            grow();
        }
        final int n = size++;
        kind[n] = k;
        flags[n] = 0;
        firstChild[n] = MISSING;
        nextSibling[n] = MISSING;
        childCount[n] = 0;
        value[n] = 0;
        return n;
    }

    private void grow() {
        final int capacity = kind.length * 2;
        kind = Arrays.copyOf(kind, capacity);
        flags = Arrays.copyOf(flags, capacity);
        firstChild = Arrays.copyOf(firstChild, capacity);
        nextSibling = Arrays.copyOf(nextSibling, capacity);
        childCount = Arrays.copyOf(childCount, capacity);
        value = Arrays.copyOf(value, capacity);
        nameStart = Arrays.copyOf(nameStart, capacity);
        nameEnd = Arrays.copyOf(nameEnd, capacity);
        spanStart = Arrays.copyOf(spanStart, capacity);
        spanEnd = Arrays.copyOf(spanEnd, capacity);
        decoded = Arrays.copyOf(decoded, capacity);
        names = Arrays.copyOf(names, capacity);
    }

    private int add(final JsonNode tree) {
        final int n;
        if (tree.isObject()) {
            n = newNode(OBJECT);
            int last = MISSING;
            for (final Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> member = it.next();
                final int c = add(member.getValue());
                names[c] = member.getKey();
                last = link(n, last, c);
            }
        } else if (tree.isArray()) {
            n = newNode(ARRAY);
            int last = MISSING;
            for (final JsonNode element : tree) {
                last = link(n, last, add(element));
            }
        } else if (tree.isTextual()) {
            n = newNode(STRING);
            decoded[n] = tree.textValue();
        } else if (tree.isInt() || tree.isLong()) {
            n = newNode(LONG);
            value[n] = tree.longValue();
        } else if (tree.isDouble()) {
            n = newNode(DOUBLE);
            value[n] = Double.doubleToRawLongBits(tree.doubleValue());
        } else if (tree.isBoolean()) {
            n = newNode(tree.booleanValue() ? TRUE : FALSE);
        } else if (tree.isNull()) {
            n = newNode(NULL);
        } else {
            n = newNode(FOREIGN);
            decoded[n] = tree;
        }
        return n;
    }

    private int link(final int parent, final int last, final int child) {
        if (last == MISSING) {
            firstChild[parent] = child;
        } else {
            nextSibling[last] = child;
        }
        childCount[parent]++;
        return child;
    }

    // ---- scanning (returns -1 to give the record to Jackson) ----

    private int readValue(final int depth) {
        final int start = pos;
        final int n = readToken(depth);
        if (n >= 0) {
            spanStart[n] = start;
            spanEnd[n] = pos;
        }
        return n;
    }

    private int readToken(final int depth) {
        if (pos >= end) {
            return MISSING;
        }
        final byte b = src[pos];
        switch (b) {
            case '{':
                return depth > MAX_DEPTH ? MISSING : readObject(depth);
            case '[':
                return depth > MAX_DEPTH ? MISSING : readArray(depth);
            case '"': {
                final int n = newNode(STRING);
                final int start = pos + 1;
                final int stop = scanString(n);
                if (stop < 0) {
                    return MISSING;
                }
                value[n] = ((long) start << 32) | stop;
                return n;
            }
            case 't':
                return literal("true", TRUE);
            case 'f':
                return literal("false", FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                return b == '-' || b >= '0' && b <= '9' ? readNumber() : MISSING;
        }
    }

    private int readObject(final int depth) {
        final int n = newNode(OBJECT);
        pos++;
        skipWhiteSpace();
        if (pos < end && src[pos] == '}') {
            pos++;
            return n;
        }
        int last = MISSING;
        while (true) {
            if (pos >= end || src[pos] != '"' || childCount[n] >= MAX_MEMBERS) {
                return MISSING;
            }
            final int start = pos + 1;
            final int nameFlags = scanName();
            if (nameFlags < 0) {
                return MISSING;
            }
            final int stop = pos - 1;
            skipWhiteSpace();
            if (pos >= end || src[pos] != ':') {
                return MISSING;
            }
            pos++;
            skipWhiteSpace();
            final int c = readValue(depth + 1);
            if (c < 0) {
                return MISSING;
            }
            nameStart[c] = start;
            nameEnd[c] = stop;
            flags[c] |= (byte) nameFlags;
            names[c] = nameFlags == 0 ? Utf8Strings.name(src, start, stop - start) : null;
            if (repeats(n, c)) {
                return MISSING;
            }
            last = link(n, last, c);
            final int next = separator((byte) '}');
            if (next <= 0) {
                return next == 0 ? n : MISSING;
            }
        }
    }

    /** After a member or element: 1 for a comma (another one follows), 0 for the closing bracket, -1 for anything else. */
    private int separator(final byte close) {
        skipWhiteSpace();
        if (pos < end && src[pos] == ',') {
            pos++;
            skipWhiteSpace();
            return 1;
        }
        if (pos < end && src[pos] == close) {
            pos++;
            return 0;
        }
        return -1;
    }

    /** Whether the member's name is already one of the object's (Jackson then keeps the first place, last value). */
    private boolean repeats(final int object, final int member) {
        final String name = names[member];
        final int length = nameEnd[member] - nameStart[member];
        // Short ASCII names are interned (Utf8Strings.name): equal names of such a length are the same instance.
        final boolean interned = name != null && length <= Utf8Strings.MAX_CACHED;
        for (int c = firstChild[object]; c >= 0; c = nextSibling[c]) {
            if (nameEnd[c] - nameStart[c] != length) {
                continue;
            }
            if (interned && names[c] != null) {
                if (names[c] == name) {
                    return true;
                }
            } else if (Arrays.equals(src, nameStart[c], nameEnd[c], src, nameStart[member], nameEnd[member])) {
                return true;
            }
        }
        return false;
    }

    private int readArray(final int depth) {
        final int n = newNode(ARRAY);
        pos++;
        skipWhiteSpace();
        if (pos < end && src[pos] == ']') {
            pos++;
            return n;
        }
        int last = MISSING;
        while (true) {
            final int c = readValue(depth + 1);
            if (c < 0) {
                return MISSING;
            }
            last = link(n, last, c);
            final int next = separator((byte) ']');
            if (next <= 0) {
                return next == 0 ? n : MISSING;
            }
        }
    }

    /** A field name without escapes; returns its flags (or -1), with {@link #pos} after the closing quote. */
    private int scanName() {
        int i = pos + 1;
        int nameFlags = 0;
        while (i < end) {
            final byte b = src[i];
            if (b == '"') {
                final int length = i - pos - 1;
                pos = i + 1;
                return length > MAX_NAME_BYTES ? -1 : nameFlags;
            }
            if (b == '\\' || b >= 0 && b < 0x20) {
                return -1;
            }
            if (b < 0) {
                nameFlags = F_NAME_NON_ASCII;
            }
            i++;
        }
        return -1;
    }

    /** A string value; returns the end of its content (or -1), with {@link #pos} after the closing quote. */
    private int scanString(final int node) {
        int i = pos + 1;
        byte f = 0;
        while (i < end) {
            final byte b = src[i];
            if (b == '"') {
                pos = i + 1;
                flags[node] |= f;
                return i;
            }
            if (b == '\\') {
                f |= F_VALUE_ESCAPED;
                if (i + 1 >= end) {
                    return -1;
                }
                final byte e = src[i + 1];
                if (e == 'u') {
                    if (i + 5 >= end || hex(src[i + 2]) < 0 || hex(src[i + 3]) < 0 || hex(src[i + 4]) < 0 || hex(src[i + 5]) < 0) {
                        return -1;
                    }
                    i += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    return -1;
                }
                i += 2;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                return -1;
            }
            if (b < 0) {
                f |= F_VALUE_NON_ASCII;
            }
            i++;
        }
        return -1;
    }

    private String unescape(final int start, final int stop) {
        final StringBuilder out = new StringBuilder(stop - start);
        int run = start;
        int i = start;
        while (i < stop) {
            if (src[i] != '\\') {
                i++;
                continue;
            }
            out.append(new String(src, run, i - run, StandardCharsets.UTF_8));
            final byte e = src[i + 1];
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append((char) (hex(src[i + 2]) << 12 | hex(src[i + 3]) << 8 | hex(src[i + 4]) << 4 | hex(src[i + 5])));
                default -> out.append((char) e);
            }
            i += e == 'u' ? 6 : 2;
            run = i;
        }
        out.append(new String(src, run, stop - run, StandardCharsets.UTF_8));
        return out.toString();
    }

    private static int hex(final byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private int literal(final String word, final byte k) {
        if (end - pos < word.length()) {
            return MISSING;
        }
        for (int i = 0; i < word.length(); i++) {
            if (src[pos + i] != word.charAt(i)) {
                return MISSING;
            }
        }
        pos += word.length();
        return newNode(k);
    }

    /** JSON's number grammar exactly (no leading zeros, digits on both sides of the point, a signed exponent). */
    private int readNumber() {
        final int start = pos;
        int i = pos;
        final boolean negative = src[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= end || src[i] < '0' || src[i] > '9') {
            return MISSING;
        }
        long mantissa = 0;
        int digits = 0;
        if (src[i] == '0') {
            i++;
        } else {
            while (i < end && src[i] >= '0' && src[i] <= '9') {
                if (digits < MAX_LONG_DIGITS) {
                    mantissa = mantissa * 10 + (src[i] - '0');
                }
                digits++;
                i++;
            }
        }
        final int integerDigits = digits;
        boolean fractional = false;
        int fractionDigits = 0;
        if (i < end && src[i] == '.') {
            fractional = true;
            i++;
            if (i >= end || src[i] < '0' || src[i] > '9') {
                return MISSING;
            }
            while (i < end && src[i] >= '0' && src[i] <= '9') {
                if (digits < MAX_LONG_DIGITS) {
                    mantissa = mantissa * 10 + (src[i] - '0');
                }
                digits++;
                fractionDigits++;
                i++;
            }
        }
        boolean exponent = false;
        if (i < end && (src[i] == 'e' || src[i] == 'E')) {
            exponent = true;
            i++;
            if (i < end && (src[i] == '+' || src[i] == '-')) {
                i++;
            }
            if (i >= end || src[i] < '0' || src[i] > '9') {
                return MISSING;
            }
            while (i < end && src[i] >= '0' && src[i] <= '9') {
                i++;
            }
        }
        if (i - start > MAX_NUMBER_CHARS) {
            return MISSING;
        }
        pos = i;
        if (!fractional && !exponent) {
            if (integerDigits > MAX_LONG_DIGITS) {
                return MISSING;
            }
            final int n = newNode(LONG);
            value[n] = negative ? -mantissa : mantissa;
            return n;
        }
        final int n = newNode(DOUBLE);
        double d;
        if (!exponent && digits <= MAX_EXACT_DIGITS && fractionDigits < POWERS_OF_TEN.length) {
            // exact: both operands are exact doubles, so the quotient is correctly rounded, as parseDouble's is
            d = mantissa / POWERS_OF_TEN[fractionDigits];
            d = negative ? -d : d;
        } else {
            d = Double.parseDouble(new String(src, start, i - start, StandardCharsets.ISO_8859_1));
        }
        value[n] = Double.doubleToRawLongBits(d);
        return n;
    }

    private void skipWhiteSpace() {
        while (pos < end) {
            final byte b = src[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }
}
