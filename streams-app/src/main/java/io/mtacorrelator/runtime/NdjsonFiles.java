package io.mtacorrelator.runtime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads newline-delimited records as raw bytes: a line that is not valid UTF-8 or not JSON is still a
 * record, and the parser (not the file reader) decides it goes to the dead-letter topic.
 */
public final class NdjsonFiles {

    /**
     * Longest line kept whole. Longer lines are cut here (the parser rejects anything over 1 MiB anyway,
     * so they are dead-lettered all the same) so that a file without line breaks cannot exhaust memory.
     */
    public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private NdjsonFiles() {
    }

    /** A one-line reason why a file cannot be read, or null when it can. */
    public static String unreadable(final Path file) {
        if (!Files.exists(file)) {
            return "cannot read " + file + ": no such file";
        }
        if (Files.isDirectory(file)) {
            return "cannot read " + file + ": it is a directory";
        }
        if (!Files.isReadable(file)) {
            return "cannot read " + file + ": permission denied";
        }
        return null;
    }

    /** Calls {@code sink} with each non-blank line of each file, without its line ending. Returns the count. */
    public static long forEachLine(final List<Path> files, final Consumer<byte[]> sink) throws IOException {
        long count = 0;
        for (final Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                count += forEachLine(in, sink);
            }
        }
        return count;
    }

    /** Reads one file line by line, on demand (for merging several files). Blank lines are skipped. */
    public static final class Lines implements AutoCloseable {
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private boolean eof;

        public Lines(final Path file) throws IOException {
            this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        }

        /** The next non-blank line, or null at the end. */
        public byte[] next() throws IOException {
            final byte[][] out = new byte[1][];
            while (out[0] == null && !eof) {
                final int b = in.read();
                if (b == -1) {
                    eof = true;
                    emit(line, bytes -> out[0] = bytes);
                } else if (b == '\n') {
                    emit(line, bytes -> out[0] = bytes);
                } else if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                }
            }
            return out[0];
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static long forEachLine(final InputStream in, final Consumer<byte[]> sink) throws IOException {
        long count = 0;
        final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                count += emit(line, sink);
            } else if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            }
        }
        count += emit(line, sink);
        return count;
    }

    private static int emit(final ByteArrayOutputStream line, final Consumer<byte[]> sink) {
        byte[] bytes = line.toByteArray();
        line.reset();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        boolean blank = true;
        for (int i = 0; i < end && blank; i++) {
            blank = Character.isWhitespace(bytes[i]);
        }
        if (blank) {
            return 0;
        }
        if (end != bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, end);
        }
        sink.accept(bytes);
        return 1;
    }
}
