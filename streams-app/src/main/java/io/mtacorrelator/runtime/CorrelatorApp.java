package io.mtacorrelator.runtime;

import io.mtacorrelator.operations.Health;
import io.mtacorrelator.operations.OperationsEndpoint;
import io.mtacorrelator.operations.PrometheusMetrics;
import io.mtacorrelator.registry.SchemaRegistryClient;
import io.mtacorrelator.registry.SchemaRegistryException;
import io.mtacorrelator.topology.AvroSerdes;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.CorrelatorTopology;
import io.mtacorrelator.topology.PlainAvroSerdes;
import io.mtacorrelator.topology.RegistryAvroSerdes;
import io.mtacorrelator.topology.Topics;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The long-running correlator against a Kafka cluster: checks the cluster and the topics, starts Kafka Streams
 * with the production topology, and stops on close or on the first uncaught stream error (failing loudly). With
 * {@code mta.metrics.port} set it serves its metrics and health over HTTP from before the start until it is closed.
 * {@code run} is a thin command over this.
 */
public final class CorrelatorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CorrelatorApp.class);

    /** A start that cannot proceed, with the one line that says why. */
    public static class StartupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StartupException(final String message) {
            super(message);
        }

        public StartupException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaStreams streams;
    private final CorrelatorConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private PrometheusMetrics metrics;
    private OperationsEndpoint endpoint;

    private CorrelatorApp(final KafkaStreams streams, final CorrelatorConfig config) {
        this.streams = streams;
        this.config = config;
    }

    /**
     * Checks, creates and starts: {@link #create} then {@link #start()}.
     *
     * @param config       the layered configuration (bootstrap.servers and application.id among it)
     * @param serdes       how Avro topics are (de)serialized; {@code null}: from {@code mta.schema.registry.url}
     * @param createTopics create missing topics instead of refusing to start
     */
    public static CorrelatorApp start(final CorrelatorConfig config, final AvroSerdes serdes, final boolean createTopics) {
        return create(config, serdes, createTopics).start();
    }

    /**
     * Checks the cluster and the topics and builds the application, not started yet (state CREATED); its endpoint,
     * if configured, already answers (not ready). Arguments as for {@link #start(CorrelatorConfig, AvroSerdes, boolean)}.
     */
    public static CorrelatorApp create(final CorrelatorConfig config, final AvroSerdes serdes, final boolean createTopics) {
        final Properties props = config.streamsProperties();
        final String bootstrap = props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new StartupException("no Kafka cluster given: set --bootstrap-servers, bootstrap.servers in the config file, "
                    + "or KAFKA_BOOTSTRAP_SERVERS");
        }
        final AvroSerdes avro = serdes != null ? serdes : serdesFor(config);
        final Topics topics = new Topics(config, avro);
        if (avro instanceof RegistryAvroSerdes registry) {
            prepareRegistry(registry, Topics.avroValueSchemas(config));
        }
        final String applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        final String principal = AccessCheck.principalOf(props);
        final boolean transactional = AccessCheck.transactional(props);
        // Before the topology is known: what each topic is for (raw read, normalised read and written, the rest
        // written), for topics the principal cannot even see.
        final Set<String> readByRole = new java.util.HashSet<>(topics.rawNames());
        readByRole.addAll(List.of(topics.events.name(), topics.counters.name()));
        final AccessCheck byRole = new AccessCheck(principal, applicationId, readByRole,
                Set.of(topics.events.name(), topics.counters.name(), topics.incidents.name(), topics.deadLetter.name()), transactional);
        final KeyedPath.Choice path = checkClusterAndTopics(config, props, topics, createTopics, byRole);
        path.fallback().ifPresent(LOG::warn);
        final Topology topology = CorrelatorTopology.build(path.config(), avro);
        final TopologyDescription description = topology.describe();
        final AccessCheck access = accessOf(description, topics, principal, applicationId, transactional);
        checkAccess(config, props, access);
        LOG.info("Topology: {} ingest path, {} (the whole description at DEBUG)",
                path.config().getString(CorrelatorConfig.INGEST_PATH), summary(description));
        LOG.debug("Topology:\n{}", description);
        final KafkaStreams streams = new KafkaStreams(topology, props);
        final CorrelatorApp app = new CorrelatorApp(streams, config);
        streams.setUncaughtExceptionHandler(e -> {
            final Optional<AccessCheck.NotAuthorisedException> denied = access.explain(e);
            if (denied.isPresent()) {
                // The line says it all; the trace is for whoever debugs Kafka itself.
                LOG.error("Stream thread failed; stopping the application: {}", denied.get().getMessage());
                LOG.debug("Stream thread failure", e);
            } else {
                LOG.error("Stream thread failed; stopping the application", e);
            }
            app.failure.compareAndSet(null, denied.<Throwable>map(d -> d).orElse(e));
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((next, previous) -> {
            LOG.info("Kafka Streams {} -> {}", previous, next);
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                app.stopped.countDown();
            }
        });
        final int port = config.getInt(CorrelatorConfig.METRICS_PORT);
        if (port != CorrelatorConfig.METRICS_OFF) {
            try {
                app.metrics = new PrometheusMetrics(streams);
                app.endpoint = OperationsEndpoint.start(port, app.metrics::scrape, app::health);
            } catch (OperationsEndpoint.PortUnavailableException e) {
                app.close();
                throw new StartupException(e.getMessage(), e);
            }
            LOG.info("Metrics and health on port {}: {}, {}, {}", app.endpoint.port(), OperationsEndpoint.METRICS,
                    OperationsEndpoint.LIVE, OperationsEndpoint.READY);
        }
        return app;
    }

    /** Starts Kafka Streams; returns this. */
    public CorrelatorApp start() {
        streams.start();
        return this;
    }

    /** One line: sub-topologies, processors, stores, topics read and written. */
    static String summary(final TopologyDescription description) {
        final TopicsOfTopology of = TopicsOfTopology.of(description);
        final int subtopologies = description.subtopologies().size();
        return subtopologies + (subtopologies == 1 ? " sub-topology, " : " sub-topologies, ") + of.nodes() + " nodes, stores "
                + of.stores() + ", reads " + of.read() + ", writes " + of.written();
    }

    /** Avro with the registry when {@code mta.schema.registry.url} is set, plain Avro binary otherwise. */
    public static AvroSerdes serdesFor(final CorrelatorConfig config) {
        final String url = config.getString(CorrelatorConfig.SCHEMA_REGISTRY_URL);
        if (url == null || url.isBlank()) {
            return new PlainAvroSerdes();
        }
        return new RegistryAvroSerdes(new SchemaRegistryClient(config.registrySettings()),
                config.getBoolean(CorrelatorConfig.SCHEMA_REGISTRY_AUTO_REGISTER));
    }

    /**
     * Each Avro topic's schema id, registered or looked up now rather than at the first record, so that a registry that
     * cannot be reached, refuses the credentials or a schema, or lacks a pre-registered one stops the start with one line.
     */
    private static void prepareRegistry(final RegistryAvroSerdes registry, final Map<String, Schema> schemas) {
        try {
            schemas.forEach(registry::writerId);
        } catch (SchemaRegistryException e) {
            throw new StartupException(e.getMessage(), e);
        }
        LOG.info("Schema registry {}: subjects {} {}", registry.client().url(),
                schemas.keySet().stream().map(RegistryAvroSerdes::subject).toList(),
                registry.autoRegister() ? "registered" : "pre-registered");
    }

    /**
     * The rights the topology needs: READ on the topics it consumes, WRITE on those it produces to and on the
     * dead-letter topic (written by the exception handlers, not a sink); internal topics, group and transactional ids
     * under the application id.
     */
    static AccessCheck accessOf(final TopologyDescription description, final Topics topics, final String principal,
                                final String applicationId, final boolean transactional) {
        final TopicsOfTopology of = TopicsOfTopology.of(description);
        final Set<String> written = new java.util.TreeSet<>(of.written());
        written.add(topics.deadLetter.name());
        return new AccessCheck(principal, applicationId, AccessCheck.among(of.read(), topics.all()), AccessCheck.among(written, topics.all()),
                transactional);
    }

    private static void checkAccess(final CorrelatorConfig config, final Properties props, final AccessCheck access) {
        final long timeout = config.getLong(CorrelatorConfig.STARTUP_TIMEOUT_MS);
        try (Admin admin = Admin.create(adminProperties(props, timeout))) {
            access.verify(admin, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking the application's rights");
        }
    }

    /** Checks the cluster and the topics (creating missing ones if asked) and chooses the ingest path by their partitions. */
    private static KeyedPath.Choice checkClusterAndTopics(final CorrelatorConfig config, final Properties props, final Topics topics,
                                                          final boolean create, final AccessCheck access) {
        final long timeout = config.getLong(CorrelatorConfig.STARTUP_TIMEOUT_MS);
        final Map<String, Object> adminProps = adminProperties(props, timeout);
        final String bootstrap = props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(adminProps)) {
            final Set<String> existing;
            try {
                admin.describeCluster().clusterId().get(timeout, TimeUnit.MILLISECONDS);
                existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new StartupException("cannot reach Kafka at " + bootstrap + " within " + timeout / 1000 + " s"
                        + (e instanceof ExecutionException ? ": " + e.getCause().getMessage() : ""));
            }
            final List<String> missing = topics.all().stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty() && !create) {
                // A topic the principal may not describe is not listed either: say so rather than call it missing.
                access.refuseUnlisted(admin, missing, timeout);
            }
            if (!missing.isEmpty()) {
                createTopics(config, admin, missing, create, bootstrap, timeout);
            }
            final List<String> ingest = new ArrayList<>(topics.rawNames());
            ingest.add(topics.events.name());
            ingest.add(topics.counters.name());
            final Map<String, Integer> partitions = new HashMap<>();
            try {
                admin.describeTopics(ingest).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                        .forEach((name, d) -> partitions.put(name, d.partitions().size()));
            } catch (ExecutionException e) {
                access.explain(e.getCause()).ifPresent(denied -> {
                    throw denied;
                });
                throw new StartupException("cannot describe topics " + ingest + " on " + bootstrap + ": " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new StartupException("cannot describe topics " + ingest + " on " + bootstrap + ": "
                        + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
            }
            return KeyedPath.choose(withDeadLetterLimit(config, props, admin, topics.deadLetter.name(), timeout), partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking the cluster");
        }
    }

    /**
     * {@code mta.deadletter.max.bytes} as the cluster and the producer allow, unless it is set: the smaller of the
     * dead-letter topic's {@code max.message.bytes} (when the principal may read it) and the producer's
     * {@code max.request.size}, less {@link #DEAD_LETTER_BATCH_ROOM}. A dead letter above it would be refused, and under
     * exactly-once a refused send fails the transaction and stops the application.
     */
    static CorrelatorConfig withDeadLetterLimit(final CorrelatorConfig config, final Properties props, final Admin admin,
                                                final String deadLetterTopic, final long timeout) throws InterruptedException {
        if (config.originals().containsKey(CorrelatorConfig.DEAD_LETTER_MAX_BYTES)) {
            return config;
        }
        final String producerLimit = props.getProperty(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                props.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(DEFAULT_MAX_REQUEST_SIZE)));
        long limit = Long.parseLong(producerLimit.trim());
        final ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, deadLetterTopic);
        try {
            final ConfigEntry entry = admin.describeConfigs(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS).get(topic)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry != null && entry.value() != null) {
                limit = Math.min(limit, Long.parseLong(entry.value()));
            }
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.info("Cannot read {} of topic {} ({}): dead letters are sized for the producer's {} only",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, deadLetterTopic, e.getCause() == null ? e : e.getCause().getMessage(),
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        final int max = (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - DEAD_LETTER_BATCH_ROOM));
        LOG.info("Dead letters larger than {} bytes are written as their headers only ({})", max, CorrelatorConfig.DEAD_LETTER_MAX_BYTES);
        return config.with(CorrelatorConfig.DEAD_LETTER_MAX_BYTES, max);
    }

    /** The producer's own default {@code max.request.size}. */
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** Kept free below the limit for the batch a dead letter travels in (the producer's default batch.size). */
    static final int DEAD_LETTER_BATCH_ROOM = 16 * 1024;

    private static void createTopics(final CorrelatorConfig config, final Admin admin, final List<String> missing, final boolean create,
                                     final String bootstrap, final long timeout) throws InterruptedException {
        if (!create) {
            throw new StartupException("missing topic(s) on " + bootstrap + ": " + String.join(", ", missing)
                    + " (create them, or start with --create-topics)");
        }
        final short replication = config.getShort(CorrelatorConfig.TOPIC_REPLICATION);
        final Map<String, String> topicConfig = Map.of(TopicConfig.RETENTION_MS_CONFIG,
                String.valueOf(config.getLong(CorrelatorConfig.TOPIC_RETENTION_MS)));
        final List<NewTopic> newTopics = new ArrayList<>();
        for (final String name : missing) {
            newTopics.add(new NewTopic(name, Optional.of(config.getInt(CorrelatorConfig.TOPIC_PARTITIONS)),
                    replication < 1 ? Optional.empty() : Optional.of(replication)).configs(topicConfig));
        }
        try {
            admin.createTopics(newTopics).all().get(timeout, TimeUnit.MILLISECONDS);
            awaitLeaders(admin, missing, timeout);
            LOG.info("Created topics {}", missing);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException denied) {
                throw new StartupException("not authorised to CREATE topic(s) " + String.join(", ", new java.util.TreeSet<>(
                        denied.unauthorizedTopics().isEmpty() ? missing : denied.unauthorizedTopics())) + " (create them as an "
                        + "administrator, or grant --operation Create on them; see the README's Security section)", denied);
            }
            throw new StartupException("cannot create topics " + missing + " on " + bootstrap + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new StartupException("cannot create topics " + missing + " on " + bootstrap + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        }
    }

    /**
     * Returns once every partition of {@code topics} is served by its leader. A topic is created before its
     * leader is ready: an idempotent producer that writes at once can be answered NOT_LEADER_OR_FOLLOWER and,
     * retrying on a busy machine, fall out of sequence with the broker for good (OUT_OF_ORDER_SEQUENCE_NUMBER on
     * every retry). Listing the partitions' end offsets is answered by the leader only, so it waits for exactly that.
     */
    public static void awaitLeaders(final Admin admin, final Collection<String> topics, final long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).values().forEach(d ->
                        d.partitions().forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                // Not known or not led yet (UnknownTopicOrPartition, NotLeaderOrFollower, LeaderNotAvailable): ask again.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                // New leaders take tens of milliseconds: a short pause keeps a short run's start from waiting longer.
                Thread.sleep(20);
            }
        }
    }

    /**
     * Admin client settings from the application's properties (security and all, plus {@code admin.*}
     * overrides), with its timeouts bounded by {@code timeoutMs} so a dead cluster is reported in time.
     */
    public static Map<String, Object> adminProperties(final Properties props, final long timeoutMs) {
        final Map<String, Object> adminProps = new HashMap<>();
        props.forEach((k, v) -> {
            final String key = k.toString();
            if (AdminClientConfig.configNames().contains(key)) {
                adminProps.put(key, v);
            }
        });
        props.forEach((k, v) -> {
            final String key = k.toString();
            if (key.startsWith("admin.")) {
                adminProps.put(key.substring("admin.".length()), v);
            }
        });
        final int timeout = (int) Math.min(timeoutMs, Integer.MAX_VALUE);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        return adminProps;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** What the health endpoints answer now. */
    public Health health() {
        return new Health(streams.state(), failure.get() != null);
    }

    /** The port of the metrics and health endpoint (the chosen one for {@code mta.metrics.port=0}); empty when off. */
    public Optional<Integer> metricsPort() {
        return Optional.ofNullable(endpoint).map(OperationsEndpoint::port);
    }

    /** Blocks until the application stops (closed, or failed); returns the exit code: 0 closed, 1 failed. */
    public int awaitTermination() throws InterruptedException {
        stopped.await();
        return failure.get() == null && streams.state() != KafkaStreams.State.ERROR ? 0 : 1;
    }

    /** Closes within the shutdown timeout: commits, flushes and releases state. True if it closed in time. */
    public boolean closeGracefully() {
        // Leaving the group on close: a restart right after a stop is assigned its tasks at once, instead of
        // waiting in REBALANCING for the old member's session to time out.
        final boolean closed = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofMillis(config.getLong(CorrelatorConfig.SHUTDOWN_TIMEOUT_MS))));
        // Only now: while Kafka Streams closes, the endpoint answers "not ready" rather than nothing.
        if (endpoint != null) {
            endpoint.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        stopped.countDown();
        return closed;
    }

    @Override
    public void close() {
        closeGracefully();
    }
}
