package io.mtacorrelator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.workload.EstateSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The figures of one bench run, as JSON (for BENCHMARKS.md), as a human summary, and as one line for scripts. */
public final class BenchResults {

    /** Format of the results file; the BENCHMARKS.md generator reads this version. */
    public static final int SCHEMA = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final BenchRun.Options options;
    final Map<String, Object> machine;
    final String runId;
    String broker;
    ObjectNode workload;
    Throughput.Measured passThrough;
    Throughput.Measured parseOnly;
    Throughput.Measured correlator;
    Throughput.Measured reprocess;
    Throughput.Measured replay;
    DetectionLatency.Result latency;
    PlantedScore score;
    int incidents;
    StateFootprint state;
    long connections;
    long heapBeforeMb;
    long heapAfterMb;
    Profiler.Profile profile;

    BenchResults(final BenchRun.Options options, final Map<String, Object> machine, final String runId) {
        this.options = options;
        this.machine = machine;
        this.runId = runId;
    }

    void workload(final EstateSpec spec, final WorkloadWriter.Written written, final int partitions) {
        workload = JSON.createObjectNode();
        workload.put("seed", spec.seed()).put("mtas", spec.mtas()).put("connectionsPerMta", spec.connectionsPerMta())
                .put("records", written.generated().records()).put("eventRecords", written.generated().eventRecords())
                .put("counterRecords", written.generated().counterRecords())
                .put("eventTimeMinutes", Math.round((written.generated().lastMs() - written.generated().firstMs()) / 600d) / 100d)
                .put("episodesPerMtaHour", spec.episodesPerMtaHour()).put("plantedEpisodes", written.generated().planted().size())
                .put("partitions", partitions).put("writeSeconds", round(written.seconds()))
                .put("writeRecordsPerSecond", Math.round(written.generated().records() / written.seconds()));
    }

    double ratio(final Throughput.Measured m) {
        return passThrough == null || m == null || passThrough.recordsPerSecond() == 0 ? 0
                : Math.round(m.recordsPerSecond() / passThrough.recordsPerSecond() * 1000) / 1000d;
    }

    /**
     * The larger of the two per-connection figures of the state: RocksDB on disk, and what the compacted changelogs
     * keep (the newest record per key). The changelog logs' own size, older versions included until the cleaner
     * runs, is reported beside it.
     */
    long stateBytesPerConnection() {
        return connections == 0 ? 0 : Math.max(state.diskBytes(), state.liveBytes()) / connections;
    }

    /** The last stdout line, read by scripts: its form is fixed. */
    public String lastLine() {
        final var q = score.article("Q181721");
        return String.format(Locale.ROOT, "bench: correlator/pass-through=%.3f correlator=%d/s pass-through=%d/s parse-only=%d/s "
                        + "p99=%dms state=%dB/connection found=%d/%d unplanted=%d",
                ratio(correlator), Math.round(correlator.recordsPerSecond()), Math.round(passThrough.recordsPerSecond()),
                Math.round(parseOnly.recordsPerSecond()), latency.p99Ms(), stateBytesPerConnection(), q.found(), q.planted(),
                q.unplanted());
    }

