package io.mtacorrelator.cli;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.render.DeadLetterJson;
import io.mtacorrelator.render.IncidentFormat;
import io.mtacorrelator.runtime.FileCorrelation;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.exports.ExportReader;
import io.mtacorrelator.topology.CorrelatorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "correlate",
        mixinStandardHelpOptions = true,
        description = {
                "Correlates export files (NDJSON of any supported shipper: Winlogbeat, NXLog, Telegraf, Metricbeat; "
                        + "rendered EVTX XML; Event Viewer CSV or tab-delimited text; mixed in any order and across files) "
                        + "with the same topology as the streaming app, on a private in-process Kafka broker. Each file is "
                        + "read by its format: an XML event or a CSV row is one record, whatever its lines.",
                "Writes one record per incident state change (OPEN, UPDATED, RESOLVED) to FILE or stdout: a JSON object by "
                        + "default, or an ECS alert, an OCSF Detection Finding or a CEF line (--format); a summary (records "
                        + "read, parsed, ignored, dead-lettered; incidents; any still open) goes to stderr."},
        footer = {"", "Examples:",
                "  java -jar mta-correlator.jar correlate --out incidents.ndjson \\",
                "    winlogbeat.ndjson telegraf.ndjson",
                "  java -jar mta-correlator.jar correlate --format ocsf \\",
                "    winlogbeat.ndjson telegraf.ndjson"})
