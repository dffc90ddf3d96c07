package io.mtacorrelator.cli;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.DeadLetterJson;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.runtime.TopicReader;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.DeadLetterHeaders;
import io.mtacorrelator.topology.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

@Command(name = "incidents",
        mixinStandardHelpOptions = true,
        description = {
                "Prints the incidents the correlator (run) has written, from the beginning of the incident topic, "
                        + "committed records only (read_committed); with --follow it keeps printing new ones until "
                        + "Ctrl-C. Reads the topic as run writes it: Avro through the schema registry when "
                        + "mta.schema.registry.url is set, plain Avro otherwise, or JSON (mta.incident.format=json).",
                "With --dead-letters it prints the dead-letter topic instead: each record that could not be read, "
                        + "with its headers (reason, parser, origin) and the original bytes.",
                "Configuration layers as for run (--config FILE, KAFKA_*/MTA_* environment, --set). Joins no "
                        + "consumer group and commits nothing."},
        footer = {"", "Examples:",
                "  java -jar mta-correlator.jar incidents --bootstrap-servers 127.0.0.1:9092",
                "  java -jar mta-correlator.jar incidents --bootstrap-servers 127.0.0.1:9092 \\",
                "    --format json --follow",
                "  java -jar mta-correlator.jar incidents --bootstrap-servers 127.0.0.1:9092 \\",
                "    --dead-letters"})
final class IncidentsCommand extends ClusterCommand implements Callable<Integer> {

    private static final Map<String, String> DEFAULTS = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "mta-correlator");

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = IncidentFormats.Names.class,
            description = "How each incident is printed: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; text is the "
                    + "demo's rendering, json the objects correlate writes).")
    String format;

    @Option(names = "--follow", description = "Keep reading new records until Ctrl-C/SIGTERM instead of stopping at the end.")
    boolean follow;

    @Option(names = "--dead-letters", description = "Read the dead-letter topic (mta.topic.deadletter) instead of the incidents.")
    boolean deadLetters;


    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Function<Incident, String> rendering = IncidentFormats.all().get(format);
        if (rendering == null) {
            err.println("incidents: unknown --format " + format + "; known: " + String.join(", ", IncidentFormats.all().keySet()));
            return ExitCodes.USAGE;
        }
        final CorrelatorConfig config = cluster.configOrReport("incidents", err, DEFAULTS, List.of());
        if (config == null) {
            return ExitCodes.USAGE;
        }
        final String topic = deadLetters ? config.getString(CorrelatorConfig.TOPIC_DEAD_LETTER)
                : config.getString(CorrelatorConfig.TOPIC_INCIDENTS);
        final String problem = checkTopic(config, topic);
        if (problem != null) {
            err.println("incidents: " + problem);
            return ExitCodes.USAGE;
        }
        final boolean jsonOnTopic = "json".equals(config.getString(CorrelatorConfig.INCIDENT_FORMAT));
        if (!deadLetters && jsonOnTopic && !"json".equals(format)) {
            err.println("incidents: the incident topic carries JSON (mta.incident.format=json): read it with --format json");
            return ExitCodes.USAGE;
        }
        final Deserializer<Incident> values = jsonOnTopic ? null
                : new Topics(config, CorrelatorApp.serdesFor(config)).incidents.valueSerde().deserializer();
        final AtomicLong unreadable = new AtomicLong();
        final AtomicReference<String> firstProblem = new AtomicReference<>();
        final long count;
        try (TopicReader reader = new TopicReader(
                ClusterOptions.clientProperties(config, ConsumerConfig.configNames(), "consumer."), topic)) {
            final CountDownLatch done = new CountDownLatch(1);
            final Thread hook = new Thread(() -> {
                reader.wakeup();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.flush();
                System.err.println("incidents: stopped");
                System.err.flush();
                // Stopping a --follow is how it ends: exit 0, not the JVM's 143 for SIGTERM.
                Runtime.getRuntime().halt(ExitCodes.OK);
            }, "mta-incidents-shutdown");
            if (follow) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            try {
                count = reader.read(follow, record -> {
                    try {
                        out.println(deadLetters ? deadLetter(record)
                                : jsonOnTopic ? new String(record.value(), StandardCharsets.UTF_8)
                                : rendering.apply(values.deserialize(record.topic(), record.headers(), record.value())));
                        out.flush();
                    } catch (RuntimeException e) {
                        unreadable.incrementAndGet();
                        firstProblem.compareAndSet(null, "partition " + record.partition() + " offset " + record.offset()
                                + ": " + Errors.oneLine(e));
                    }
                });
            } finally {
                done.countDown();
            }
            if (follow) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is stopping the reading.
                }
            }
        }
        err.println("incidents: " + count + " record(s) read from " + topic
                + (unreadable.get() == 0 ? "" : "; " + unreadable.get() + " could not be read (first: " + firstProblem.get() + ")"));
        return unreadable.get() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private String deadLetter(final ConsumerRecord<byte[], byte[]> record) {
        final Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
        final String json = DeadLetterJson.toLine(record.value(), headers);
        if ("json".equals(format)) {
            return json;
        }
        final StringBuilder b = new StringBuilder("== DEAD LETTER  ").append(headers.getOrDefault(DeadLetterHeaders.REASON, "(no reason)"))
                .append("\n   at:       ").append(record.topic()).append(" partition ").append(record.partition())
                .append(" offset ").append(record.offset()).append('\n');
        headers.forEach((k, v) -> {
            if (!DeadLetterHeaders.REASON.equals(k)) {
                b.append("   ").append(k).append(": ").append(v).append('\n');
            }
        });
        final String text = DeadLetterJson.text(record.value());
        b.append("   value:    ").append(record.value() == null ? "(none)" : text != null ? text
                : "(not UTF-8; " + record.value().length + " bytes, shown in Base64 by --format json)").append('\n');
        return b.toString();
    }

    /** One line saying why the topic cannot be read (cluster unreachable, topic missing), or null. */
    private static String checkTopic(final CorrelatorConfig config, final String topic) throws InterruptedException {
        final long timeout = config.getLong(CorrelatorConfig.STARTUP_TIMEOUT_MS);
        final String bootstrap = config.streamsProperties().getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(CorrelatorApp.adminProperties(config.streamsProperties(), timeout))) {
            final Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            return existing.contains(topic) ? null
                    : "no topic " + topic + " on " + bootstrap + " (has run been started with --create-topics?)";
        } catch (TimeoutException | ExecutionException | org.apache.kafka.common.KafkaException e) {
            return "cannot reach Kafka at " + bootstrap + " within " + timeout / 1000 + " s"
                    + (e instanceof ExecutionException && e.getCause() != null ? ": " + e.getCause().getMessage() : "");
        }
    }
}
