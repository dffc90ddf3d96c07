package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.EmbeddedKafka;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a real single-node Kafka broker (KRaft, broker and controller in one) in this process, on "
                        + "127.0.0.1 only, so that run, replay, incidents and reset can be tried on a laptop without "
                        + "Docker. Its data (topics, committed offsets) is kept in --data-dir across restarts.",
                "Prints the bootstrap address when it is ready; stops cleanly on SIGTERM/Ctrl-C.",
                "For trying things out: one node, no replication, no security. Production runs against your cluster."},
        footer = {"", "Example (the README's walkthrough without Docker):",
                "  java -jar mta-correlator.jar broker --data-dir /tmp/mta-kafka",
                "  java -jar mta-correlator.jar run --bootstrap-servers 127.0.0.1:9092 \\",
                "    --create-topics --state-dir /tmp/mta-state"})
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", required = true,
            description = "Where the broker keeps its data; created and formatted the first time, reused after.")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            err.println("broker: --port must be between 0 and 65535, not " + port);
            return ExitCodes.USAGE;
        }
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            err.println("broker: --data-dir " + dataDir + " is a file, not a directory");
            return ExitCodes.USAGE;
        }
        err.println("broker: starting on 127.0.0.1:" + (port == 0 ? "<any free port>" : port) + " with data in " + dataDir);
        final EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.startKeeping(dataDir, port);
        } catch (EmbeddedKafka.PortTakenException e) {
            err.println("broker: " + e.getMessage() + " (another broker running? choose another with --port)");
            return ExitCodes.USAGE;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("broker: stopping");
            kafka.close();
            System.err.println("broker: stopped; data kept in " + dataDir);
            System.err.flush();
            stopped.countDown();
            // A stop that was asked for is a success: exit 0, not the JVM's 143 for SIGTERM.
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "mta-broker-shutdown"));
        // The address on stdout, alone on its line, for scripts; the rest is progress on stderr.
        out.println(kafka.bootstrapServers());
        out.flush();
        err.println("broker: ready; bootstrap servers " + kafka.bootstrapServers() + " (Ctrl-C to stop)");
        err.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
