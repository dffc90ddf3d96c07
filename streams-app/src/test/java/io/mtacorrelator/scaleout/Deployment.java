package io.mtacorrelator.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mtacorrelator.BrokerReads;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.runtime.EmbeddedKafka;
import io.mtacorrelator.topology.AvroSerdes;
import io.mtacorrelator.topology.ControlRecords;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.CorrelatorTopology;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.Topics;
import io.mtacorrelator.workload.WorkloadRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * One deployment of the correlator on a real broker, for the scale-out and restore tests: topics of its own (a fresh
 * prefix) created with a given partition count, one application id, the instances started on it (each with its own
 * state directory), and what it wrote, read with {@code read_committed} to the end. Waits are on conditions (committed
 * offsets, end offsets, task assignments) with {@link BrokerReads#CEILING}, never on time.
 */
public final class Deployment implements AutoCloseable {

    /** A raw record as a shipper publishes it: keyed by its MTA, or without a key (the partitioner picks). */
    public record Delivery(WorkloadRecord record, boolean keyed) {
    }

    /**
     * Settings for a deployment with a grace fed by {@link #publish}: no merge wait ({@code max.task.idle.ms} 0). In
     * steps within the grace, the order of the records across the two raw topics cannot change the incidents, and the
     * application's 2 s wait for a quiet input would be paid at every step (a step leaves most events partitions empty):
     * measured beside stress-ng, StateRestoreIT took 220 s with it and 66 s without.
     */
    public static final Map<String, String> PUBLISHED_IN_STEPS = Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final String bootstrap;
    public final String appId;
    public final int partitions;
    /** Of the topics created here and of the application's internal topics. */
    public final short replication;
    public final Topics topics;
    private final Map<String, String> settings;
    private final List<CorrelatorApp> running = new ArrayList<>();

    private Deployment(final String bootstrap, final String appId, final int partitions, final short replication,
                       final Map<String, String> settings) {
        this.bootstrap = bootstrap;
        this.appId = appId;
        this.partitions = partitions;
        this.replication = replication;
        this.settings = settings;
        this.topics = new Topics(new CorrelatorConfig(settings), new PlainAvroSerdes());
    }

    /**
     * Creates the deployment's topics, all with {@code partitions} partitions (one replica: a single broker), and waits
     * for their leaders.
     *
     * @param overrides mta.* settings of every instance (the grace, for one)
     */
    public static Deployment create(final String bootstrap, final String name, final int partitions, final Map<String, String> overrides) {
        return create(bootstrap, name, partitions, (short) 1, overrides);
    }

    /**
     * As {@link #create(String, String, int, Map)} on a replicated cluster: the topics with {@code replication} replicas,
     * and the instances' internal topics (changelog, repartition) too ({@code replication.factor}).
     */
    public static Deployment create(final String bootstrap, final String name, final int partitions, final short replication,
                                    final Map<String, String> overrides) {
        final String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        final Map<String, String> settings = new LinkedHashMap<>(overrides);
        settings.put(CorrelatorConfig.TOPIC_RAW, prefix + "raw.eventlog," + prefix + "raw.perfcounters");
        settings.put(CorrelatorConfig.TOPIC_EVENTS, prefix + "events");
        settings.put(CorrelatorConfig.TOPIC_COUNTERS, prefix + "counters");
        settings.put(CorrelatorConfig.TOPIC_INCIDENTS, prefix + "incidents");
        settings.put(CorrelatorConfig.TOPIC_DEAD_LETTER, prefix + "deadletter");
        final Deployment deployment = new Deployment(bootstrap, prefix + "app", partitions, replication, settings);
        try (Admin admin = admin(bootstrap)) {
            final List<String> names = deployment.topics.all();
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, replication)).toList())
                    .all().get(BrokerReads.CEILING.toMillis(), TimeUnit.MILLISECONDS);
            CorrelatorApp.awaitLeaders(admin, names, BrokerReads.CEILING.toMillis());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics of " + prefix, e);
        }
        return deployment;
    }

    /**
     * Starts one instance (exactly-once v2, its own state directory) as {@code run} does, on the existing topics,
     * and waits until it is RUNNING.
     */
    public CorrelatorApp startInstance(final Path stateDir) {
        return startInstance(stateDir, Map.of(), new PlainAvroSerdes());
    }

    /**
     * As {@link #startInstance(Path)}, with more settings ({@code extra}) and the given serdes ({@code null}: those
     * {@code run} chooses from the settings, the registry's when {@code mta.schema.registry.url} is set).
     */
    public CorrelatorApp startInstance(final Path stateDir, final Map<String, String> extra, final AvroSerdes serdes) {
        final Map<String, String> props = new LinkedHashMap<>(instanceSettings(stateDir));
        props.putAll(extra);
        final CorrelatorConfig config = new ConfigLayers().layer("the test", props).build();
        final CorrelatorApp app = CorrelatorApp.start(config, serdes, false);
        running.add(app);
        await().atMost(BrokerReads.CEILING).until(() -> app.state() == KafkaStreams.State.RUNNING || app.failure().isPresent());
        if (app.failure().isPresent()) {
            throw new IllegalStateException("the instance failed at start", app.failure().get());
        }
        return app;
    }

    /**
     * The whole configuration of one instance (topics, application id, exactly-once v2, its state directory): what
     * {@link #startInstance} runs with, and what an instance in a process of its own ({@code run --config}) is given.
     */
    public Map<String, String> instanceSettings(final Path stateDir) {
        final Map<String, String> props = new LinkedHashMap<>(settings);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        if (replication > 1) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(replication));
        }
        return props;
    }

    /** Closes one instance cleanly (commit, leave the group); true if it closed within the shutdown timeout. */
    public boolean stop(final CorrelatorApp app) {
        running.remove(app);
        return app.closeGracefully();
    }

    /** The tasks an instance runs as active now. */
    public static Set<TaskId> activeTasks(final CorrelatorApp app) {
        return app.streams().metadataForLocalThreads().stream()
                .flatMap(t -> t.activeTasks().stream())
                .map(t -> t.taskId())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Publishes the records (in event-time order) to the raw topics, events and counters apart, at their event times,
     * and waits for the acks. With a grace ({@code mta.grace.ms} at least 0) they go as a live estate delivers them: in
     * steps of at most three quarters of the grace in event time, each published once the running instances have
     * processed and committed the step before; the last step is not waited for, so the caller decides what it waits on.
     * Without a grace, in one burst.
     *
     * <p>Why in steps: an instance merges its two raw topics (and the two normalised ones) by timestamp only while it
     * knows that more is on its way. A partition that has been read to its end and whose next records reach the broker
     * late (a busy machine, a leader that answers slowly) is given up after {@code max.task.idle.ms}, 2 s, and the other
     * topic's records are processed without it. Published in one burst, records minutes of event time apart are then
     * processed out of order, beyond the grace, and set aside as late. A live estate's shippers are
     * seconds apart in event time as in wall time; a burst of a whole hour in a second is not. The README ("Guarantees")
     * says what is promised for catch-up.
     */
    public void publish(final List<Delivery> deliveries) {
        final long grace = new CorrelatorConfig(settings).getLong(CorrelatorConfig.GRACE_MS);
        final long step = grace < 0 ? Long.MAX_VALUE : Math.max(1, grace * 3 / 4);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer();
             CaughtUpWatch watch = step == Long.MAX_VALUE ? null : new CaughtUpWatch(bootstrap, appId,
                     partitionsOf(topics.rawNames()), partitionsOf(List.of(topics.events.name(), topics.counters.name())))) {
            long stepEnds = Long.MIN_VALUE;
            for (final Delivery d : deliveries) {
                final long time = d.record().eventTimeMs();
                if (time >= stepEnds) {
                    if (stepEnds != Long.MIN_VALUE) {
                        producer.flush();
                        watch.untilCaughtUp();
                    }
                    stepEnds = step == Long.MAX_VALUE ? Long.MAX_VALUE : time + step;
                }
                producer.send(record(d), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed", failure.get());
        }
    }

    /**
     * Publishes the records as {@link #publish} does, in chunks of {@code chunk} with a pause after each, on a thread of
     * its own and through one producer, so that they are still streaming in while a test does something to the
     * deployment; {@code published} counts the records acknowledged. The future completes once all are acknowledged.
     */
    public CompletableFuture<Void> publishPaced(final List<Delivery> deliveries, final int chunk, final Duration pause,
                                                final AtomicInteger published) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Thread publisher = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int from = 0; from < deliveries.size(); from += chunk) {
                    final List<Delivery> part = deliveries.subList(from, Math.min(from + chunk, deliveries.size()));
                    final List<Future<RecordMetadata>> acks = part.stream().map(d -> producer.send(record(d))).toList();
                    producer.flush();
                    for (final Future<RecordMetadata> ack : acks) {
                        ack.get();
                    }
                    published.addAndGet(part.size());
                    // Pacing only: tests wait on offsets, never on this
                    Thread.sleep(pause.toMillis());
                }
                done.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "paced-publisher");
        publisher.setDaemon(true);
        publisher.start();
        return done;
    }

    /** Every partition of the deployment's topics named, each with {@link #partitions}. */
    private List<TopicPartition> partitionsOf(final List<String> names) {
        final List<TopicPartition> out = new ArrayList<>();
        for (final String topic : names) {
            for (int p = 0; p < partitions; p++) {
                out.add(new TopicPartition(topic, p));
            }
        }
        return out;
    }

    private ProducerRecord<byte[], byte[]> record(final Delivery d) {
        final WorkloadRecord r = d.record();
        final String topic = topics.rawNames().get(r.counter() ? 1 : 0);
        final byte[] key = d.keyed() ? r.mta().getBytes(StandardCharsets.UTF_8) : null;
        return new ProducerRecord<>(topic, null, r.eventTimeMs(), key, r.value());
    }

    /**
     * The end-of-input marker on every raw partition, each saying how many were sent, as {@code replay --end-of-input}
     * sends it: a null value with the {@code mta.control} header, timestamped by the producer.
     */
    public void endOfInput() {
        final List<TopicPartition> raw = partitionsOf(topics.rawNames());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (final TopicPartition tp : raw) {
                final RecordHeaders headers = new RecordHeaders();
                headers.add(ControlRecords.CONTROL, ControlRecords.END_OF_INPUT.getBytes(StandardCharsets.UTF_8));
                headers.add(ControlRecords.SOURCES, String.valueOf(raw.size()).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, null, null, headers));
            }
            producer.flush();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        // Room for the oversized records of the poison test: they must reach the broker, which may refuse them.
        final Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(BrokerReads.CEILING.toMillis()));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Waits until the application has processed and committed everything on its raw and normalised topics. */
    public void awaitProcessed() {
        BrokerReads.awaitProcessed(bootstrap, appId, topics.rawNames(), List.of(topics.events.name(), topics.counters.name()));
    }

    /** End offsets of the raw topics' partitions now. */
    public Map<TopicPartition, Long> rawEndOffsets() {
        return endOffsets(topics.rawNames());
    }

    /** Waits until the application's committed offsets reach {@code wanted} on every partition named there. */
    public void awaitCommitted(final Map<TopicPartition, Long> wanted) {
        await().atMost(BrokerReads.CEILING).pollInterval(Duration.ofMillis(100)).until(() -> {
            final Map<TopicPartition, Long> committed = committed();
            return wanted.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.getOrDefault(e.getKey(), -1L) >= e.getValue());
        });
    }

    /** The application's committed offsets now. */
    public Map<TopicPartition, Long> committed() {
        try (Admin admin = admin(bootstrap)) {
            final Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the committed offsets of " + appId, e.getCause());
        }
    }

    /** The state store's changelog topic. */
    public String changelog() {
        return appId + "-" + CorrelatorTopology.STATE_STORE + "-changelog";
    }

    /** Records on the state store's changelog (end offsets, transaction markers included). */
    public long changelogEnd() {
        return endOffsets(List.of(changelog())).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The incident topic read to its end with {@code read_committed}: each incident's state changes in order, by id,
     * as JSON lines with the keys of every object sorted (the order of a map's entries is not the incident's).
     */
    public Map<String, List<String>> incidents() {
        return incidents(topics.incidents.valueSerde().deserializer());
    }

    /** As {@link #incidents()}, decoded with {@code values} (the registry's wire format, for one). */
    public Map<String, List<String>> incidents(final Deserializer<Incident> values) {
        final Map<String, List<String>> byId = new TreeMap<>();
        for (final var r : BrokerReads.readToEnd(bootstrap, topics.incidents.name(), values)) {
            final Incident incident = r.value();
            byId.computeIfAbsent(incident.getIncidentId(), k -> new ArrayList<>()).add(canonical(IncidentJson.toLine(incident)));
        }
        return byId;
    }

    /** Records on the dead-letter topic (unreadable records and late signals). */
    public int deadLetters() {
        return BrokerReads.readToEnd(bootstrap, topics.deadLetter.name(), new ByteArrayDeserializer()).size();
    }

    /** Data records (end-of-input markers not counted) on the normalised topics: records parsed off their MTA's partition. */
    public long rerouted() {
        long count = 0;
        for (final String topic : List.of(topics.events.name(), topics.counters.name())) {
            count += BrokerReads.readToEnd(bootstrap, topic, new ByteArrayDeserializer()).stream().filter(r -> r.value() != null).count();
        }
        return count;
    }

    private Map<TopicPartition, Long> endOffsets(final List<String> names) {
        try (Admin admin = admin(bootstrap)) {
            final List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(names).allTopicNames().get().values().forEach(d -> d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            return endOffsets(admin, partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + names, e.getCause());
        }
    }

    /** The end offsets of the partitions now. */
    static Map<TopicPartition, Long> endOffsets(final Admin admin, final List<TopicPartition> partitions) {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            final Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the end offsets of " + partitions, e.getCause());
        }
    }

    private static Admin admin(final String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    public static String canonical(final String json) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(json, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    public static JsonNode json(final String line) {
        try {
            return CANONICAL.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    /**
     * What differs between two runs' incidents, one line per incident: id, article, MTA and remote, and the statuses
     * of its state changes in each run (or which of its changes differ when the statuses are the same). Empty when equal.
     */
    public static List<String> differences(final Map<String, List<String>> expected, final Map<String, List<String>> actual) {
        final List<String> out = new ArrayList<>();
        final Set<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (final String id : ids) {
            final List<String> want = expected.getOrDefault(id, List.of());
            final List<String> got = actual.getOrDefault(id, List.of());
            if (want.equals(got)) {
                continue;
            }
            final JsonNode any = json((want.isEmpty() ? got : want).get(0));
            final String what = id.substring(0, 8) + " " + any.path("kb").asText() + " " + any.path("mta").asText() + "->"
                    + any.path("remoteMta").asText("-");
            final List<String> wantStatus = want.stream().map(l -> json(l).path("status").asText()).toList();
            final List<String> gotStatus = got.stream().map(l -> json(l).path("status").asText()).toList();
            if (!wantStatus.equals(gotStatus)) {
                out.add(what + ": expected " + wantStatus + ", got " + gotStatus);
            } else {
                final List<Integer> changed = new ArrayList<>();
                for (int i = 0; i < want.size(); i++) {
                    if (!want.get(i).equals(got.get(i))) {
                        changed.add(i);
                    }
                }
                out.add(what + ": same statuses " + wantStatus + ", changes " + changed + " differ, first: expected "
                        + want.get(changed.get(0)) + " got " + got.get(changed.get(0)));
            }
        }
        return out;
    }

    /** Every instance still running is closed. */
    @Override
    public void close() {
        for (final CorrelatorApp app : List.copyOf(running)) {
            stop(app);
        }
    }
}
