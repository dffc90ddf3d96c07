package io.mtacorrelator.cli;

import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.exports.ExportReader;
import io.mtacorrelator.runtime.AccessCheck;
import io.mtacorrelator.runtime.Replayer;
import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {
                "Publishes historical exports (NDJSON of any supported shipper, EVTX XML, Event Viewer CSV or text; mixed) "
                        + "to a raw topic, one record per event, each with its own event time as Kafka timestamp and the "
                        + "files merged in event-time order, so a running correlator (run) sees them as it would have live.",
                "Shows a progress bar (records, rate, ETA) on a terminal, a progress line every 5 s otherwise, and a summary.",
                "Configuration layers as for run (--config FILE, KAFKA_* environment, --set); producer properties apply."},
        footer = {"", "Example:",
                "  java -jar mta-correlator.jar replay --bootstrap-servers kafka:9092 \\",
                "    --end-of-input 1999-03-winlogbeat.ndjson 1999-03-telegraf.ndjson"})
final class ReplayCommand extends ClusterCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Export files: NDJSON (one shipper record per line), "
            + "EVTX XML (wevtutil, Event Viewer, WEF), Event Viewer CSV or text.")
    List<Path> files;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Raw topic to publish to (default: the first of mta.topic.raw).")
    String topic;

    @Option(names = "--end-of-input", description = "After the data, send the end-of-input marker to every raw partition: "
            + "the correlator then evaluates everything still waiting for its grace at once, so the last incidents "
            + "of a finite replay are reported without waiting for more data.")
    boolean endOfInput;

    @Option(names = "--computer", paramLabel = "[FILE=]NAME", description = ExportFileOptions.COMPUTER_HELP)
    List<String> computers = new ArrayList<>();

    @Option(names = "--timezone", paramLabel = "ZONE", description = "Time zone of event times written without one "
            + "(mta.input.timezone), for the records' Kafka timestamps; give the correlator (run) the same.")
    String timezone;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        for (final Path file : files) {
            final String problem = ExportReader.unreadable(file);
            if (problem != null) {
                err.println("replay: " + problem);
                return ExitCodes.USAGE;
            }
        }
        final CorrelatorConfig config = cluster.configOrReport("replay", err, DEFAULTS, flags());
        if (config == null) {
            return ExitCodes.USAGE;
        }
        final Function<Path, ExportOptions> readAs;
        try {
            readAs = ExportFileOptions.of(computers, files);
        } catch (ConfigException e) {
            err.println("replay: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        final Map<String, Object> client = ClusterOptions.clientProperties(config, ProducerConfig.configNames(), "producer.");
        final String bootstrap = (String) client.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.isBlank()) {
            err.println("replay: no Kafka cluster given: set --bootstrap-servers, bootstrap.servers in the config file, "
                    + "or KAFKA_BOOTSTRAP_SERVERS");
            return ExitCodes.USAGE;
        }
        final List<String> rawTopics = config.getList(CorrelatorConfig.TOPIC_RAW);
        final String target = topic != null ? topic : rawTopics.get(0);
        final long timeout = config.getLong(CorrelatorConfig.STARTUP_TIMEOUT_MS);
        try (Admin admin = Admin.create(io.mtacorrelator.runtime.CorrelatorApp.adminProperties(config.streamsProperties(), timeout))) {
            final Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            final List<String> needed = new ArrayList<>(List.of(target));
            if (endOfInput) {
                needed.addAll(rawTopics);
            }
            final List<String> missing = needed.stream().distinct().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                new AccessCheck(AccessCheck.principalOf(config.streamsProperties()), "", Set.of(), Set.copyOf(needed), false)
                        .refuseUnlisted(admin, missing, timeout);
                err.println("replay: missing topic(s) on " + bootstrap + ": " + String.join(", ", missing)
                        + " (start run with --create-topics, or create them; keep retention.ms=-1 or longer than the data's age)");
                return ExitCodes.USAGE;
            }
        } catch (AccessCheck.NotAuthorisedException e) {
            err.println("replay: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (TimeoutException | ExecutionException | org.apache.kafka.common.KafkaException e) {
            err.println("replay: cannot reach Kafka at " + bootstrap + " within " + timeout / 1000 + " s"
                    + (e instanceof ExecutionException && e.getCause() != null ? ": " + e.getCause().getMessage() : ""));
            return ExitCodes.USAGE;
        }
        final long total = Replayer.count(files, readAs);
        final ProgressBar bar = new ProgressBar(err, System.console() != null);
        final List<String> written = new ArrayList<>(List.of(target));
        if (endOfInput) {
            written.addAll(rawTopics);
        }
        // Replay writes (the raw topics); it joins no group and uses no transaction.
        final AccessCheck access = new AccessCheck(AccessCheck.principalOf(config.streamsProperties()), "", Set.of(), Set.copyOf(written), false);
        final Replayer.Summary summary;
        try {
            summary = new Replayer(client, config.inputSettings()).replay(files, readAs, target, endOfInput ? rawTopics : List.of(), total, bar);
        } catch (IllegalStateException e) {
            // A topic it may see (e.g. read) but not write is refused only by the producer: the same line as at the start.
            final var denied = access.explain(e);
            if (denied.isEmpty()) {
                throw e;
            }
            bar.done();
            err.println("replay: " + denied.get().getMessage());
            return ExitCodes.FAILED;
        }
        bar.done();
        err.printf("replay: published %d record(s) from %d file(s) to %s (%d unreadable, published for dead-lettering); "
                        + "event times %s to %s; %.1f s, %.0f records/s%s%n",
                summary.records(), files.size(), target, summary.unreadable(), summary.firstEventTime(),
                summary.lastEventTime(), summary.elapsed().toMillis() / 1000d,
                summary.records() / Math.max(0.001, summary.elapsed().toMillis() / 1000d),
                endOfInput ? "; end-of-input marker sent" : "");
        return 0;
    }

    static final Map<String, String> DEFAULTS = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator-replay");

    private List<Map.Entry<String, String>> flags() {
        return timezone == null ? List.of() : List.of(Map.entry(CorrelatorConfig.INPUT_TIMEZONE, timezone));
    }

    /** A redrawn bar on a terminal; otherwise a plain line every five seconds. */
    static final class ProgressBar implements Replayer.Progress {
        private static final int WIDTH = 30;
        private final PrintWriter out;
        private final boolean terminal;
        private long lastLine;
        private boolean drawn;

        ProgressBar(final PrintWriter out, final boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public void update(final long done, final long total, final double perSecond) {
            final double fraction = total <= 0 ? 1 : Math.min(1, done / (double) total);
            // No rate yet (nothing measured over an interval): no ETA rather than a made-up one.
            final String eta;
            if (perSecond <= 0 || done == 0) {
                eta = "ETA --:--";
            } else {
                final long etaSeconds = Math.round((total - done) / perSecond);
                eta = String.format("ETA %d:%02d", etaSeconds / 60, etaSeconds % 60);
            }
            final String figures = String.format("%,d/%,d records  %,.0f rec/s  %s", done, total, Math.max(0, perSecond), eta);
            if (terminal) {
                final int filled = (int) Math.round(fraction * WIDTH);
                out.print("\r[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                        + String.format("%3d%% ", Math.round(fraction * 100)) + figures);
                out.flush();
                drawn = true;
            } else if (System.nanoTime() - lastLine > 5_000_000_000L || done == total) {
                lastLine = System.nanoTime();
                out.println("replay: " + String.format("%d%% ", Math.round(fraction * 100)) + figures);
                out.flush();
            }
        }

        void done() {
            if (terminal && drawn) {
                out.println();
            }
        }
    }
}
