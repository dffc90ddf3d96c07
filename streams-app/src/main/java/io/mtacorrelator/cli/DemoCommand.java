package io.mtacorrelator.cli;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentText;
import io.mtacorrelator.runtime.FileCorrelation;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Starts a real Kafka broker (KRaft) in this process on loopback, plays a bundled morning of an Exchange "
                        + "MTA's event log and counters (a healthy period, a Q181721 episode to EXCH2, the self-recovery "
                        + "at the 50-message threshold), runs the correlation topology and prints each incident.",
                "Needs nothing but Java 17; the broker and its data are gone when the demo ends."},
        footer = {"", "Example:", "  java -jar mta-correlator.jar demo"})
final class DemoCommand implements Callable<Integer> {

    static final String SCENARIO = "/scenarios/q181721-episode.ndjson";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path scenario = Files.createTempFile("mta-demo-", ".ndjson");
        try {
            try (InputStream in = DemoCommand.class.getResourceAsStream(SCENARIO)) {
                if (in == null) {
                    throw new IOException("the bundled scenario " + SCENARIO + " is missing from the jar");
                }
                Files.copy(in, scenario, StandardCopyOption.REPLACE_EXISTING);
            }
            out.println("mta-correlator demo: EXCH1 sends to EXCH2 and EXCH3, 1999-03-01 08:00-09:40 UTC.");
            out.println("Shipped as Winlogbeat 8 (Application log) and Telegraf win_perf_counters (MSExchangeMTA Connections).");
            out.println();
            out.flush();
            final FileCorrelation.Result result = new FileCorrelation(Map.of(), Duration.ofMinutes(5),
                    line -> err.println("demo: " + line), ScratchDirectory.deletedByParent()).run(List.of(scenario));
            for (final Incident incident : result.incidents()) {
                out.println(IncidentText.render(incident));
            }
            out.flush();
            final int code = CorrelateCommand.Summary.print(err, "demo", 1, result);
            if (result.incidents().stream().noneMatch(i -> "Q181721".equals(i.getKb()))) {
                err.println("demo: no Q181721 incident was reported; the demo did not show what it should");
                return 1;
            }
            return code;
        } finally {
            Files.deleteIfExists(scenario);
        }
    }
}
