package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the correlator as a long-lived Kafka Streams application against a Kafka cluster: raw shipper "
                        + "topics in; normalised events and counter samples, incidents and dead letters out.",
                "Configuration, lowest precedence first: built-in defaults < --config FILE < environment (KAFKA_* to Kafka "
                        + "properties, e.g. KAFKA_BOOTSTRAP_SERVERS; MTA_* to app keys, e.g. MTA_GRACE_MS) < command-line "
                        + "flags (--set KEY=VALUE and the named flags). Unknown keys and a key given twice with different "
                        + "values in one layer are errors.",
                "Stops cleanly on SIGTERM/Ctrl-C (within mta.shutdown.timeout.ms); exits non-zero if a stream thread fails."},
        footer = {"", "Examples:",
                "  java -jar mta-correlator.jar run --bootstrap-servers kafka:9092 \\",
                "    --create-topics",
                "  KAFKA_BOOTSTRAP_SERVERS=kafka:9092 \\",
                "  MTA_SCHEMA_REGISTRY_URL=http://registry:8080/apis/ccompat/v7 \\",
                "    java -jar mta-correlator.jar run --config prod.properties \\",
                "    --application-id mta-correlator-prod"})
final class RunCommand extends ClusterCommand implements Callable<Integer> {

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application.id: consumer group, state and internal topic prefix (default: mta-correlator).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state directory (state.dir; default: Kafka Streams' own).")
    Path stateDir;

    @Option(names = "--incident-format", paramLabel = "avro|json|ecs|ocsf|cef",
            description = "How incidents are written to the incident topic (mta.incident.format; default avro): avro (the "
                    + "Incident schema), json (our JSON object), ecs (Elastic Common Schema alert), ocsf (OCSF Detection "
                    + "Finding), cef (ArcSight CEF line).")
    String incidentFormat;

    @Option(names = "--create-topics", description = "Create missing topics (mta.topic.partitions, .replication.factor, .retention.ms) "
            + "instead of refusing to start.")
    boolean createTopics;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus text), /health/live and /health/ready over HTTP on this port, on every "
                    + "interface (mta.metrics.port; default off; 0: a free port, logged).")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final CorrelatorConfig config = cluster.configOrReport("run", err, DEFAULTS, flags());
        if (config == null) {
            return ExitCodes.USAGE;
        }
        Configurator.setLevel("io.mtacorrelator", Level.INFO);
        final CorrelatorApp app;
        try {
            app = CorrelatorApp.start(config, null, createTopics);
        } catch (CorrelatorApp.StartupException | ConfigException e) {
            err.println("run: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        final Thread hook = new Thread(() -> {
            // Written here, synchronously: once this hook returns the JVM halts, and other threads' logs may be cut.
            final boolean closed = app.closeGracefully();
            if (closed) {
                System.err.println("run: closed cleanly (" + app.state() + ")");
            } else {
                System.err.println("run: did not close within " + config.getLong(CorrelatorConfig.SHUTDOWN_TIMEOUT_MS) + " ms");
            }
            System.err.flush();
            // A stop that was asked for and done cleanly is a success: exit 0, not the JVM's 143 for SIGTERM.
            Runtime.getRuntime().halt(closed ? ExitCodes.OK : ExitCodes.FAILED);
        }, "mta-correlator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final int code = app.awaitTermination();
        if (code != 0) {
            err.println("run: the application stopped on an error: "
                    + app.failure().map(Errors::oneLine).orElse("Kafka Streams entered state " + app.state()));
            app.closeGracefully();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down (SIGTERM): the hook closes the application.
        }
        return code;
    }

    static final Map<String, String> DEFAULTS = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator");

    ConfigLayers layers() {
        return cluster.layers(DEFAULTS, flags());
    }

    private List<Map.Entry<String, String>> flags() {
        final List<Map.Entry<String, String>> flags = new ArrayList<>();
        if (applicationId != null) {
            flags.add(Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, applicationId));
        }
        if (stateDir != null) {
            flags.add(Map.entry(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        }
        if (incidentFormat != null) {
            flags.add(Map.entry(CorrelatorConfig.INCIDENT_FORMAT, incidentFormat));
        }
        if (metricsPort != null) {
            flags.add(Map.entry(CorrelatorConfig.METRICS_PORT, metricsPort.toString()));
        }
        return flags;
    }
}