final class CorrelateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Export files: NDJSON (one shipper record per line), "
            + "EVTX XML (wevtutil, Event Viewer, WEF), Event Viewer CSV or text.")
    List<Path> files;

    @Option(names = "--out", paramLabel = "FILE", description = "Write incidents here instead of stdout (overwritten).")
    Path out;

    @Option(names = "--format", paramLabel = "json|ecs|ocsf|cef|text", defaultValue = "json",
            description = "How each incident is written (default: ${DEFAULT-VALUE}): json (our JSON object, one per line), "
                    + "ecs (Elastic Common Schema alert, one per line), ocsf (OCSF 1.8.0 Detection Finding, one per line), "
                    + "cef (one ArcSight CEF line each), text (as demo prints it).")
    String format;

    @Option(names = "--dead-letters", paramLabel = "FILE",
            description = "Also write the records that could not be read, one JSON object each (headers with the reason "
                    + "and origin, and the original record), to this file.")
    Path deadLettersOut;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A configuration key for this run (mta.* rule "
            + "settings such as mta.association.threshold=100). Repeatable.")
    List<String> overrides = new java.util.ArrayList<>();

    @Option(names = "--computer", paramLabel = "[FILE=]NAME", description = ExportFileOptions.COMPUTER_HELP)
    List<String> computers = new java.util.ArrayList<>();

    @Option(names = "--timezone", paramLabel = "ZONE", description = "Time zone of event times written without one "
            + "(NXLog EventTime, Event Viewer exports): mta.input.timezone, e.g. Europe/Berlin. Per MTA: "
            + "--set mta.input.timezone.EXCH1=ZONE.")
    String timezone;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Give up if correlation takes longer than this (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--allow-empty", description = "Exit 0 even when no record of the input could be read (all "
            + "dead-lettered, or no records at all); without it that is exit code 3.")
    boolean allowEmpty;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final IncidentFormat rendering;
        try {
            rendering = IncidentFormat.of(format);
        } catch (IllegalArgumentException e) {
            err.println("correlate: --format: " + e.getMessage());
            return 2;
        }
        for (final Path file : files) {
            final String problem = ExportReader.unreadable(file);
            if (problem != null) {
                err.println("correlate: " + problem);
                return ExitCodes.USAGE;
            }
        }
        for (final Path target : java.util.Arrays.asList(out, deadLettersOut)) {
            if (target != null && target.toAbsolutePath().getParent() != null && !Files.isDirectory(target.toAbsolutePath().getParent())) {
                err.println("correlate: cannot write " + target + ": no such directory " + target.toAbsolutePath().getParent());
                return ExitCodes.USAGE;
            }
        }
        if (timeoutSeconds <= 0) {
            err.println("correlate: --timeout must be a positive number of seconds, not " + timeoutSeconds
                    + " (from the command line)");
            return ExitCodes.USAGE;
        }
        final Map<String, Object> settings = new java.util.HashMap<>();
        final Function<Path, ExportOptions> readAs;
        try {
            // Every key and value is checked here, before a broker starts, naming the key and the layer.
            final List<Map.Entry<String, String>> flags = new java.util.ArrayList<>();
            if (timezone != null) {
                flags.add(Map.entry(CorrelatorConfig.INPUT_TIMEZONE, timezone));
            }
            final ConfigLayers layers = CommandLayers.build(Map.of(), null, Map.of(), overrides, flags);
            if (!overrides.isEmpty() || !flags.isEmpty()) {
                // Without a key of the user's there is nothing to check (the defaults are valid), and checking them
                // would load Kafka Streams' configuration before the broker starts, on the critical path of start-up.
                layers.check();
            }
            settings.putAll(layers.values());
            readAs = ExportFileOptions.of(computers, files);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            err.println("correlate: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        final FileCorrelation.Result result = new FileCorrelation(settings, Duration.ofSeconds(timeoutSeconds),
                line -> err.println("correlate: " + line), ScratchDirectory.deletedByParent()).run(files, readAs);
        try {
            if (out == null) {
                writeIncidents(spec.commandLine().getOut(), result, rendering);
                spec.commandLine().getOut().flush();
            } else {
                try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    writeIncidents(writer, result, rendering);
                }
            }
            if (deadLettersOut != null) {
                try (Writer writer = Files.newBufferedWriter(deadLettersOut, StandardCharsets.UTF_8)) {
                    for (final FileCorrelation.DeadLetter d : result.deadLetters()) {
                        writer.write(DeadLetterJson.toLine(d.value(), d.headers()));
                        writer.write('\n');
                    }
                }
            }
        } catch (IOException e) {
            err.println("correlate: cannot write results: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        final int code = Summary.print(err, "correlate", files.size(), result);
        if (code == ExitCodes.OK && result.parsed() + result.ignored() == 0 && !allowEmpty) {
            err.println("correlate: " + Summary.nothingReadable(files, result));
            return ExitCodes.NO_READABLE_RECORDS;
        }
        return code;
    }

    private static void writeIncidents(final Writer writer, final FileCorrelation.Result result, final IncidentFormat format)
            throws IOException {
        for (final Incident incident : result.incidents()) {
            writer.write(format.render(incident));
            // One record per line; the text rendering's blocks are kept apart by a blank line, as demo prints them.
            writer.write('\n');
        }
    }

    /** The stderr summary shared by correlate and demo; the exit code says whether every record is accounted for. */
    static final class Summary {

        private Summary() {
        }

        /** "no readable records in FILE (N dead-lettered; first reason: ...)". */
        static String nothingReadable(final List<Path> files, final FileCorrelation.Result r) {
            final String names = String.join(", ", files.stream().map(Path::toString).toList());
            final String firstReason = r.deadLetters().stream()
                    .map(d -> d.headers().get(io.mtacorrelator.topology.DeadLetterHeaders.REASON))
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .map(reason -> "; first reason: " + reason)
                    .orElse(r.deadLettered() == 0 ? "; the input holds no records" : "");
            return "no readable records in " + names + " (" + r.deadLettered() + " dead-lettered" + firstReason
                    + "); --allow-empty accepts that";
        }

        static int print(final PrintWriter err, final String command, final int fileCount, final FileCorrelation.Result r) {
            final Map<String, Incident> latest = new LinkedHashMap<>();
            r.incidents().forEach(i -> latest.put(i.getIncidentId(), i));
            final List<Incident> open = latest.values().stream().filter(i -> i.getStatus() != IncidentStatus.RESOLVED).toList();
            err.printf("%s: %d record(s) from %d file(s): read %d, parsed %d, ignored %d (unrelated sources), "
                            + "dead-lettered %d; %d incident(s), %d state change(s), %d still open; %.1f s%n",
                    command, r.recordsPublished(), fileCount, r.read(), r.parsed(), r.ignored(), r.deadLettered(),
                    latest.size(), r.incidents().size(), open.size(), r.elapsed().toMillis() / 1000d);
            for (final Incident i : open) {
                err.printf("%s: still open at end of input: %s %s %s -> %s (last seen %s, queue %d)%n", command,
                        i.getIncidentId(), i.getKb(), i.getMta(), i.getRemoteMta(), i.getLastSeen(),
                        i.getEvidence().getQueueLength());
            }
            if (r.read() != r.recordsPublished() || r.read() != r.parsed() + r.ignored() + r.deadLettered()) {
                err.printf("%s: record counts do not add up (published %d, read %d = parsed %d + ignored %d + dead-lettered %d): "
                        + "some records were not accounted for%n", command, r.recordsPublished(), r.read(), r.parsed(),
                        r.ignored(), r.deadLettered());
                return ExitCodes.FAILED;
            }
            return 0;
        }
    }
}
