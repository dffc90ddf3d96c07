package io.mtacorrelator.runtime;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.exports.ExportReader;
import io.mtacorrelator.ingest.RecordParser;
import io.mtacorrelator.topology.AvroSerdes;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.CorrelatorTopology;
import io.mtacorrelator.topology.IngestMetrics;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Correlates finite export files with the streaming topology on a private in-process broker: publish their records
 * (read by format: NDJSON lines, XML events, Event Viewer rows; see {@link ExportReader}) to the raw topic, run the
 * same topology as {@code run} until it has consumed everything, then read the incident topic back.
 */
public final class FileCorrelation {

    private static final Logger LOG = LoggerFactory.getLogger(FileCorrelation.class);
    /** How often completion is checked: three small admin requests to the private broker. */
    private static final Duration POLL = Duration.ofMillis(20);
    private static final java.util.concurrent.Executor BACKGROUND = task -> background("mta-broker-start", task);
    /** Consumers of a short run ask the private broker often rather than wait for a full fetch. */
    private static final Map<String, Object> LOW_LATENCY_CONSUMER = Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
    private static final Map<String, Object> LOW_LATENCY = Map.of(
            StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "20",
            StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5",
            StreamsConfig.POLL_MS_CONFIG, "20");

    /**
     * What a finite run read and produced. read = parsed + ignored + deadLettered; each counts events (an XML event
     * over many lines, a CSV row with a multi-line description, one metric of a Telegraf batch), not lines.
     */
    public record Result(long recordsPublished, long read, long parsed, long ignored, long deadLettered,
                         List<Incident> incidents, List<DeadLetter> deadLetters, Duration elapsed) {
    }

    /** A record of the dead-letter topic: the original bytes and the headers saying why and where from. */
    public record DeadLetter(byte[] value, Map<String, String> headers) {
    }

    private final Map<String, Object> overrides;
    private final Duration timeout;
    private final Consumer<String> progress;
    private final boolean endsTheProcess;

    /**
     * @param overrides configuration keys (mta.* and Kafka Streams) on top of the defaults
     * @param timeout   how long processing may take before the run fails
     * @param progress  receives one-line progress messages
     */
    public FileCorrelation(final Map<String, Object> overrides, final Duration timeout, final Consumer<String> progress) {
        this(overrides, timeout, progress, false);
    }

    /**
     * @param endsTheProcess this run is the last work of its process, which exits soon after it, and another process
     *                       deletes this one's temporary directory once it has ended: the broker is then not shut
     *                       down but left to the process's exit. Its graceful shutdown flushes, checkpoints and closes
     *                       logs that are about to be deleted, in some forty steps: 0.25-0.35 s of a short run. Kafka
     *                       Streams is still closed (RocksDB's native threads must not outlive the JVM's exit).
     */
    public FileCorrelation(final Map<String, Object> overrides, final Duration timeout, final Consumer<String> progress,
                           final boolean endsTheProcess) {
        this.overrides = Map.copyOf(overrides);
        this.timeout = timeout;
        this.progress = progress;
        this.endsTheProcess = endsTheProcess;
    }

    public Result run(final List<Path> files) throws IOException, InterruptedException {
        return run(files, file -> ExportOptions.DEFAULTS);
    }

