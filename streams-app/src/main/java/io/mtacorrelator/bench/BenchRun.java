package io.mtacorrelator.bench;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.runtime.EmbeddedKafka;
import io.mtacorrelator.runtime.Replayer;
import io.mtacorrelator.topology.AvroSerdes;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.CorrelatorTopology;
import io.mtacorrelator.topology.Topics;
import io.mtacorrelator.workload.EstateSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.tools.StreamsResetter;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One bench run: a generated estate written once to raw topics, then, on the same topics and broker and one after
 * another, (a) a pass-through Kafka Streams app, (b) the parse sub-topology alone and (c) the full correlator through
 * {@code run}'s own code path; then its state, reprocessing after a reset, detection latency at a steady offered load,
 * and the speed of {@code replay}.
 */
public final class BenchRun {

    /**
     * @param latencySeconds how long the steady load of the latency phase lasts (records = rate x seconds, at most the
     *                       workload)
     * @param profile        where to write the JFR recording of (c); null: no recording
     */
    public record Options(long seed, int mtas, int connections, long records, double episodeRate, int partitions, double rate,
                          int latencySeconds, Path profile, String bootstrapServers, Duration phaseTimeout, String label,
                          String commandLine) {
    }

    private static final String RAW_EVENTS = "raw.eventlog";
    private static final String RAW_COUNTERS = "raw.perfcounters";

    private final Options options;
    private final Map<String, String> layered;
    private final Consumer<String> progress;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<Path> tempDirs = new ArrayList<>();

    /**
     * @param layered  the configuration as {@code run} would layer it (defaults, file, environment, --set); topics,
     *                 application ids and state directories are the bench's own
     * @param progress receives progress lines
     */
    public BenchRun(final Options options, final Map<String, String> layered, final Consumer<String> progress) {
        this.options = options;
        this.layered = Map.copyOf(layered);
        this.progress = progress;
    }

