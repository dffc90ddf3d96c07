package io.mtacorrelator.exports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * One record per non-blank line. UTF-8 lines are passed on byte for byte (the parser, not the reader, decides that a
 * line which is not UTF-8 or not JSON is a dead letter); UTF-16 files are re-encoded. A Telegraf batch line
 * ({@code {"metrics":[...]}}, what {@code outputs.file} writes with {@code use_batch_format}) is split into one record
 * per metric, each as Telegraf writes a metric without the batch format.
 */
final class NdjsonSplitter implements RecordSplitter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] METRICS = "\"metrics\"".getBytes(StandardCharsets.US_ASCII);

    private final InputStream bytes;
    private final Reader chars;
    private final int max;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private final Deque<Piece> pending = new ArrayDeque<>();
    private long lineNumber;
    private long lineLength;
    private boolean eof;

    /** Lines of UTF-8 (or any byte) text. */
    NdjsonSplitter(final InputStream bytes, final int max) {
        this.bytes = bytes;
        this.chars = null;
        this.max = max;
    }

    /** Lines of decoded text (UTF-16 files), re-encoded as UTF-8. */
    NdjsonSplitter(final Reader chars, final int max) {
        this.bytes = null;
        this.chars = chars;
        this.max = max;
    }

    @Override
    public Piece next() throws IOException {
        while (pending.isEmpty() && !eof) {
            readLine();
        }
        return pending.poll();
    }

    private void readLine() throws IOException {
        line.reset();
        lineLength = 0;
        lineNumber++;
        if (bytes != null) {
            int b;
            while ((b = bytes.read()) != -1 && b != '\n') {
                keep(b);
            }
            eof = b == -1;
        } else {
            final StringBuilder text = new StringBuilder();
            int c;
            while ((c = chars.read()) != -1 && c != '\n') {
                text.append((char) c);
            }
            eof = c == -1;
            for (final byte b : text.toString().getBytes(StandardCharsets.UTF_8)) {
                keep(b);
            }
        }
        emit();
    }

    private void keep(final int b) {
        lineLength++;
        if (line.size() < max + 1) {
            line.write(b);
        }
    }

    private void emit() {
        byte[] value = line.toByteArray();
        long length = lineLength;
        if (value.length > 0 && value[value.length - 1] == '\r' && length == value.length) {
            value = Arrays.copyOf(value, value.length - 1);
            length--;
        }
        if (isBlank(value)) {
            return;
        }
        if (length <= max && isTelegrafBatch(value)) {
            splitBatch(value);
            return;
        }
        if (value.length > max) {
            value = Arrays.copyOf(value, max);
        }
        pending.add(new Piece(value, lineNumber, length));
    }

    /** {@code {"metrics":[}, whitespace allowed: cheap enough to ask of every line. */
    static boolean isTelegrafBatch(final byte[] value) {
        int i = skipSpace(value, 0);
        if (i >= value.length || value[i] != '{') {
            return false;
        }
        i = skipSpace(value, i + 1);
        if (i + METRICS.length > value.length || !Arrays.equals(value, i, i + METRICS.length, METRICS, 0, METRICS.length)) {
            return false;
        }
        i = skipSpace(value, i + METRICS.length);
        if (i >= value.length || value[i] != ':') {
            return false;
        }
        i = skipSpace(value, i + 1);
        return i < value.length && value[i] == '[';
    }

    /** Each metric of a well-formed batch; a batch that does not parse stays one record (the parser says why). */
    private void splitBatch(final byte[] value) {
        final JsonNode batch;
        try {
            batch = MAPPER.readTree(value);
        } catch (final JsonProcessingException e) {
            pending.add(new Piece(value, lineNumber, value.length));
            return;
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        if (batch == null || !batch.isObject() || batch.size() != 1 || !batch.get("metrics").isArray()
                || batch.get("metrics").isEmpty()) {
            pending.add(new Piece(value, lineNumber, value.length));
            return;
        }
        for (final JsonNode metric : batch.get("metrics")) {
            final byte[] one;
            try {
                one = MAPPER.writeValueAsBytes(metric);
            } catch (final JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            pending.add(new Piece(one, lineNumber, one.length));
        }
    }

    private static int skipSpace(final byte[] value, final int from) {
        int i = from;
        while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\r' || value[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(final byte[] value) {
        for (final byte b : value) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (bytes != null) {
            bytes.close();
        } else {
            chars.close();
        }
    }
}