    /** @param options how each file is read (the computer of an Event Viewer export that names none) */
    public Result run(final List<Path> files, final Function<Path, ExportOptions> options) throws IOException, InterruptedException {
        final long started = System.nanoTime();
        final Path stateDir = Files.createTempDirectory("mta-correlator-state-");
        progress.accept("starting an embedded Kafka broker");
        PhaseTimes.mark("broker-starting");
        // The broker starts on its own threads while this one builds the configuration and the topology (and
        // loads their classes): the two largest fixed costs of a short run overlap instead of adding up.
        final CompletableFuture<EmbeddedKafka> starting = CompletableFuture.supplyAsync(EmbeddedKafka::start, BACKGROUND);
        // The stream thread loads RocksDB's native library (extracted from the jar, 15 MB) when it opens the first
        // store: 0.2 s on the path to RUNNING. Loaded here, it overlaps the broker's start instead. A failure is
        // left to Kafka Streams, which loads it again and reports it where the store is opened.
        background("mta-rocksdb-load", () -> {
            try {
                org.rocksdb.RocksDB.loadLibrary();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("RocksDB's library not preloaded; Kafka Streams loads it when it opens the store", e);
            }
        });
        final Map<String, Object> props = finiteRunProperties(overrides, stateDir);
        final CorrelatorConfig config = new CorrelatorConfig(props);
        final AvroSerdes serdes = new PlainAvroSerdes();
        final Topics topics = new Topics(config, serdes);
        final org.apache.kafka.streams.Topology topology = CorrelatorTopology.build(config, serdes);
        EmbeddedKafka kafka = null;
        try {
            kafka = await(starting);
            PhaseTimes.mark("broker-started");
            final Properties streamsProps = config.streamsProperties();
            streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                // The broker creates the topics on its threads while this one builds Kafka Streams' clients.
                final KafkaFuture<Void> created = requestTopics(admin, topics, (String) props.get(StreamsConfig.APPLICATION_ID_CONFIG));
                final Map<String, Long> counts;
                final long published;
                try (KafkaStreams streams = new KafkaStreams(topology, streamsProps)) {
                    awaitTopics(admin, created, topics);
                    PhaseTimes.mark("topics-created");
                    final AtomicReference<Throwable> failure = new AtomicReference<>();
                    streams.setUncaughtExceptionHandler(e -> {
                        failure.set(e);
                        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                    });
                    streams.setStateListener((next, previous) -> {
                        if (next == KafkaStreams.State.RUNNING) {
                            PhaseTimes.mark("streams-running");
                        }
                    });
                    // Streams joins its group while the records are published: it reads the raw topic from the
                    // beginning, so nothing is missed, and neither waits for the other.
                    streams.start();
                    published = publish(kafka.bootstrapServers(), topics.rawNames(), files, options,
                            new RecordParser(config.inputSettings()));
                    PhaseTimes.mark("published");
                    progress.accept("published " + published + " records; correlating");
                    awaitConsumed(admin, (String) props.get(StreamsConfig.APPLICATION_ID_CONFIG), topics, streams, failure);
                    PhaseTimes.mark("consumed");
                    counts = ingestCounts(streams.metrics());
                    streams.close(Duration.ofSeconds(30));
                    PhaseTimes.mark("streams-closed");
                }
                final List<Incident> incidents = new ArrayList<>();
                final List<DeadLetter> deadLetters = new ArrayList<>();
                final Deserializer<Incident> incidentValues = topics.incidents.valueSerde().deserializer();
                final Map<String, Object> reader = new HashMap<>(LOW_LATENCY_CONSUMER);
                reader.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                try (TopicReader results = new TopicReader(reader, List.of(topics.incidents.name(), topics.deadLetter.name()))) {
                    results.read(false, r -> {
                        if (r.topic().equals(topics.incidents.name())) {
                            incidents.add(incidentValues.deserialize(r.topic(), r.headers(), r.value()));
                        } else {
                            final Map<String, String> headers = new java.util.LinkedHashMap<>();
                            r.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null
                                    : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                            deadLetters.add(new DeadLetter(r.value(), headers));
                        }
                    });
                }
                PhaseTimes.mark("results-read");
                return new Result(published, counts.getOrDefault(IngestMetrics.READ, 0L),
                        counts.getOrDefault(IngestMetrics.PARSED, 0L), counts.getOrDefault(IngestMetrics.IGNORED, 0L),
                        counts.getOrDefault(IngestMetrics.DEAD_LETTERED, 0L), incidents, deadLetters,
                        Duration.ofNanos(System.nanoTime() - started));
            }
        } finally {
            if (kafka != null && !endsTheProcess) {
                kafka.close();
            }
            PhaseTimes.mark("broker-closed");
            EmbeddedKafka.deleteRecursively(stateDir);
        }
    }

    /**
     * The configuration of a finite run on a private broker: the caller's keys, then what such a run needs (a
     * fresh application id and state directory, at-least-once, waiting for the end-of-input marker) and what makes
     * it quick.
     */
    static Map<String, Object> finiteRunProperties(final Map<String, Object> overrides, final Path stateDir) {
        final Map<String, Object> props = new HashMap<>(overrides);
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlate-" + UUID.randomUUID());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // A finite run on a private broker: at-least-once lets completion be read exactly from committed
        // offsets (no transaction markers); nothing else consumes the topics, so nothing is duplicated.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // The input is complete and may come in any order (one file of events, another of counters): wait for
        // the end-of-input marker instead of a grace, and do not evaluate early on idleness.
        props.putIfAbsent(CorrelatorConfig.GRACE_MS, "-1");
        props.putIfAbsent(CorrelatorConfig.IDLE_FLUSH_MS, "-1");
        if (untilEndOfInput(props.get(CorrelatorConfig.GRACE_MS))) {
            // Nothing is evaluated before the end of the input, and then in event-time order whatever the order of
            // arrival: the topology's wait for a quiet merged topic (max.task.idle.ms, there so that one topic's
            // records do not make the other's late) guards nothing here, and cost 2 s at each marker's hop.
            props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        }
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES));
        // Latency, not throughput, bounds a short run: records cross two sub-topologies through the broker, and
        // every hop otherwise waits for the producer's 100 ms linger and the consumer's 500 ms empty fetch.
        LOW_LATENCY.forEach(props::putIfAbsent);
        return props;
    }

    /** Whether this grace means "evaluate at the end of the input" (an invalid one is left to the configuration's check). */
    private static boolean untilEndOfInput(final Object grace) {
        try {
            return Long.parseLong(String.valueOf(grace).trim()) < 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Runs a task on a daemon thread of its own: work of a short run that overlaps the main thread's. */
    private static void background(final String name, final Runnable task) {
        final Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** The started broker, or the reason it could not start (as thrown by {@link EmbeddedKafka#start()}). */
    private static EmbeddedKafka await(final CompletableFuture<EmbeddedKafka> starting) throws InterruptedException {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Asks the broker for the application's topics, and for its group's coordinator: the first lookup makes the
     * broker create its offsets topic, which Kafka Streams would otherwise wait for when it joins the group.
     */
    private static KafkaFuture<Void> requestTopics(final Admin admin, final Topics topics, final String groupId) {
        // Event times from past years must not fall to time-based retention.
        final Map<String, String> keepAll = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        final List<NewTopic> newTopics = topics.all().stream()
                .map(name -> new NewTopic(name, 1, (short) 1).configs(keepAll))
                .toList();
        final KafkaFuture<Void> created = admin.createTopics(newTopics).all();
        // Its answer (no offsets: the group is new) does not matter, only that the coordinator is found.
        admin.listConsumerGroupOffsets(groupId);
        return created;
    }

    private static void awaitTopics(final Admin admin, final KafkaFuture<Void> created, final Topics topics) throws InterruptedException {
        try {
            created.get(30, TimeUnit.SECONDS);
            CorrelatorApp.awaitLeaders(admin, topics.all(), TimeUnit.SECONDS.toMillis(120));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topics on the embedded broker: " + e.getMessage(), e);
        }
    }

    /** Publishes every record to the first raw topic, then the end-of-input marker to every raw partition. */
    private long publish(final String bootstrap, final List<String> rawTopics, final List<Path> files,
                         final Function<Path, ExportOptions> options, final RecordParser parser) throws IOException {
        final String topic = rawTopics.get(0);
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES));
        // A busy machine may keep the private broker from answering for a while: wait as long as the run may take.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(120_000L, timeout.toMillis())));
        final AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long count = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final Path file : files) {
                // Each record carries its own event time where it has one, as replay's do: a dead letter's
                // mta.dlt.source.timestamp is then the record's time, not the moment correlate published it.
                count += ExportReader.forEach(List.of(file), options.apply(file), record ->
                        producer.send(Replayer.rawRecord(topic, ownTime(parser, record), null, record), (meta, e) -> {
                            if (e != null) {
                                sendFailure.compareAndSet(null, e);
                            }
                        }));
            }
            Replayer.sendEndOfInput(producer, rawTopics);
            producer.flush();
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("could not publish every record: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        return count;
    }

    private static Long ownTime(final RecordParser parser, final io.mtacorrelator.exports.ExportRecord record) {
        final Long time = Replayer.stamp(parser, record).time();
        return time == null || time < 0 ? null : time;
    }

    /**
     * Waits until the application has committed offsets at the end of the raw topics and then of the
     * normalised topics: everything read has been correlated and every incident written.
     */
    private void awaitConsumed(final Admin admin, final String groupId, final Topics topics, final KafkaStreams streams,
                               final AtomicReference<Throwable> failure) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        while (true) {
            if (failure.get() != null) {
                throw new IllegalStateException("correlation failed: " + failure.get().getMessage(), failure.get());
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("correlation stopped unexpectedly (state " + streams.state() + ")");
            }
            final Map<TopicPartition, Long> rawLag = lag(admin, groupId, topics.rawNames());
            final Map<TopicPartition, Long> normalisedLag = rawLag == null || !allZero(rawLag) ? null
                    : lag(admin, groupId, List.of(topics.events.name(), topics.counters.name()));
            if (normalisedLag != null && allZero(normalisedLag)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("correlation did not finish within " + timeout.toSeconds() + " s");
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                lastReport = System.nanoTime();
                progress.accept(progressLine(rawLag, normalisedLag));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Which stage the records wait in: parsing (raw) or correlating (normalised); never "0 waiting" (the normalised
     * lag is only asked for once the raw lag is 0, and both at 0 means done).
     *
     * @param rawLag        null while offsets are not readable yet
     * @param normalisedLag null while raw records are waiting
     */
    static String progressLine(final Map<TopicPartition, Long> rawLag, final Map<TopicPartition, Long> normalisedLag) {
        if (rawLag == null) {
            return "still starting: offsets not readable yet";
        }
        if (normalisedLag == null || !allZero(rawLag)) {
            return "still parsing: " + total(rawLag) + " raw record(s) waiting";
        }
        return "still correlating: " + total(normalisedLag) + " event(s) and sample(s) waiting";
    }

    private static boolean allZero(final Map<TopicPartition, Long> lag) {
        return lag.values().stream().allMatch(l -> l == 0);
    }

    private static long total(final Map<TopicPartition, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records not yet committed by the group, per partition; null while offsets cannot be read. */
    private static Map<TopicPartition, Long> lag(final Admin admin, final String groupId, final List<String> topicNames)
            throws InterruptedException {
        try {
            final Set<TopicPartition> partitions = admin.describeTopics(topicNames).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toSet());
            final Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            final var ends = admin.listOffsets(latest).all().get();
            final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            final Map<TopicPartition, Long> lag = new HashMap<>();
            for (final TopicPartition tp : partitions) {
                final long end = ends.get(tp).offset();
                final OffsetAndMetadata c = committed.get(tp);
                lag.put(tp, end - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (ExecutionException e) {
            LOG.debug("Offsets not readable yet: {}", e.getMessage());
            return null;
        }
    }

    /**
     * The ingest counters of a Kafka Streams client (or test driver), by operation ({@link IngestMetrics#READ}, ...),
     * summed over its tasks.
     */
    public static Map<String, Long> ingestCounts(final Map<MetricName, ? extends Metric> metrics) {
        final Map<String, Long> counts = new HashMap<>();
        metrics.forEach((name, metric) -> {
            if (IngestMetrics.GROUP.equals(name.group()) && name.name().endsWith("-total")) {
                final String operation = name.name().substring(0, name.name().length() - "-total".length());
                counts.merge(operation, Math.round(((Number) metric.metricValue()).doubleValue()), Long::sum);
            }
        });
        return counts;
    }
}
