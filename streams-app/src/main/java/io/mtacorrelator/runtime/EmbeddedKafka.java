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
import java.util.HashMap;
import java.util.Map;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this process, on loopback. Built
 * from the broker's own server classes. Either private and throwaway ({@link #start()}: a temporary directory
 * deleted on close, for {@code demo} and {@code correlate}, which need a Kafka of their own and nothing outside
 * the JVM), or kept ({@link #startKeeping}: a data directory that survives restarts, for the {@code broker}
 * command that lets {@code run} and {@code replay} be tried without Docker).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;
    /** Largest record the embedded broker takes. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** A port that is already in use, named for the one-line message. */
    public static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(final int port, final Throwable cause) {
            super("port " + port + " on 127.0.0.1 is already in use", cause);
        }
    }

    /**
     * A second client listener beside PLAINTEXT (which stays the inter-broker one), e.g. SASL_SSL with its
     * authorizer, mechanisms and stores in {@code brokerProperties}: for exercising the app against a secured cluster.
     *
     * @param name             listener name, also its security protocol (SASL_SSL, SSL, SASL_PLAINTEXT)
     * @param brokerProperties added to the broker's configuration, overriding its defaults
     */
    public record ExtraListener(String name, Map<String, Object> brokerProperties) {
    }

    /**
     * A throwaway broker serves one short run of one application on a handful of partitions, on a machine that may
     * have two cores: it has no leadership to hand over (stop at once), needs few request and coordinator threads
     * (the defaults are sized for a server), and no 128 MB dedupe buffer for a log cleaner that a run of seconds never
     * needs (it was a quarter of the 512 MB heap that correlate runs in).
     */
    private static final Map<String, Object> THROWAWAY = Map.of(
            "controlled.shutdown.enable", "false",
            "num.network.threads", "1",
            "num.io.threads", "2",
            "background.threads", "2",
            "num.recovery.threads.per.data.dir", "1",
            "group.coordinator.threads", "1",
            "share.coordinator.threads", "1",
            "log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String extraBootstrapServers;

    private EmbeddedKafka(final Path dataDir, final boolean deleteOnClose, final KafkaRaftServer server,
                          final String bootstrapServers, final String extraBootstrapServers) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.extraBootstrapServers = extraBootstrapServers;
    }

    /** Formats a fresh temporary data directory and starts the broker; returns once it is unfenced and serving. */
    public static EmbeddedKafka start() {
        return start(null);
    }

    /** As {@link #start()}, with a second client listener ({@code null}: none); see {@link #extraBootstrapServers()}. */
    public static EmbeddedKafka start(final ExtraListener extra) {
        final Path dir;
        try {
            dir = Files.createTempDirectory("mta-correlator-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
        try {
            return startIn(dir, 0, true, extra);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    /**
     * Starts the broker on {@code dataDir}, formatting it the first time and keeping it on close, so topics,
     * offsets and committed groups survive a restart.
     *
     * @param port the client port on 127.0.0.1; 0 for any free one
     * @throws PortTakenException when {@code port} is in use
     */
    public static EmbeddedKafka startKeeping(final Path dataDir, final int port) {
        if (port != 0 && !portFree(port)) {
            throw new PortTakenException(port, null);
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        return startIn(dataDir, port, false, null);
    }

    private static EmbeddedKafka startIn(final Path dir, final int fixedPort, final boolean deleteOnClose,
                                         final ExtraListener extra) {
        RuntimeException last = null;
        // Free ports are found by binding port 0 and closing it: another process may take one meanwhile, so retry.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            final int port = fixedPort == 0 ? freePort() : fixedPort;
            final int controllerPort = freePort();
            final Map<String, Object> props = brokerProperties(dir, port, controllerPort);
            if (deleteOnClose) {
                props.putAll(THROWAWAY);
            }
            final String extraAddress = extra == null ? null : "127.0.0.1:" + freePort();
            if (extra != null) {
                final String listener = extra.name() + "://" + extraAddress;
                props.put("listeners", props.get("listeners") + "," + listener);
                props.put("advertised.listeners", props.get("advertised.listeners") + "," + listener);
                props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ","
                        + extra.name() + ":" + extra.name());
                props.putAll(extra.brokerProperties());
            }
            final KafkaConfig config = new KafkaConfig(props, false);
            try {
                format(config);
                final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                final String bootstrap = "127.0.0.1:" + port;
                LOG.info("Embedded Kafka broker (KRaft) serving on {} with data in {}", bootstrap, dir);
                if (extraAddress != null) {
                    LOG.info("Embedded Kafka broker: {} listener on {}", extra.name(), extraAddress);
                }
                return new EmbeddedKafka(dir, deleteOnClose, server, bootstrap, extraAddress);
            } catch (RuntimeException e) {
                last = e;
                if (!hasCause(e, BindException.class)) {
                    break;
                }
                if (fixedPort != 0 && !portFree(fixedPort)) {
                    throw new PortTakenException(fixedPort, e);
                }
                LOG.warn("Port taken while starting the embedded broker (attempt {} of {}), retrying", attempt, START_ATTEMPTS);
            }
        }
        throw new IllegalStateException("cannot start the embedded Kafka broker: " + last.getMessage(), last);
    }

    /** Where the broker keeps its data. */
    public Path dataDir() {
        return dataDir;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The address of the {@link ExtraListener} the broker was started with. */
    public String extraBootstrapServers() {
        if (extraBootstrapServers == null) {
            throw new IllegalStateException("this broker was started without an extra listener");
        }
        return extraBootstrapServers;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteOnClose) {
                deleteRecursively(dataDir);
            }
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
                .setClusterId(existingClusterId(config).orElse(Uuid.randomUuid().toString()))
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

    /**
     * The cluster id a kept data directory was formatted with: formatting again (a no-op for formatted
     * directories) must name the same id, or the broker refuses its own data.
     */
    private static java.util.Optional<String> existingClusterId(final KafkaConfig config) {
        final Path meta = Path.of(config.metadataLogDir(), "meta.properties");
        if (!Files.isRegularFile(meta)) {
            return java.util.Optional.empty();
        }
        final java.util.Properties p = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        return java.util.Optional.ofNullable(p.getProperty("cluster.id"));
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

    static void deleteRecursively(final Path dir) {
        try {
            DirectoryTree.delete(dir);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
