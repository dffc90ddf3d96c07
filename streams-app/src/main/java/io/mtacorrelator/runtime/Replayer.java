package io.mtacorrelator.runtime;

import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.exports.ExportReader;
import io.mtacorrelator.exports.ExportRecord;
import io.mtacorrelator.ingest.InputSettings;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import io.mtacorrelator.topology.ControlRecords;
import io.mtacorrelator.topology.DeadLetterHeaders;
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
import java.util.function.Function;

/**
 * Publishes historical exports to a raw topic with each record's own event time as its Kafka timestamp, the
 * files merged in event-time order (a file of events and a file of counters of the same day interleave as they
 * happened), so the correlator's grace is enough to put them in order. Files are read by format
 * ({@link ExportReader}: an XML event or a CSV row is one record, whatever its lines). Records that cannot be read are
 * published too, in place: the correlator dead-letters them with the reason.
 *
 * <p>The event times used here come from the replay's own {@code mta.input.*} settings (time zones, date pattern);
 * the correlator that reads the topic parses the records again with its own, so both need the same.
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
    private final RecordParser parser;

    public Replayer(final Map<String, Object> producerProps) {
        this(producerProps, InputSettings.DEFAULTS);
    }

    public Replayer(final Map<String, Object> producerProps, final InputSettings input) {
        this.parser = new RecordParser(input);
        this.producerProps = new HashMap<>(producerProps);
        this.producerProps.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        this.producerProps.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        this.producerProps.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    }

    /** Counts the records of the files, for progress. */
    public static long count(final List<Path> files, final Function<Path, ExportOptions> options) throws IOException {
        long count = 0;
        for (final Path file : files) {
            count += ExportReader.count(List.of(file), options.apply(file));
        }
        return count;
    }

    /** A raw-topic record of an export record; one that was cut when read says how long it really was. */
    static ProducerRecord<byte[], byte[]> rawRecord(final String topic, final Long timestamp, final byte[] key,
                                                   final ExportRecord record) {
        final RecordHeaders headers = new RecordHeaders();
        // Where in which file: a dead letter then names the line (or event, or row) to look at.
        headers.add(DeadLetterHeaders.RAW_FILE, record.file().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.RAW_LINE, String.valueOf(record.line()).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.RAW_RECORD, String.valueOf(record.ordinal()).getBytes(StandardCharsets.UTF_8));
        if (record.truncated()) {
            headers.add(ExportRecord.ORIGINAL_LENGTH_HEADER,
                    String.valueOf(record.originalLength()).getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, timestamp, key, record.value(), headers);
    }

    /**
     * @param markerTopics when not empty, the end-of-input marker is sent to every partition of these raw topics
     *                     after the data (for a finite reprocessing with mta.grace.ms=-1)
     */
    public Summary replay(final List<Path> files, final String topic, final List<String> markerTopics, final long total,
                          final Progress progress) throws IOException {
        return replay(files, file -> ExportOptions.DEFAULTS, topic, markerTopics, total, progress);
    }

    /** @param options how each file is read (the computer of an Event Viewer export that names none) */
    public Summary replay(final List<Path> files, final Function<Path, ExportOptions> options, final String topic,
                          final List<String> markerTopics, final long total, final Progress progress) throws IOException {
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
                    final Cursor c = new Cursor(ExportReader.open(file, options.apply(file)));
                    c.advance(parser);
                    cursors.add(c);
                }
                // The first report comes after one measured interval: a rate (and an ETA) from one record is noise.
                long lastReport = start;
                while (true) {
                    Cursor next = null;
                    for (final Cursor c : cursors) {
                        if (c.record != null && (next == null || c.time < next.time)) {
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
                    producer.send(rawRecord(topic, timestamp, next.key, next.record), (meta, e) -> {
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
                    c.reader.close();
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

    /** The head of one file: its next record and that record's event time (the file's last known time if unreadable). */
    /**
     * A record's own event time and MTA (its Kafka timestamp and key when published), both null when it has none;
     * readable when it parses or is ignored by rule. A Telegraf batch (which the reader splits) is stamped by its first.
     */
    record Stamp(Long time, byte[] key, boolean readable) {
    }

    static Stamp stamp(final RecordParser parser, final ExportRecord record) {
        boolean readable = false;
        for (final RecordParser.Parsed parsed : parser.parseAll(record.value(), record.originalLength())) {
            final ParseOutcome outcome = parsed.outcome();
            if (outcome instanceof ParseOutcome.Event e) {
                return new Stamp(e.event().getTimestamp().toEpochMilli(), e.event().getMta().getBytes(StandardCharsets.UTF_8), true);
            } else if (outcome instanceof ParseOutcome.Sample s) {
                return new Stamp(s.sample().getTimestamp().toEpochMilli(), s.sample().getMta().getBytes(StandardCharsets.UTF_8), true);
            }
            readable = readable || outcome instanceof ParseOutcome.Ignored;
        }
        return new Stamp(null, null, readable);
    }

    private static final class Cursor {
        private final ExportReader reader;
        private ExportRecord record;
        private byte[] key;
        private long time = Long.MIN_VALUE;
        private boolean readable;

        Cursor(final ExportReader reader) {
            this.reader = reader;
        }

        void advance(final RecordParser parser) throws IOException {
            record = reader.next();
            if (record == null) {
                return;
            }
            final Stamp stamp = stamp(parser, record);
            key = stamp.key();
            readable = stamp.readable();
            if (stamp.time() != null) {
                time = stamp.time();
            }
        }
    }
}
