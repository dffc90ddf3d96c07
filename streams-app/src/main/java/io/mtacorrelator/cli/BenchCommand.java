package io.mtacorrelator.cli;

import io.mtacorrelator.bench.BenchResults;
import io.mtacorrelator.bench.BenchRun;
import io.mtacorrelator.runtime.ConfigLayers;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Measures what one correlator instance sustains, against the platform it runs on, in one run:",
                "  1. generates an estate (deterministic from --seed): --mtas MTAs with --connections each, Telegraf "
                        + "counters every 15 s (Metricbeat for a tenth of the MTAs), Winlogbeat 8 and NXLog event logs with "
                        + "realistic noise, and Q181721 and look-alike faults planted at --episode-rate; writes it once to "
                        + "two raw topics (--partitions) before any timing;",
                "  2. measures, one after another on those topics: (a) a pass-through Kafka Streams app, (b) the parse "
                        + "sub-topology alone, (c) the full correlator through run's code path, each from its first fetched "
                        + "record to consumer lag 0 (exactly_once_v2 unless configured otherwise);",
                "  3. scores (c)'s incidents against the planted faults; measures its state (RocksDB on disk and "
                        + "changelogs), reprocessing after a reset, detection latency at --rate records/s offered to a "
                        + "running correlator, and replay's publishing speed; records a JFR profile of (c).",
                "Runs on an embedded single-node broker unless --bootstrap-servers is given (topics are created with a "
                        + "mta-bench.<run>. prefix and deleted afterwards). Progress and a summary go to stderr; the last "
                        + "stdout line has a fixed form for scripts:",
                "  bench: correlator/pass-through=<ratio> correlator=<r>/s pass-through=<r>/s parse-only=<r>/s "
                        + "p99=<ms>ms state=<bytes>B/connection found=<n>/<planted> unplanted=<n>",
                "(state: the larger of RocksDB bytes and the compacted changelogs' bytes (newest record per key) per connection; found, planted, unplanted: Q181721.)"},
        footer = {"", "Examples:",
                "  java -jar mta-correlator.jar bench --records 300000 --mtas 200",
                "  java -jar mta-correlator.jar bench --bootstrap-servers kafka:9092 --config prod.properties --results bench.json",
                "", "BENCHMARKS.md is generated from results files: tools/bench/make-benchmarks-md.py benchmarks/*.json > BENCHMARKS.md"})
final class BenchCommand extends ClusterCommand implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "N", defaultValue = "2000000", description = "Records to generate (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--mtas", paramLabel = "N", defaultValue = "1000", description = "MTAs in the estate (default: ${DEFAULT-VALUE}).")
    int mtas;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "5", description = "Connections (remote MTAs) per MTA (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--episode-rate", paramLabel = "PER_MTA_HOUR", defaultValue = "0.2",
            description = "Planted faults per MTA per hour of event time (default: ${DEFAULT-VALUE}); 60 %% Q181721, the rest look-alikes.")
    double episodeRate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Workload seed: the same seed gives the same records (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions of every bench topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--rate", paramLabel = "RECORDS_PER_S", defaultValue = "10000",
            description = "Offered load of the detection-latency phase (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "30",
            description = "How long the latency phase offers its load (default: ${DEFAULT-VALUE}; at most the whole workload).")
    int latencySeconds;

    @Option(names = "--results", paramLabel = "FILE", description = "Write the figures as JSON here (input of tools/bench/make-benchmarks-md.py).")
    Path results;

    @Option(names = "--profile", paramLabel = "FILE.jfr",
            description = "Where to keep the JFR recording of (c) (default: next to --results, else a temporary file).")
    Path profile;

    @Option(names = "--no-profile", description = "Do not record a JFR profile of (c).")
    boolean noProfile;

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "", description = "A label stored with the results (e.g. the commit).")
    String label;

    @Option(names = "--phase-timeout", paramLabel = "S", defaultValue = "1800",
            description = "How long one measured phase may take before the bench fails (default: ${DEFAULT-VALUE}).")
    long phaseTimeout;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final String problem = checkArguments();
        if (problem != null) {
            err.println("bench: " + problem + " (see --help)");
            return 2;
        }
        final ConfigLayers layers;
        try {
            // Checked as run checks it; the cluster is the embedded broker unless --bootstrap-servers names one.
            layers = cluster.layers(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "embedded:9092",
                    StreamsConfig.APPLICATION_ID_CONFIG, "mta-bench"), List.of());
            layers.build();
        } catch (ConfigException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        Configurator.setLevel("io.mtacorrelator", Level.WARN);
        Path recording = null;
        if (!noProfile) {
            recording = profile != null ? profile
                    : results != null ? results.resolveSibling(results.getFileName() + ".jfr")
                    : Files.createTempFile("mta-bench-", ".jfr");
        }
        final BenchRun.Options options = new BenchRun.Options(seed, mtas, connections, records, episodeRate, partitions, rate,
                latencySeconds, recording, cluster.bootstrapServers, Duration.ofSeconds(phaseTimeout), label,
                String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        final BenchResults figures = new BenchRun(options, layers.values(), line -> {
            err.println("bench: " + line);
            err.flush();
        }).run();
        err.print(figures.summary());
        if (results != null) {
            figures.write(results);
            err.println("bench: results written to " + results);
        }
        err.flush();
        spec.commandLine().getOut().println(figures.lastLine());
        return 0;
    }

    private String checkArguments() {
        if (records < 1) {
            return "--records must be at least 1";
        }
        if (mtas < 1 || connections < 1 || partitions < 1) {
            return "--mtas, --connections and --partitions must be at least 1";
        }
        if (!(rate > 0) || latencySeconds < 1) {
            return "--rate must be above 0 and --latency-seconds at least 1";
        }
        if (episodeRate < 0) {
            return "--episode-rate must be 0 or more";
        }
        if (phaseTimeout < 1) {
            return "--phase-timeout must be at least 1 second";
        }
        return null;
    }
}
