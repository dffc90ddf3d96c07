package io.mtacorrelator.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall-clock marks of where a short command spends its time (JVM start, broker start, topic creation, Kafka
 * Streams start, processing, shutdown), for the start-up measurement ({@code tools/bench/startup.py}). Off
 * unless the system property {@value #FILE_PROPERTY} names a file: then {@link #write()} puts the marks there
 * as JSON, {@code {"jvmStartEpochMs": N, "marks": [{"phase": "broker-started", "epochMs": N}, ...]}}.
 */
public final class PhaseTimes {

    public static final String FILE_PROPERTY = "mta.timings.file";

    private static final List<String> MARKS = new ArrayList<>();

    private PhaseTimes() {
    }

    private static boolean enabled() {
        return System.getProperty(FILE_PROPERTY) != null;
    }

    /** Notes that {@code phase} ends now. */
    public static void mark(final String phase) {
        if (enabled()) {
            final long now = System.currentTimeMillis();
            synchronized (MARKS) {
                MARKS.add("{\"phase\":\"" + phase + "\",\"epochMs\":" + now + "}");
            }
        }
    }

    /** Writes the marks to the file named by the property (nothing when it is not set). */
    public static void write() {
        final String file = System.getProperty(FILE_PROPERTY);
        if (file == null) {
            return;
        }
        mark("exit");
        final long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        final String json;
        synchronized (MARKS) {
            json = "{\"jvmStartEpochMs\":" + jvmStart + ",\"marks\":[" + String.join(",", MARKS) + "]}\n";
        }
        try {
            Files.writeString(Path.of(file), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e.getMessage());
        }
    }
}