    public BenchResults run() throws Exception {
        final BenchResults results = new BenchResults(options, Machine.describe(), runId);
        final EstateSpec spec = EstateSpec.of(options.seed(), options.mtas(), options.connections(), options.records(),
                options.episodeRate());
        EmbeddedKafka embedded = null;
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap == null) {
                progress.accept("starting an embedded Kafka broker (KRaft)");
                embedded = EmbeddedKafka.start();
                bootstrap = embedded.bootstrapServers();
            }
            results.broker = embedded != null ? "embedded" : bootstrap;
            final Map<String, Object> clientProps = clientProps(bootstrap);
            try (Admin admin = Admin.create(CorrelatorApp.adminProperties(props(clientProps), 60_000))) {
                runPhases(spec, clientProps, admin, results);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            tempDirs.forEach(BenchRun::deleteQuietly);
        }
        results.machine.put("loadAverageEnd", Machine.loadAverage());
        return results;
    }

    private void runPhases(final EstateSpec spec, final Map<String, Object> clientProps, final Admin admin,
                           final BenchResults results) throws Exception {
        final String prefix = "mta-bench." + runId + ".";
        final String rawEvents = prefix + RAW_EVENTS;
        final String rawCounters = prefix + RAW_COUNTERS;
        createTopics(admin, List.of(rawEvents, rawCounters), Map.of());

        progress.accept(String.format("writing the workload: %,d records, %d MTAs x %d connections, seed %d",
                spec.records(), spec.mtas(), spec.connectionsPerMta(), spec.seed()));
        final WorkloadWriter.Written written = WorkloadWriter.toTopics(clientProps, spec, rawEvents, rawCounters, progress);
        results.workload(spec, written, options.partitions());
        progress.accept(String.format("workload written in %.1f s (%,.0f records/s); %,d event-log records, %,d counter samples, "
                        + "%.0f min of event time; %d episode(s) planted", written.seconds(), written.generated().records() / written.seconds(),
                written.generated().eventRecords(), written.generated().counterRecords(),
                (written.generated().lastMs() - written.generated().firstMs()) / 60_000d, written.generated().planted().size()));
        final long input = written.generated().records();

        // (a) pass-through: the platform's own speed on this machine and broker.
        final Throughput.Measured passThrough = measureApp("(a) pass-through", passThroughTopology(List.of(rawEvents, rawCounters),
                prefix + "a.out"), prefix + "a.out", appId("passthrough"), clientProps, admin, input);
        results.passThrough = passThrough;

        // (b) the parse sub-topology alone.
        final CorrelatorConfig parseConfig = phaseConfig(prefix + "b.", List.of(rawEvents, rawCounters), appId("parse-only"), clientProps);
        final AvroSerdes parseSerdes = CorrelatorApp.serdesFor(parseConfig);
        createTopics(admin, new Topics(parseConfig, parseSerdes).all(), Map.of());
        results.parseOnly = measureTopology("(b) parse-only", CorrelatorTopology.buildParseOnly(parseConfig, parseSerdes), parseConfig, admin, input);

        // (c) the full correlator, through run's code path.
        final String correlatorId = appId("correlator");
        final CorrelatorConfig config = phaseConfig(prefix + "c.", List.of(rawEvents, rawCounters), correlatorId, clientProps);
        final Topics topics = new Topics(config, CorrelatorApp.serdesFor(config));
        createTopics(admin, topics.all(), Map.of());
        final Path stateDir = Path.of(config.streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG));
        results.heapBeforeMb = Machine.heapUsedMb();
        final Profiler profiler = options.profile() != null ? Profiler.start() : null;
        final CorrelatorApp app = CorrelatorApp.start(config, null, false);
        try {
            progress.accept("(c) correlator: started through run's code path (" + config.streamsProperties()
                    .getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG) + ", " + options.partitions() + " partitions, "
                    + config.streamsProperties().getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1") + " stream thread(s))");
            results.correlator = Throughput.measure("(c) correlator", app.streams(), correlatorId,
                    Throughput.sourceTopics(CorrelatorTopology.build(config, CorrelatorApp.serdesFor(config)).describe()), admin, input,
                    options.phaseTimeout(), progress);
            progress.accept(String.format("(c) correlator: %,d records in %.1f s: %,.0f records/s", input,
                    results.correlator.seconds(), results.correlator.recordsPerSecond()));
            if (profiler != null) {
                results.profile = profiler.stop(options.profile(), "StreamThread", 15);
            }
            results.heapAfterMb = Machine.heapUsedMb();
        } finally {
            if (profiler != null) {
                profiler.close();
            }
            app.closeGracefully();
        }
        final List<Incident> incidents = readIncidents(clientProps, topics.incidents.name(), topics.incidents.valueSerde().deserializer());
        results.incidents = incidents.size();
        final long grace = config.getLong(CorrelatorConfig.GRACE_MS);
        results.score = PlantedScore.of(written.generated().planted(), incidents, written.generated().lastMs(), grace,
                spec.sampleSeconds() * 1000L);
        final var q = results.score.article("Q181721");
        progress.accept(String.format("(c) correlator: %d incident state change(s); Q181721 found %d of %d planted, %d unplanted",
                incidents.size(), q.found(), q.planted(), q.unplanted()));

        // State: RocksDB on disk (after close: memtables flushed) and the changelogs.
        final Set<String> changelogs = StateFootprint.changelogTopics(admin, correlatorId);
        final StateFootprint.Changelog changelog = StateFootprint.read(clientProps, changelogs);
        results.state = new StateFootprint(StateFootprint.directoryBytes(stateDir.resolve(correlatorId)),
                StateFootprint.changelogBytes(admin, changelogs), changelog.records(), changelog.liveBytes());
        results.connections = spec.connections();

        // Reprocessing from offset 0 after a reset, as the README tells an operator to do it.
        reset(clientProps, correlatorId, List.of(rawEvents, rawCounters), List.of(topics.events.name(), topics.counters.name()));
        deleteQuietly(stateDir.resolve(correlatorId));
        final CorrelatorApp again = CorrelatorApp.start(config, null, false);
        try {
            results.reprocess = Throughput.measure("reprocessing after a reset", again.streams(), correlatorId,
                    Throughput.sourceTopics(CorrelatorTopology.build(config, CorrelatorApp.serdesFor(config)).describe()), admin,
                    input, options.phaseTimeout(), progress);
            progress.accept(String.format("reprocessing after a reset: %,.0f records/s", results.reprocess.recordsPerSecond()));
        } finally {
            again.closeGracefully();
        }

        // Detection latency at a steady offered load, on fresh topics, with the correlator already running.
        results.latency = latency(spec, clientProps, admin, prefix + "lat.");
        progress.accept("detection latency: " + DetectionLatency.describe(results.latency));

        // replay: export files published as the replay command does.
        results.replay = replay(spec, clientProps, admin, prefix + "replay.raw");
        progress.accept(String.format("replay: %,.0f records/s", results.replay.recordsPerSecond()));

        if (options.bootstrapServers() != null) {
            deleteBenchTopics(admin, prefix);
        }
    }

    private DetectionLatency.Result latency(final EstateSpec spec, final Map<String, Object> clientProps, final Admin admin,
                                            final String prefix) throws Exception {
        final String rawEvents = prefix + RAW_EVENTS;
        final String rawCounters = prefix + RAW_COUNTERS;
        final String id = appId("latency");
        final CorrelatorConfig config = phaseConfig(prefix, List.of(rawEvents, rawCounters), id, clientProps);
        final Topics topics = new Topics(config, CorrelatorApp.serdesFor(config));
        final List<String> others = topics.all().stream().filter(t -> !t.equals(topics.incidents.name())).toList();
        createTopics(admin, others, Map.of());
        // The broker stamps each incident with the time it was appended: the end of the measured interval.
        createTopics(admin, List.of(topics.incidents.name()), Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        final long records = Math.min(spec.records(), Math.round(options.rate() * options.latencySeconds()));
        progress.accept(String.format("detection latency: offering %,d records at %,.0f records/s to a running correlator",
                records, options.rate()));
        final CorrelatorApp app = CorrelatorApp.start(config, null, false);
        try {
            awaitRunning(app.streams());
            final Set<String> sources = Throughput.sourceTopics(CorrelatorTopology.build(config, CorrelatorApp.serdesFor(config)).describe());
            return DetectionLatency.measure(clientProps, spec, records, options.rate(), rawEvents, rawCounters, topics.incidents.name(),
                    topics.incidents.valueSerde().deserializer(), config.getLong(CorrelatorConfig.GRACE_MS), () -> {
                        final long deadline = System.nanoTime() + options.phaseTimeout().toNanos();
                        while (Throughput.lag(admin, id, sources) != 0) {
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("the correlator did not catch up with the offered load within "
                                        + options.phaseTimeout().toSeconds() + " s");
                            }
                            Thread.sleep(100);
                        }
                    });
        } finally {
            app.closeGracefully();
        }
    }

    private Throughput.Measured replay(final EstateSpec spec, final Map<String, Object> clientProps, final Admin admin,
                                       final String topic) throws Exception {
        final Path dir = tempDir("mta-bench-replay-");
        final Path events = dir.resolve("eventlog.ndjson");
        final Path counters = dir.resolve("perfcounters.ndjson");
        progress.accept("replay: writing the workload as two NDJSON exports");
        WorkloadWriter.toFiles(spec, events, counters);
        createTopics(admin, List.of(topic), Map.of());
        final List<Path> files = List.of(events, counters);
        final Replayer.Summary summary = new Replayer(clientProps).replay(files, topic, List.of(), spec.records(), (done, total, perSecond) -> { });
        deleteQuietly(dir);
        return new Throughput.Measured("replay", summary.records(), summary.elapsed().toNanos() / 1e9);
    }

    private Throughput.Measured measureApp(final String name, final Topology topology, final String out, final String applicationId,
                                           final Map<String, Object> clientProps, final Admin admin, final long input) throws Exception {
        createTopics(admin, List.of(out), Map.of());
        final Properties props = props(clientProps);
        final CorrelatorConfig base = new CorrelatorConfig(new HashMap<>(layered));
        props.putAll(base.streamsProperties());
        props.putAll(clientProps);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir("mta-bench-state-").toString());
        return run(name, topology, props, applicationId, admin, input);
    }

    private Throughput.Measured measureTopology(final String name, final Topology topology, final CorrelatorConfig config,
                                                final Admin admin, final long input) throws Exception {
        final Properties props = config.streamsProperties();
        return run(name, topology, props, props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), admin, input);
    }

    private Throughput.Measured run(final String name, final Topology topology, final Properties props, final String applicationId,
                                    final Admin admin, final long input) throws Exception {
        progress.accept(name + ": starting");
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            final Throughput.Measured m = Throughput.measure(name, streams, applicationId, Throughput.sourceTopics(topology.describe()),
                    admin, input, options.phaseTimeout(), progress);
            progress.accept(String.format("%s: %,d records in %.1f s: %,.0f records/s", name, input, m.seconds(), m.recordsPerSecond()));
            streams.close(Duration.ofMinutes(1));
            return m;
        }
    }

    private static Topology passThroughTopology(final List<String> sources, final String out) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(sources, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-source"))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pass-through-sink"));
        return builder.build();
    }

    /** The layered configuration with the bench's topics, application id, state directory and cluster. */
    private CorrelatorConfig phaseConfig(final String prefix, final List<String> raw, final String applicationId,
                                         final Map<String, Object> clientProps) throws IOException {
        final Map<String, Object> props = new HashMap<>(layered);
        props.putAll(clientProps);
        props.put(CorrelatorConfig.TOPIC_RAW, String.join(",", raw));
        props.put(CorrelatorConfig.TOPIC_EVENTS, prefix + "events");
        props.put(CorrelatorConfig.TOPIC_COUNTERS, prefix + "counters");
        props.put(CorrelatorConfig.TOPIC_INCIDENTS, prefix + "incidents");
        props.put(CorrelatorConfig.TOPIC_DEAD_LETTER, prefix + "deadletter");
        // The bench reads the incidents back to score them.
        props.put(CorrelatorConfig.INCIDENT_FORMAT, "avro");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir("mta-bench-state-").toString());
        return new CorrelatorConfig(props);
    }

    /** Client settings of every phase: the cluster, plus whatever security and client keys the layers carry. */
    private Map<String, Object> clientProps(final String bootstrap) {
        final Map<String, Object> props = new HashMap<>();
        final CorrelatorConfig base = new CorrelatorConfig(new HashMap<>(layered));
        base.streamsProperties().forEach((k, v) -> {
            final String key = k.toString();
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.") || key.startsWith("client.")) {
                props.put(key, v);
            }
        });
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    private static Properties props(final Map<String, Object> map) {
        final Properties p = new Properties();
        p.putAll(map);
        return p;
    }

    private String appId(final String phase) {
        return "mta-bench-" + runId + "-" + phase;
    }

    private void createTopics(final Admin admin, final List<String> names, final Map<String, String> topicConfig) throws Exception {
        final List<NewTopic> topics = new ArrayList<>();
        final Set<String> existing = admin.listTopics().names().get();
        for (final String name : names) {
            if (!existing.contains(name)) {
                topics.add(new NewTopic(name, Optional.of(options.partitions()), Optional.empty()).configs(topicConfig));
            }
        }
        admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        // Created on the controller is not yet served: the correlator's start-up check would miss the topic, and an
        // idempotent producer answered NOT_LEADER_OR_FOLLOWER right after creation can fall out of sequence for good.
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!allLed(admin, names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " were created but have no leaders after 2 min");
            }
            Thread.sleep(50);
        }
    }

    private static boolean allLed(final Admin admin, final List<String> names) throws InterruptedException {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    private void deleteBenchTopics(final Admin admin, final String prefix) throws Exception {
        final List<String> ours = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(prefix) || t.startsWith("mta-bench-" + runId + "-")).toList();
        admin.deleteTopics(ours).all().get(60, TimeUnit.SECONDS);
    }

    private void reset(final Map<String, Object> clientProps, final String applicationId, final List<String> inputs,
                       final List<String> intermediate) throws IOException {
        final List<String> args = new ArrayList<>(List.of("--bootstrap-server", clientProps.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG).toString(),
                "--application-id", applicationId, "--input-topics", String.join(",", inputs), "--force"));
        if (!intermediate.isEmpty()) {
            args.addAll(List.of("--intermediate-topics", String.join(",", intermediate)));
        }
        final Path commandConfig = tempDir("mta-bench-reset-").resolve("client.properties");
        final Properties security = new Properties();
        clientProps.forEach((k, v) -> {
            if (!k.equals(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                security.put(k, v.toString());
            }
        });
        try (var out = Files.newOutputStream(commandConfig)) {
            security.store(out, "bench reset");
        }
        args.addAll(List.of("--command-config", commandConfig.toString()));
        // The reset tool reports on stdout, which carries only the bench's result line: keep its report for errors.
        final java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stdout = System.out;
        final int code;
        System.setOut(new java.io.PrintStream(report, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = new StreamsResetter().execute(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        if (code != 0) {
            throw new IllegalStateException("the reset tool failed for " + applicationId + " (exit " + code + "): "
                    + report.toString(java.nio.charset.StandardCharsets.UTF_8).strip().replaceAll("\\s+", " "));
        }
    }

    private static void awaitRunning(final KafkaStreams streams) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the correlator did not reach RUNNING (state " + streams.state() + ")");
            }
            Thread.sleep(20);
        }
    }

    private static List<Incident> readIncidents(final Map<String, Object> clientProps, final String topic,
                                                final Deserializer<Incident> values) {
        final Properties p = props(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<Incident> out = new ArrayList<>();
        try (KafkaConsumer<String, Incident> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (final ConsumerRecord<String, Incident> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    private Path tempDir(final String prefix) throws IOException {
        final Path dir = Files.createTempDirectory(prefix);
        tempDirs.add(dir);
        return dir;
    }

    private static void deleteQuietly(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Temporary files only; the OS cleans its temp directory.
        }
    }

    /** Facts of the machine the figures were measured on. */
    static final class Machine {
        private Machine() {
        }

        static Map<String, Object> describe() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("cores", Runtime.getRuntime().availableProcessors());
            final var os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                m.put("memoryGiB", Math.round(sun.getTotalMemorySize() / (1024d * 1024 * 1024)));
            }
            m.put("cpu", cpuModel());
            m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            m.put("loadAverageStart", loadAverage());
            m.put("startedAt", Instant.now().toString());
            return m;
        }

        static double loadAverage() {
            return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100d;
        }

        static long heapUsedMb() {
            System.gc();
            System.gc();
            final Runtime rt = Runtime.getRuntime();
            return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        }

        private static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown");
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
    }
}
