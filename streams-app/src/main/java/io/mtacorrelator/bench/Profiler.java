package io.mtacorrelator.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JFR recording of one measured phase, and what its execution samples say: the methods the stream threads spend
 * their time in, by self time (the method on top of the stack) and by total time (the method anywhere on it).
 */
final class Profiler implements AutoCloseable {

    /** A method and the share of the threads' samples it appears in. */
    record Frame(String method, double percent) {
    }

    /**
     * What the recording shows for the threads whose names contain {@code threadFilter}: top frames by self time, by
     * total time, and by total time among the project's own methods (the framework's loop is on every stack).
     */
    record Profile(String file, String threads, long samples, List<Frame> self, List<Frame> total, List<Frame> ours) {
    }

    private static final String OUR_PACKAGE = "io.mtacorrelator.";

    private final Recording recording;

    private Profiler(final Recording recording) {
        this.recording = recording;
    }

    static Profiler start() {
        try {
            final Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("mta-correlator bench");
            recording.start();
            return new Profiler(recording);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start a JFR recording: " + e.getMessage(), e);
        }
    }

    /** Stops the recording, writes it and reads back its top frames. */
    Profile stop(final Path file, final String threadFilter, final int top) throws IOException {
        recording.stop();
        recording.dump(file);
        return analyse(file, threadFilter, top);
    }

    @Override
    public void close() {
        recording.close();
    }

    static Profile analyse(final Path file, final String threadFilter, final int top) throws IOException {
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> total = new HashMap<>();
        final Map<String, Long> ours = new HashMap<>();
        long samples = 0;
        for (final RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                continue;
            }
            final RecordedThread thread = event.getThread("sampledThread");
            final RecordedStackTrace stack = event.getStackTrace();
            if (thread == null || stack == null || thread.getJavaName() == null || !thread.getJavaName().contains(threadFilter)) {
                continue;
            }
            samples++;
            final List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            self.merge(name(frames.get(0)), 1L, Long::sum);
            final Set<String> seen = new HashSet<>();
            for (final RecordedFrame f : frames) {
                final String n = name(f);
                if (seen.add(n)) {
                    total.merge(n, 1L, Long::sum);
                    if (n.startsWith(OUR_PACKAGE)) {
                        ours.merge(n, 1L, Long::sum);
                    }
                }
            }
        }
        return new Profile(file.toString(), threadFilter, samples, topOf(self, samples, top), topOf(total, samples, top),
                topOf(ours, samples, top));
    }

    private static String name(final RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static List<Frame> topOf(final Map<String, Long> counts, final long samples, final int top) {
        final List<Frame> frames = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(e -> frames.add(new Frame(e.getKey(), samples == 0 ? 0 : Math.round(e.getValue() * 1000d / samples) / 10d)));
        return frames;
    }
}