    public String summary() {
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "bench summary (%s broker, %s partitions, %s records):%n", broker,
                workload.get("partitions"), workload.get("records")));
        b.append(String.format(Locale.ROOT, "  (a) pass-through   %,10.0f records/s%n", passThrough.recordsPerSecond()));
        b.append(String.format(Locale.ROOT, "  (b) parse-only     %,10.0f records/s  (%.3f of pass-through)%n", parseOnly.recordsPerSecond(),
                ratio(parseOnly)));
        b.append(String.format(Locale.ROOT, "  (c) correlator     %,10.0f records/s  (%.3f of pass-through)%n", correlator.recordsPerSecond(),
                ratio(correlator)));
        b.append(String.format(Locale.ROOT, "  reprocess (reset)  %,10.0f records/s%n", reprocess.recordsPerSecond()));
        b.append(String.format(Locale.ROOT, "  replay             %,10.0f records/s%n", replay.recordsPerSecond()));
        b.append("  detection latency  ").append(DetectionLatency.describe(latency)).append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "  state              %,d connections: RocksDB %,d B (%,d B/connection), changelogs %,d B live "
                        + "(%,d B/connection; %,d B in the logs before compaction), %,d changelog records (%.3f per input record)%n",
                connections, state.diskBytes(), state.diskBytes() / Math.max(1, connections), state.liveBytes(),
                state.liveBytes() / Math.max(1, connections), state.changelogBytes(),
                state.changelogRecords(), state.changelogRecords() / (double) Math.max(1, correlator.records())));
        b.append(String.format(Locale.ROOT, "  heap               %,d MB before (c), %,d MB after (c), after GC, broker included when embedded%n",
                heapBeforeMb, heapAfterMb));
        score.byArticle().forEach((kb, a) -> b.append(String.format(Locale.ROOT, "  %-8s           planted %d, found %d, unplanted %d%s%n",
                kb, a.planted(), a.found(), a.unplanted(), a.missed().isEmpty() ? "" : "; missed " + a.missed())));
        if (score.undecidedAtEnd() > 0) {
            b.append(String.format(Locale.ROOT, "  (%d planted episode(s) still undecided when the input ended: not counted)%n",
                    score.undecidedAtEnd()));
        }
        if (profile != null) {
            b.append(String.format(Locale.ROOT, "  profile            %s, %,d samples of the stream threads; top self:%n", profile.file(),
                    profile.samples()));
            profile.self().stream().limit(5).forEach(f -> b.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", f.percent(), f.method())));
        }
        return b.toString();
    }

    public void write(final Path file) throws IOException {
        final ObjectNode root = JSON.createObjectNode();
        root.put("kind", "bench").put("schema", SCHEMA).put("label", options.label()).put("runId", runId)
                .put("commandLine", options.commandLine()).put("broker", broker);
        root.set("machine", JSON.valueToTree(machine));
        root.set("workload", workload);
        final ObjectNode t = root.putObject("throughput");
        t.set("passThrough", measured(passThrough));
        t.set("parseOnly", measured(parseOnly));
        t.set("correlator", measured(correlator));
        t.put("correlatorOverPassThrough", ratio(correlator)).put("parseOnlyOverPassThrough", ratio(parseOnly));
        root.set("reprocessAfterReset", measured(reprocess));
        root.set("replay", measured(replay));
        root.set("latency", JSON.valueToTree(latency));
        final ObjectNode s = root.putObject("state");
        s.put("connections", connections).put("diskBytes", state.diskBytes()).put("changelogBytes", state.changelogBytes())
                .put("changelogRecords", state.changelogRecords()).put("changelogLiveBytes", state.liveBytes())
                .put("changelogLiveBytesPerConnection", state.liveBytes() / Math.max(1, connections))
                .put("diskBytesPerConnection", state.diskBytes() / Math.max(1, connections))
                .put("changelogBytesPerConnection", state.changelogBytes() / Math.max(1, connections))
                .put("changelogRecordsPerInputRecord", round(state.changelogRecords() / (double) Math.max(1, correlator.records())))
                .put("heapUsedBeforeMb", heapBeforeMb).put("heapUsedAfterMb", heapAfterMb);
        final ObjectNode p = root.putObject("planted");
        p.put("incidentStateChanges", incidents).put("undecidedAtEnd", score.undecidedAtEnd());
        p.set("byArticle", JSON.valueToTree(score.byArticle()));
        if (profile != null) {
            final ObjectNode prof = root.putObject("profile");
            prof.put("file", profile.file()).put("threads", profile.threads()).put("samples", profile.samples());
            final ArrayNode self = prof.putArray("self");
            profile.self().forEach(f -> self.addObject().put("method", f.method()).put("percent", f.percent()));
            final ArrayNode total = prof.putArray("total");
            profile.total().forEach(f -> total.addObject().put("method", f.method()).put("percent", f.percent()));
            final ArrayNode ours = prof.putArray("totalOwnCode");
            profile.ours().forEach(f -> ours.addObject().put("method", f.method()).put("percent", f.percent()));
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        JSON.writeValue(file.toFile(), root);
    }

    private static ObjectNode measured(final Throughput.Measured m) {
        final ObjectNode n = JSON.createObjectNode();
        n.put("records", m.records()).put("seconds", round(m.seconds())).put("recordsPerSecond", Math.round(m.recordsPerSecond()));
        return n;
    }

    private static double round(final double v) {
        return Math.round(v * 1000) / 1000d;
    }
}
