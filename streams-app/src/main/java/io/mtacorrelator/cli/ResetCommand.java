package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.runtime.DirectoryTree;
import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

@Command(name = "reset",
        mixinStandardHelpOptions = true,
        description = {
                "Resets the correlator for reprocessing from scratch, with Kafka's own StreamsResetter and our topics "
                        + "filled in from the configuration: the raw topics (mta.topic.raw) back to their earliest "
                        + "offsets, the normalised topics (mta.topic.events, mta.topic.counters, written and read by "
                        + "the application itself) to their end, and the application's internal topics (state "
                        + "changelogs) deleted. With --state-dir it also deletes this machine's local state.",
                "Stop every run instance of the application first. The incidents of the reprocessing carry the "
                        + "same ids as the first time.",
                "Configuration layers as for run (--config FILE, KAFKA_*/MTA_* environment, --set)."},
        footer = {"", "Example:",
                "  java -jar mta-correlator.jar reset --bootstrap-servers kafka:9092 \\",
                "    --application-id mta-correlator --state-dir /var/lib/mta-correlator"})
final class ResetCommand extends ClusterCommand implements Callable<Integer> {

    @Option(names = "--application-id", paramLabel = "ID",
            description = "The application.id of the run to reset (default: mta-correlator).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "run's --state-dir on this machine: its state for the application is deleted too.")
    Path stateDir;

    @Option(names = "--dry-run", description = "Say what would be reset and deleted, and change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Remove members still in the group (an instance that was killed, not stopped).")
    boolean force;


    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<Map.Entry<String, String>> flags = new ArrayList<>();
        if (applicationId != null) {
            flags.add(Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, applicationId));
        }
        final CorrelatorConfig config = cluster.configOrReport("reset", err, RunCommand.DEFAULTS, flags);
        if (config == null) {
            return ExitCodes.USAGE;
        }
        final Properties streams = config.streamsProperties();
        final String appId = streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        final String bootstrap = streams.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        final List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--application-id", appId,
                "--input-topics", String.join(",", config.getList(CorrelatorConfig.TOPIC_RAW))));
        if (dryRun) {
            args.add("--dry-run");
        }
        if (force) {
            args.add("--force");
        }
        final Properties admin = new Properties();
        ClusterOptions.clientProperties(config, AdminClientConfig.configNames(), "admin.").forEach(admin::put);
        out.flush();
        final int code = new StreamsResetter().execute(args.toArray(String[]::new), admin);
        if (code != 0) {
            err.println("reset: StreamsResetter failed for " + appId + " on " + bootstrap + " (see above; is run still "
                    + "running? stop it first, or use --force for an instance that was killed)");
            return ExitCodes.FAILED;
        }
        final List<String> normalised = List.of(config.getString(CorrelatorConfig.TOPIC_EVENTS),
                config.getString(CorrelatorConfig.TOPIC_COUNTERS));
        try {
            skipToEnd(config, appId, normalised, out);
        } catch (ExecutionException | TimeoutException e) {
            err.println("reset: cannot move " + appId + "'s offsets on " + String.join(", ", normalised) + " to the end: "
                    + Errors.oneLine(e));
            return ExitCodes.FAILED;
        }
        if (stateDir != null) {
            final Path appState = stateDir.resolve(appId);
            if (dryRun) {
                out.println("Local state to delete: " + appState + (Files.exists(appState) ? "" : " (not there)"));
            } else {
                DirectoryTree.delete(appState);
                out.println("Deleted local state " + appState);
            }
        }
        out.println((dryRun ? "Dry run of the reset of " : "Reset ") + appId + ": start run again to reprocess from the beginning"
                + (stateDir == null ? " (with an empty --state-dir)." : "."));
        return ExitCodes.OK;
    }

    /**
     * The normalised topics are written by the application's first step and read by its second: their records are
     * written again from the raw topics, so the second step starts after the old ones rather than reading both.
     */
    private void skipToEnd(final CorrelatorConfig config, final String appId, final List<String> topics, final PrintWriter out)
            throws ExecutionException, TimeoutException, InterruptedException {
        final long timeout = config.getLong(CorrelatorConfig.STARTUP_TIMEOUT_MS);
        try (Admin admin = Admin.create(CorrelatorApp.adminProperties(config.streamsProperties(), timeout))) {
            final Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS).values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            final Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(latest).all()
                    .get(timeout, TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
            out.println("Normalised topics (written and read by the application) to their end:");
            ends.forEach((tp, offset) -> out.println("Topic: " + tp.topic() + " Partition: " + tp.partition()
                    + " Offset: " + offset.offset()));
            if (!dryRun) {
                admin.alterConsumerGroupOffsets(appId, ends).all().get(timeout, TimeUnit.MILLISECONDS);
            }
        }
    }

}
