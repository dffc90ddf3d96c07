package io.mtacorrelator;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real three-node Kafka cluster (KRaft, each node a combined broker and controller, a static quorum of the three) in
 * this JVM, on loopback, built from the broker's own server classes as {@code EmbeddedKafka} builds its one node: for
 * the fault tests, which stop and restart a broker while the application runs. Replicated as a production cluster is:
 * {@code default.replication.factor=3}, {@code min.insync.replicas=2}, the offsets and transaction-state topics
 * likewise, so any one node may be down without losing a write or blocking a transaction.
 * <p>
 * {@code @RegisterExtension static final KraftCluster CLUSTER = new KraftCluster();} gives one cluster to the tests of
 * a class. {@link #stop(int)} shuts one node down cleanly (its leaderships handed over, its data kept), {@link #restart(int)}
 * starts a new server on the same directories and ports. Applications on it should use Streams'
 * {@code replication.factor=3} and create their topics with a replication factor of 3.
 * <p>
 * Formatting, free ports and the bind retry are written again here rather than opened up in {@code EmbeddedKafka}: that
 * class is production code for one node, and test needs (three voters, fixed ports across restarts) stay out of it.
 */
public final class KraftCluster implements BeforeAllCallback, AfterAllCallback {

    /** Nodes are numbered 1 to 3. */
    public static final int NODES = 3;
    public static final int REPLICATION_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;
    /** Startup and shutdown of a node on a busy machine: generous. */
    private static final Duration CEILING = Duration.ofMinutes(3);
    private static final int START_ATTEMPTS = 4;

    private Path dir;
    private String clusterId;
    /** Per node (index node id - 1): its client port and its controller port, fixed once the cluster has started. */
    private final int[] ports = new int[NODES];
    private final int[] controllerPorts = new int[NODES];
    private final KafkaRaftServer[] servers = new KafkaRaftServer[NODES];
    /** What Kafka asked of {@code Exit} (a fatal fault): recorded instead of ending the test JVM. */
    private final List<String> exits = new CopyOnWriteArrayList<>();

    @Override
    public void beforeAll(final ExtensionContext context) throws IOException {
        // A fatal fault in one of the in-JVM nodes would halt the whole test JVM: record it and fail the node instead.
        Exit.setHaltProcedure((code, message) -> {
            exits.add("halt(" + code + "): " + message);
            throw new IllegalStateException("Kafka asked to halt the JVM (" + code + "): " + message);
        });
        Exit.setExitProcedure((code, message) -> {
            exits.add("exit(" + code + "): " + message);
            throw new IllegalStateException("Kafka asked to exit the JVM (" + code + "): " + message);
        });
        dir = Files.createTempDirectory("mta-correlator-kraft-");
        startAll();
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        try {
            // All at once: stopped one after the other, the last brokers would wait for a quorum already gone.
            shutDown(runningNodes());
        } finally {
            Exit.resetHaltProcedure();
            Exit.resetExitProcedure();
            deleteRecursively(dir);
        }
    }

    /** The client addresses of all three nodes (clients find the running ones among them). */
    public String bootstrapServers() {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            out.add("127.0.0.1:" + ports[i]);
        }
        return String.join(",", out);
    }

    /** The client address of one node. */
    public String bootstrapServers(final int nodeId) {
        return "127.0.0.1:" + ports[index(nodeId)];
    }

    /** The node ids running now. */
    public List<Integer> runningNodes() {
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            if (servers[i] != null) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** What Kafka asked of {@code Exit} in this JVM (a fatal fault of a node); empty when all is well. */
    public List<String> fatalFaults() {
        return List.copyOf(exits);
    }

    /**
     * Shuts one node down cleanly (controlled shutdown: its partition leaderships move to the others first), keeping its
     * data, and waits until the others no longer count it: no partition it led is without a leader.
     */
    public void stop(final int nodeId) {
        final int i = index(nodeId);
        if (servers[i] == null) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        if (runningNodes().size() < NODES) {
            throw new IllegalStateException("only one node may be down at a time (the quorum is 2 of 3); running: " + runningNodes());
        }
        shutDown(List.of(nodeId));
    }

    /** Starts a new server for a stopped node, on its directories and ports; returns once it is serving (unfenced). */
    public void restart(final int nodeId) {
        final int i = index(nodeId);
        if (servers[i] != null) {
            throw new IllegalStateException("node " + nodeId + " is running");
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                servers[i] = startNode(nodeId);
                return;
            } catch (RuntimeException e) {
                last = e;
                if (!hasCause(e, BindException.class)) {
                    break;
                }
                // Its ports are fixed (the quorum and clients know them): wait for whoever holds one to let it go.
                final int port = ports[i];
                final int controllerPort = controllerPorts[i];
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> portFree(port) && portFree(controllerPort));
            }
        }
        throw new IllegalStateException("cannot restart node " + nodeId + ": " + last.getMessage(), last);
    }

    /** The node id leading a partition now (asked of the cluster). */
    public int leaderOf(final String topic, final int partition) {
        try (Admin admin = admin()) {
            final TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            final Node leader = d.partitions().get(partition).leader();
            if (leader == null || leader.isEmpty()) {
                throw new IllegalStateException(topic + "-" + partition + " has no leader now");
            }
            return leader.id();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    /** Per partition of the topic, its in-sync replicas now (node ids). */
    public Map<Integer, List<Integer>> inSyncReplicas(final String topic) {
        try (Admin admin = admin()) {
            final TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            final Map<Integer, List<Integer>> out = new TreeMap<>();
            for (final TopicPartitionInfo p : d.partitions()) {
                out.put(p.partition(), p.isr().stream().map(Node::id).sorted().toList());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    /** Waits until every partition of the topics has all three nodes in sync again (after a restart). */
    public void awaitFullyReplicated(final List<String> topics) {
        await().atMost(CEILING).pollInterval(Duration.ofMillis(500)).until(() -> topics.stream()
                .allMatch(t -> inSyncReplicas(t).values().stream().allMatch(isr -> isr.size() == NODES)));
    }

    /**
     * Waits until every node holds the metadata committed so far (a topic config just altered, say). An altered config
     * is committed by the controller before the nodes apply it, so a client that reads it right away from another node
     * can still get the old value.
     */
    public void awaitMetadataEverywhere() {
        try (Admin admin = admin()) {
            final long committed = quorum(admin).highWatermark();
            await().atMost(CEILING).pollInterval(Duration.ofMillis(100)).until(() -> {
                final QuorumInfo q = quorum(admin);
                final List<QuorumInfo.ReplicaState> replicas = Stream.concat(q.voters().stream(), q.observers().stream()).toList();
                return replicas.stream().map(QuorumInfo.ReplicaState::replicaId).distinct().count() >= NODES
                        && replicas.stream().allMatch(r -> r.logEndOffset() >= committed);
            });
        }
    }

    private static QuorumInfo quorum(final Admin admin) {
        try {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe the metadata quorum", e);
        }
    }

    /** An admin client on the cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private void startAll() {
        RuntimeException last = null;
        // Free ports are found by binding port 0 and closing it: another process may take one meanwhile, so retry
        // the whole cluster on fresh ports and fresh directories.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            clusterId = Uuid.randomUuid().toString();
            for (int i = 0; i < NODES; i++) {
                ports[i] = freePort();
                controllerPorts[i] = freePort();
            }
            // startup() returns once the broker is unfenced, which takes a quorum: the three start together.
            final List<CompletableFuture<KafkaRaftServer>> starting = new ArrayList<>();
            for (int n = 1; n <= NODES; n++) {
                final int nodeId = n;
                starting.add(CompletableFuture.supplyAsync(() -> startNode(nodeId), KraftCluster::ownThread));
            }
            RuntimeException failed = null;
            for (int i = 0; i < NODES; i++) {
                try {
                    servers[i] = starting.get(i).get(CEILING.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed = new IllegalStateException(e);
                } catch (ExecutionException e) {
                    failed = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    failed = new IllegalStateException("node " + (i + 1) + " did not start within " + CEILING, e);
                }
            }
            if (failed == null) {
                return;
            }
            last = failed;
            shutDown(runningNodes());
            for (int n = 1; n <= NODES; n++) {
                deleteRecursively(nodeDir(n));
            }
            if (!hasCause(failed, BindException.class)) {
                break;
            }
        }
        throw new IllegalStateException("cannot start the three-node cluster: " + last.getMessage(), last);
    }

    private KafkaRaftServer startNode(final int nodeId) {
        final KafkaConfig config = new KafkaConfig(nodeProperties(nodeId), false);
        format(config, nodeId);
        final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException ignored) {
                // Already failed: the cause is what matters.
            }
            throw e;
        }
        return server;
    }

    /** Shuts the nodes down together and waits for each. */
    private void shutDown(final List<Integer> nodeIds) {
        final List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (final int nodeId : nodeIds) {
            final KafkaRaftServer server = servers[index(nodeId)];
            servers[index(nodeId)] = null;
            stopping.add(CompletableFuture.runAsync(() -> {
                server.shutdown();
                server.awaitShutdown();
            }, KraftCluster::ownThread));
        }
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).orTimeout(CEILING.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Each node starts and stops on a thread of its own: a pool too small for three would wait for a quorum forever. */
    private static void ownThread(final Runnable task) {
        final Thread t = new Thread(task, "kraft-cluster-node");
        t.setDaemon(true);
        t.start();
    }

    private Map<String, Object> nodeProperties(final int nodeId) {
        final int i = index(nodeId);
        final String voters = Stream.iterate(1, n -> n <= NODES, n -> n + 1)
                .map(n -> n + "@127.0.0.1:" + controllerPorts[n - 1]).collect(Collectors.joining(","));
        final Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i]);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports[i]);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", nodeDir(nodeId).resolve("logs").toString());
        p.put("default.replication.factor", String.valueOf(REPLICATION_FACTOR));
        p.put("min.insync.replicas", String.valueOf(MIN_INSYNC_REPLICAS));
        p.put("offsets.topic.replication.factor", String.valueOf(REPLICATION_FACTOR));
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", String.valueOf(REPLICATION_FACTOR));
        p.put("transaction.state.log.min.isr", String.valueOf(MIN_INSYNC_REPLICAS));
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(REPLICATION_FACTOR));
        p.put("share.coordinator.state.topic.min.isr", String.valueOf(MIN_INSYNC_REPLICAS));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // Historical event times (1999) must not make the broker delete what it was just given.
        p.put("log.retention.ms", "-1");
        // Transactions of a killed producer are aborted soon after their timeout, not up to 10 s later.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // Three brokers share a small machine with the application: fewer threads and a small cleaner buffer.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        return p;
    }

    private void format(final KafkaConfig config, final int nodeId) {
        final Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(config.metadataLogDir())
                .setHasDynamicQuorum(false)
                .setWriteBootstrapSnapshot(true)
                // A restart finds its directories formatted: leave them as they are.
                .setIgnoreFormatted(true);
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the storage of node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    private Path nodeDir(final int nodeId) {
        return dir.resolve("node-" + nodeId);
    }

    private static int index(final int nodeId) {
        if (nodeId < 1 || nodeId > NODES) {
            throw new IllegalArgumentException("no node " + nodeId + " (nodes are 1 to " + NODES + ")");
        }
        return nodeId - 1;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static boolean portFree(final int port) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasCause(final Throwable e, final Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteRecursively(final Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is not worth failing a test for.
        }
    }
}
