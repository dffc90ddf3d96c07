package io.mtacorrelator.runtime;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this process, on loopback, in a
 * temporary directory that is deleted on close. Built from the broker's own server classes; for the demo and
 * for {@code correlate}, which need a Kafka of their own and nothing outside the JVM.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;
    /** Largest record the embedded broker takes. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final Path dataDir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(final Path dataDir, final KafkaRaftServer server, final String bootstrapServers) {
        this.dataDir = dataDir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats a fresh data directory and starts the broker; returns once it is unfenced and serving. */
    public static EmbeddedKafka start() {
        final Path dir;
        try {
            dir = Files.createTempDirectory("mta-correlator-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
        RuntimeException last = null;
        // Free ports are found by binding port 0 and closing it: another process may take one meanwhile, so retry.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            final int port = freePort();
            final int controllerPort = freePort();
            final KafkaConfig config = new KafkaConfig(brokerProperties(dir, port, controllerPort), false);
            try {
                format(config);
                final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                final String bootstrap = "127.0.0.1:" + port;
                LOG.info("Embedded Kafka broker (KRaft) serving on {} with data in {}", bootstrap, dir);
                return new EmbeddedKafka(dir, server, bootstrap);
            } catch (RuntimeException e) {
                last = e;
                if (!hasCause(e, BindException.class)) {
                    break;
                }
                LOG.warn("Port taken while starting the embedded broker (attempt {} of {}), retrying", attempt, START_ATTEMPTS);
            }
        }
        deleteRecursively(dir);
        throw new IllegalStateException("cannot start the embedded Kafka broker: " + last.getMessage(), last);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static Map<String, Object> brokerProperties(final Path dir, final int port, final int controllerPort) {
        final Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        // Historical event times (1999) must not make the broker delete what it was just given.
        p.put("log.retention.ms", "-1");
        p.put("auto.create.topics.enable", "false");
        // Room for oversized raw lines: they must reach the parser (and the dead-letter topic), not fail to publish.
        p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        return p;
    }

    private static void format(final KafkaConfig config) {
        final Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(config.metadataLogDir())
                .setHasDynamicQuorum(false)
                .setWriteBootstrapSnapshot(true)
                .setIgnoreFormatted(true);
        config.logDirs().forEach(formatter::addDirectory);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded broker's storage: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
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

    static void deleteRecursively(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
