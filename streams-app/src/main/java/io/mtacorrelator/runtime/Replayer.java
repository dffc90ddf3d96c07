package io.mtacorrelator.runtime;

import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import io.mtacorrelator.topology.ControlRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes historical exports to a raw topic with each record's own event time as its Kafka timestamp, the
 * files merged in event-time order (a file of events and a file of counters of the same day interleave as they
 * happened), so the correlator's grace is enough to put them in order. Lines that cannot be read are published
 * too, in place: the correlator dead-letters them with the reason.
 */
public final class Replayer {

    /** Receives progress: records published so far, of how many, and the rate. */
    public interface Progress {
        void update(long done, long total, double perSecond);
    }

    /** What a replay published. */
    public record Summary(long records, long unreadable, Instant firstEventTime, Instant lastEventTime, Duration elapsed) {
    }

    private final Map<String, Object> producerProps;
    private final RecordParser parser = new RecordParser();

    public Replayer(final Map<String, Object> producerProps) {
        this.producerProps = new HashMap<>(producerProps);
        this.producerProps.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        this.producerProps.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.producerProps.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    }

    /** Counts the records (non-blank lines) of the files, for progress. */
    public static long count(final List<Path> files) throws IOException {
        return NdjsonFiles.forEachLine(files, line -> { });
    }

    /**
     * @param markerTopics when not empty, the end-of-input marker is sent to every partition of these raw topics
     *                     after the data (for a finite reprocessing with mta.grace.ms=-1)
     */
    public Summary replay(final List<Path> files, final String topic, final List<String> markerTopics, final long total,
                          final Progress progress) throws IOException {
        final long start = System.nanoTime();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        long published = 0;
        long unreadable = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final List<Cursor> cursors = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            try {
                for (final Path file : files) {
                    final Cursor c = new Cursor(new NdjsonFiles.Lines(file));
                    c.advance(parser);
                    cursors.add(c);
                }
                // The first report comes after one measured interval: a rate (and an ETA) from one record is noise.
                long lastReport = start;
                while (true) {
                    Cursor next = null;
                    for (final Cursor c : cursors) {
                        if (c.line != null && (next == null || c.time < next.time)) {
                            next = c;
                        }
                    }
                    if (next == null) {
                        break;
                    }
                    final Long timestamp = next.time == Long.MIN_VALUE ? null : next.time;
                    if (!next.readable) {
                        unreadable++;
                    } else if (next.time != Long.MIN_VALUE) {
                        first = Math.min(first, next.time);
                        last = Math.max(last, next.time);
                    }
                    // Keyed by MTA, so one MTA's records stay in one raw partition, in order.
                    producer.send(new ProducerRecord<>(topic, null, timestamp, next.key, next.line), (meta, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    published++;
                    next.advance(parser);
                    if (failure.get() != null) {
                        break;
                    }
                    final long now = System.nanoTime();
                    if (now - lastReport > 200_000_000L) {
                        lastReport = now;
                        progress.update(published, total, published / Math.max(1e-9, (now - start) / 1e9));
                    }
                }
            } finally {
                for (final Cursor c : cursors) {
                    c.lines.close();
                }
            }
            if (failure.get() == null && !markerTopics.isEmpty()) {
                sendEndOfInput(producer, markerTopics);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing to " + topic + " failed after " + published + " records: "
                    + failure.get().getMessage(), failure.get());
        }
        progress.update(published, total, published / Math.max(1e-9, (System.nanoTime() - start) / 1e9));
        return new Summary(published, unreadable, first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
                last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The end-of-input marker on every partition of these raw topics, each saying how many were sent. */
    static void sendEndOfInput(final Producer<byte[], byte[]> producer, final List<String> rawTopics) {
        final List<TopicPartition> partitions = rawTopics.stream()
                .flatMap(t -> producer.partitionsFor(t).stream().map(i -> new TopicPartition(t, i.partition())))
                .toList();
        for (final TopicPartition tp : partitions) {
            final RecordHeaders headers = new RecordHeaders();
            headers.add(ControlRecords.CONTROL, ControlRecords.END_OF_INPUT.getBytes(StandardCharsets.UTF_8));
            headers.add(ControlRecords.SOURCES, String.valueOf(partitions.size()).getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, null, null, headers));
        }
    }

    /** The head of one file: its next line and that line's event time (the file's last known time if unreadable). */
    private static final class Cursor {
        private final NdjsonFiles.Lines lines;
        private byte[] line;
        private byte[] key;
        private long time = Long.MIN_VALUE;
        private boolean readable;

        Cursor(final NdjsonFiles.Lines lines) {
            this.lines = lines;
        }

        void advance(final RecordParser parser) throws IOException {
            line = lines.next();
            if (line == null) {
                return;
            }
            final ParseOutcome outcome = parser.parse(line);
            key = null;
            if (outcome instanceof ParseOutcome.Event e) {
                time = e.event().getTimestamp().toEpochMilli();
                key = e.event().getMta().getBytes(StandardCharsets.UTF_8);
                readable = true;
            } else if (outcome instanceof ParseOutcome.Sample s) {
                time = s.sample().getTimestamp().toEpochMilli();
                key = s.sample().getMta().getBytes(StandardCharsets.UTF_8);
                readable = true;
            } else {
                readable = outcome instanceof ParseOutcome.Ignored;
            }
        }
    }
}
