package io.mtacorrelator.cli;

import io.mtacorrelator.BrokerReads;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.SecuredBroker;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.diagnosis.PlainCorrelation;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.topology.CorrelatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code run} and {@code replay} on a locked-down broker (SASL_SSL with SCRAM-SHA-512, TLS from a CA made by the test,
 * the standard authorizer): the README's minimum ACLs are enough, each one of them is needed and its absence is
 * named in one line, and no secret is ever printed. One broker for the class; each case has its own topics,
 * application id and grants, so cases cannot see each other's rights.
 */
class SecuredClusterIT {

    @RegisterExtension
    static final SecuredBroker BROKER = new SecuredBroker();

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final String PRINCIPAL = "User:" + SecuredBroker.APP_USER;
    /** The README's defaults, renamed per case. */
    private static final List<String> DEFAULT_TOPICS = List.of("mta.raw.eventlog", "mta.raw.perfcounters", "mta.events",
            "mta.counters", "mta.incidents", "mta.deadletter");
    private static final String DEFAULT_APPLICATION_ID = "mta-correlator";
    private static final List<String> SECRETS = List.of(SecuredBroker.APP_PASSWORD, SecuredBroker.ADMIN_PASSWORD,
            SecuredBroker.TRUSTSTORE_PASSWORD, SecuredBroker.KEYSTORE_PASSWORD, SecuredBroker.KEY_PASSWORD, "registry-user:registry-P4ss");

    private static List<String> readmeAcls;

    @BeforeAll
    static void readTheReadme() throws IOException {
        readmeAcls = minimumAclsOfTheReadme();
    }

    /** One case: its own topics and application id, the README's names mapped to them. */
    private record Case(String prefix, String applicationId) {
        static Case next() {
            final String prefix = "sec" + CASES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
            return new Case(prefix, prefix + "-app");
        }

        String topic(final String readmeName) {
            return prefix + "." + readmeName;
        }

        List<String> topics() {
            return DEFAULT_TOPICS.stream().map(this::topic).toList();
        }

        /** The topic names as configuration (the defaults being the README's names). */
        Map<String, String> topicSettings() {
            final Map<String, String> s = new LinkedHashMap<>();
            s.put("mta.topic.raw", topic("mta.raw.eventlog") + "," + topic("mta.raw.perfcounters"));
            s.put("mta.topic.events", topic("mta.events"));
            s.put("mta.topic.counters", topic("mta.counters"));
            s.put("mta.topic.incidents", topic("mta.incidents"));
            s.put("mta.topic.deadletter", topic("mta.deadletter"));
            return s;
        }

        /** A README command with this case's names. */
        String localise(final String command) {
            String out = command;
            for (final String t : DEFAULT_TOPICS) {
                out = out.replace("--topic " + t + " ", "--topic " + topic(t) + " ").replaceAll("--topic " + java.util.regex.Pattern.quote(t) + "$",
                        "--topic " + topic(t));
            }
            return out.replace(" " + DEFAULT_APPLICATION_ID + " ", " " + applicationId + " ")
                    .replaceAll(" " + DEFAULT_APPLICATION_ID + "$", " " + applicationId);
        }
    }

    static Stream<Integer> eachAclOfTheReadme() throws IOException {
        return IntStream.range(0, minimumAclsOfTheReadme().size()).boxed();
    }

    @Test
    void theReadmeListsTheMinimumAclsAndShowsTheLineRunPrints() throws IOException {
        // The list the other tests grant: a README without it would make them vacuous
        assertThat(readmeAcls).hasSizeGreaterThanOrEqualTo(6).allSatisfy(c -> assertThat(c).contains("--allow-principal " + PRINCIPAL));
        // and its example is the line run prints (checked below with a case's names) for its own incident-topic ACL
        final String incidents = readmeAcls.stream().filter(a -> a.endsWith("--topic mta.incidents")).findFirst().orElseThrow();
        assertThat(Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8))
                .contains("run: not authorised to " + expectedRight(incidents) + " as " + PRINCIPAL + " (ACL needed: " + incidents + ")");
    }

    @Test
    void replayWithoutWriteOnTheRawTopicSaysSoInOneLine(@TempDir final Path dir) throws Exception {
        // Given: the app's user, who may read the raw topics but not write them (the positive control: replay with an
        // operator's credentials publishes, in the end-to-end test above)
        final Case c = Case.next();
        createTopics(c);
        grant(c, readmeAcls);
        final Path config = SecuredBroker.propertiesFile(dir.resolve("app.properties"), withTopics(BROKER.appSettings(), c));
        final Path file = Files.write(dir.resolve("one.ndjson"), List.of(Scenario.twoFaults(Instant.parse("1999-03-01T08:00:00Z"))
                .lines().get(0).json()));

        // When
        final CliHarness replay = CliHarness.run("replay", "--config", config.toString(), "--topic", c.topic("mta.raw.eventlog"),
                file.toString());

        // Then: the topic is listed to it (it may read it), so the producer is what refuses: one line names the right
        final String raw = c.topic("mta.raw.eventlog");
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(replay.err().lines().filter(l -> l.contains("not authorised"))).as(replay.err()).containsExactly("replay: not authorised "
                + "to WRITE topic " + raw + " as " + PRINCIPAL + " (ACL needed: kafka-acls --add --allow-principal " + PRINCIPAL
                + " --operation Write --topic " + raw + ")");
        assertThat(replay.err()).doesNotContain("\tat ").doesNotContain("published 1 record");
        assertNoSecret(replay.out() + replay.err());
    }

    @Test
    void benchRunsOverSaslSslWithTheSameSettingsAndAWrongPasswordIsOneLine(@TempDir final Path dir) throws Exception {
        // Given an operator's settings for the SASL_SSL listener (the bench creates and deletes its own topics), and the
        // same settings with a wrong password (the negative case)
        final Map<String, String> operator = BROKER.clientSettings(SecuredBroker.ADMIN_USER, SecuredBroker.ADMIN_PASSWORD);
        final Path config = SecuredBroker.propertiesFile(dir.resolve("operator.properties"), operator);
        final Map<String, String> wrong = BROKER.clientSettings(SecuredBroker.ADMIN_USER, "not-" + SecuredBroker.ADMIN_PASSWORD);
        final Path wrongConfig = SecuredBroker.propertiesFile(dir.resolve("wrong.properties"), wrong);
        final String[] tiny = {"--records", "2700", "--mtas", "3", "--connections", "2", "--partitions", "2", "--rate", "2000",
                "--latency-seconds", "1", "--no-profile"};

        // When the bench runs a tiny estate on that listener, with each
        final List<String> args = new java.util.ArrayList<>(List.of("bench", "--bootstrap-servers", BROKER.securedBootstrapServers(),
                "--config", config.toString()));
        args.addAll(List.of(tiny));
        final CliHarness bench = CliHarness.run(args.toArray(String[]::new));
        args.set(4, wrongConfig.toString());
        final CliHarness refused = CliHarness.run(args.toArray(String[]::new));

        // Then it completes every phase over SASL_SSL (its clients have the security settings), and prints no secret
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        assertThat(bench.out().strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("bench: correlator/pass-through=")
                .contains("found=");
        assertNoSecret(bench.out() + bench.err());
        // and with the wrong password it stops with one line saying so, without a stack trace
        assertThat(refused.exitCode()).as(refused.err()).isNotZero();
        assertThat(refused.err()).doesNotContain("\tat ");
        assertThat(refused.err().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("authentication")))
                .as(refused.err()).hasSize(1).allMatch(l -> l.startsWith("bench: "));
        assertNoSecret(refused.out() + refused.err());
    }

    @Test
    void withTheReadmesAclsRunAndReplayWorkOverSaslSslAndNoSecretIsPrinted(@TempDir final Path dir) throws Exception {
        // Given: a case's topics, and exactly the README's ACLs for the app's user
        final Case c = Case.next();
        createTopics(c);
        grant(c, readmeAcls);
        final Scenario s = Scenario.twoFaults(Instant.parse("1999-03-01T08:00:00Z"));
        final List<Incident> expected = PlainCorrelation.run(s.lines());
        assertThat(expected).isNotEmpty();
        final Path events = Files.write(dir.resolve("winlogbeat.ndjson"), s.lines().stream()
                .filter(l -> l.topic().equals(Scenario.EVENTLOG_TOPIC)).map(Scenario.Line::json).toList());
        final Path counters = Files.write(dir.resolve("telegraf.ndjson"), s.lines().stream()
                .filter(l -> l.topic().equals(Scenario.COUNTERS_TOPIC)).map(Scenario.Line::json).toList());

        // When: run as its own process, the SASL password from the environment and the rest from its config file
        final Map<String, String> settings = BROKER.appSettings();
        final String jaas = settings.remove("sasl.jaas.config");
        final Path config = SecuredBroker.propertiesFile(dir.resolve("app.properties"), withTopics(settings, c));
        final Map<String, String> environment = new LinkedHashMap<>(kafkaLogsAtInfo(dir));
        environment.put("KAFKA_SASL_JAAS_CONFIG", jaas);
        environment.put("MTA_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "registry-user:registry-P4ss");
        try (JarProcess run = JarProcess.start(dir, environment, "run", "--config", config.toString(), "--application-id", c.applicationId(),
                "--state-dir", dir.resolve("state").toString(), "--set", "commit.interval.ms=200")) {
            await().atMost(JarProcess.CEILING).until(() -> run.err().contains("-> RUNNING") || !run.isAlive());
            assertThat(run.isAlive()).as(run.err()).isTrue();

            // and replay publishes the morning over the same listener, with an operator's credentials (the app's
            // user may not write the raw topics): its layers carry the security settings as run's do
            final Map<String, String> operator = BROKER.clientSettings(SecuredBroker.ADMIN_USER, SecuredBroker.ADMIN_PASSWORD);
            final Path operatorConfig = SecuredBroker.propertiesFile(dir.resolve("operator.properties"), withTopics(operator, c));
            final CliHarness replay = CliHarness.runWith(Map.of(), "replay", "--config", operatorConfig.toString(), "--end-of-input",
                    events.toString(), counters.toString());
            assertThat(replay.exitCode()).as(replay.err()).isZero();
            assertThat(replay.err()).contains("replay: published " + s.lines().size() + " record(s) from 2 file(s) to "
                    + c.topic("mta.raw.eventlog"));

            // Then: the incidents are those of the plain correlation of the same morning
            final List<String> expectedIds = expected.stream().map(i -> i.getIncidentId() + " " + i.getStatus()).sorted().toList();
            await().atMost(BrokerReads.CEILING).until(() -> incidents(c).size() >= expectedIds.size() || !run.isAlive());
            assertThat(incidents(c)).as(run.err()).isEqualTo(expectedIds);

            // and it stops cleanly
            assertThat(run.stop()).as(run.err()).isZero();

            // and nothing printed holds a secret, though the settings were printed (Kafka logs its client configs)
            final String printed = run.out() + run.err() + replay.out() + replay.err();
            assertThat(printed).contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.location = " + settings.get("ssl.truststore.location"));
            assertNoSecret(printed);
        }
    }

    @ParameterizedTest(name = "without README ACL #{0}")
    @MethodSource("eachAclOfTheReadme")
    void withoutOneAclRunStopsWithOneLineNamingIt(final int left, @TempDir final Path dir) throws Exception {
        // Given: every ACL of the README but one
        final Case c = Case.next();
        createTopics(c);
        final List<String> granted = new ArrayList<>(readmeAcls);
        final String missing = c.localise(granted.remove(left));
        grant(c, granted);
        final Path config = SecuredBroker.propertiesFile(dir.resolve("app.properties"), withTopics(BROKER.appSettings(), c));

        // When
        final CliHarness run = CliHarness.run("run", "--config", config.toString(), "--application-id", c.applicationId(),
                "--state-dir", dir.resolve("state").toString());

        // Then: it does not start; one line names the first right the missing ACL gave, its resource and the ACL
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err().strip()).isEqualTo("run: not authorised to " + expectedRight(missing) + " as " + PRINCIPAL
                + " (ACL needed: " + missing + ")");
        assertNoSecret(run.out() + run.err());
    }

    @Test
    void anAclWithdrawnWhileRunningStopsTheApplicationWithTheLineNamingIt(@TempDir final Path dir) throws Exception {
        // Given: run's code path (layered configuration, CorrelatorApp) with the README's ACLs, running
        final Case c = Case.next();
        createTopics(c);
        grant(c, readmeAcls);
        final Map<String, String> settings = withTopics(BROKER.appSettings(), c);
        settings.put("application.id", c.applicationId());
        settings.put("state.dir", dir.resolve("state").toString());
        final CorrelatorConfig config = new ConfigLayers().layer("the test", settings).build();
        final String rawEventlog = c.topic("mta.raw.eventlog");
        try (CorrelatorApp app = CorrelatorApp.start(config, null, false)) {
            await().atMost(BrokerReads.CEILING).until(() -> app.state() == KafkaStreams.State.RUNNING || app.failure().isPresent());
            assertThat(app.failure()).isEmpty();

            // When: the administrator withdraws the read on one raw topic
            try (Admin admin = BROKER.admin()) {
                admin.deleteAcls(bindings(c.localise(readmeAcls.stream().filter(a -> a.endsWith("--topic mta.raw.eventlog")).findFirst()
                        .orElseThrow())).stream().map(AclBinding::toFilter).toList()).all().get(2, TimeUnit.MINUTES);
            }

            // Then: the stream thread's failure stops it (exit code 1), as the one line that names the right
            await().atMost(BrokerReads.CEILING).until(() -> app.failure().isPresent());
            assertThat(app.awaitTermination()).isEqualTo(1);
            assertThat(Errors.oneLine(app.failure().orElseThrow())).isEqualTo("not authorised to READ topic " + rawEventlog + " as "
                    + PRINCIPAL + " (ACL needed: kafka-acls --add --allow-principal " + PRINCIPAL + " --operation Read --topic "
                    + rawEventlog + ")");
        }
    }

    @Test
    void aFailingRunAsItsOwnProcessPrintsNoSecretEither(@TempDir final Path dir) throws Exception {
        // Given: the README's ACLs but the incident topic's
        final Case c = Case.next();
        createTopics(c);
        grant(c, readmeAcls.stream().filter(a -> !a.contains("--topic mta.incidents")).toList());
        final Path config = SecuredBroker.propertiesFile(dir.resolve("app.properties"), withTopics(BROKER.appSettings(), c));

        // When
        final JarProcess run = JarProcess.run(dir, kafkaLogsAtInfo(dir), "run", "--config", config.toString(), "--application-id", c.applicationId());

        // Then: the one line on stderr, and no secret in anything printed (the logged client configs included)
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("run: not authorised to WRITE topic " + c.topic("mta.incidents") + " as " + PRINCIPAL);
        assertThat(run.out() + run.err()).contains("[hidden]");
        assertNoSecret(run.out() + run.err());
    }

    @Test
    void helpShowsNoSecretFromTheEnvironment() {
        // Given: secrets in the environment layer
        final Map<String, String> environment = Map.of("KAFKA_SSL_TRUSTSTORE_PASSWORD", SecuredBroker.TRUSTSTORE_PASSWORD,
                "MTA_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "registry-user:registry-P4ss");
        for (final String command : List.of("run", "replay", "bench")) {
            // When
            final CliHarness help = CliHarness.runWith(environment, command, "--help");

            // Then: help is printed (the positive control), without them
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("--config");
            assertNoSecret(help.out() + help.err());
        }
    }

    /** The {@code kafka-acls --add} lines of the README's Security section. */
    private static List<String> minimumAclsOfTheReadme() throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        final int start = lines.indexOf("## Security");
        assertThat(start).as("README has a Security section").isNotNegative();
        final List<String> acls = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).startsWith("kafka-acls --add ")) {
                acls.add(lines.get(i).strip());
            }
        }
        return acls;
    }

    /**
     * "READ topic X", "READ/WRITE topic Y", "CREATE topics prefixed Z (the internal topics)": on a topic of ours, every
     * operation the command grants (all of them are missing); under the internal prefix, the first, which the
     * start-up check meets first (a validate-only creation).
     */
    private static String expectedRight(final String command) {
        final List<String> words = List.of(command.split(" "));
        final List<String> ops = IntStream.range(0, words.size() - 1).filter(i -> words.get(i).equals("--operation"))
                .mapToObj(i -> words.get(i + 1).toUpperCase(Locale.ROOT)).toList();
        final boolean internal = command.contains("--topic") && command.contains("--resource-pattern-type prefixed");
        final String op = internal ? ops.get(0) : String.join("/", ops);
        final boolean prefixed = command.contains("--resource-pattern-type prefixed");
        for (final String type : List.of("topic", "group", "transactional-id")) {
            final int at = words.indexOf("--" + type);
            if (at >= 0) {
                final String name = words.get(at + 1);
                return switch (type) {
                    case "topic" -> op + (prefixed ? " topics prefixed " + name + " (the internal topics)" : " topic " + name);
                    case "group" -> op + " group " + name;
                    default -> op + " transactional id prefixed " + name;
                };
            }
        }
        throw new AssertionError("no resource in " + command);
    }

    /**
     * The jar's logging with Kafka's own at INFO, where its clients print their whole configuration: the output a
     * secret would most likely leak into (the jar's default keeps Kafka at ERROR).
     */
    private static Map<String, String> kafkaLogsAtInfo(final Path dir) throws IOException {
        final Path file = dir.resolve("log4j2-kafka-info.xml");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN" shutdownHook="disable">
                  <Appenders><Console name="stderr" target="SYSTEM_ERR"><PatternLayout pattern="%-5level [%c{1}] %msg%n"/></Console></Appenders>
                  <Loggers><Root level="INFO"><AppenderRef ref="stderr"/></Root></Loggers>
                </Configuration>
                """, StandardCharsets.UTF_8);
        return Map.of("JAVA_TOOL_OPTIONS", "-Dlog4j2.configurationFile=" + file);
    }

    private static void assertNoSecret(final String printed) {
        for (final String secret : SECRETS) {
            assertThat(printed).as("printed output holds no secret").doesNotContain(secret);
        }
    }

    private static Map<String, String> withTopics(final Map<String, String> settings, final Case c) {
        final Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(c.topicSettings());
        return all;
    }

    private static void createTopics(final Case c) throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(c.topics().stream().map(t -> new NewTopic(t, Optional.of(1), Optional.empty())
                    .configs(Map.of("retention.ms", "-1"))).toList()).all().get(2, TimeUnit.MINUTES);
        }
    }

    /** Grants the README commands (with this case's names) as the administrator, and waits until they are in force. */
    private static void grant(final Case c, final List<String> commands) throws Exception {
        final List<AclBinding> bindings = new ArrayList<>();
        commands.forEach(command -> bindings.addAll(bindings(c.localise(command))));
        try (Admin admin = BROKER.admin()) {
            admin.createAcls(bindings).all().get(2, TimeUnit.MINUTES);
            await().atMost(BrokerReads.CEILING).until(() -> admin.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values()
                    .get().containsAll(bindings));
        }
    }

    /** A {@code kafka-acls --add} command as the bindings it creates. */
    static List<AclBinding> bindings(final String command) {
        final List<String> words = List.of(command.split(" "));
        String principal = null;
        final List<AclOperation> ops = new ArrayList<>();
        ResourceType type = null;
        String name = null;
        PatternType pattern = PatternType.LITERAL;
        for (int i = 0; i < words.size(); i++) {
            switch (words.get(i)) {
                case "--allow-principal" -> principal = words.get(++i);
                case "--operation" -> ops.add(AclOperation.fromString(words.get(++i).toUpperCase(Locale.ROOT)));
                case "--topic" -> { type = ResourceType.TOPIC; name = words.get(++i); }
                case "--group" -> { type = ResourceType.GROUP; name = words.get(++i); }
                case "--transactional-id" -> { type = ResourceType.TRANSACTIONAL_ID; name = words.get(++i); }
                case "--cluster" -> { type = ResourceType.CLUSTER; name = "kafka-cluster"; }
                case "--resource-pattern-type" -> pattern = PatternType.fromString(words.get(++i).toUpperCase(Locale.ROOT));
                default -> { }
            }
        }
        assertThat(principal).as(command).isNotNull();
        assertThat(type).as(command).isNotNull();
        final ResourcePattern resource = new ResourcePattern(type, name, pattern);
        final String p = principal;
        return ops.stream().map(op -> new AclBinding(resource, new AccessControlEntry(p, "*", op, AclPermissionType.ALLOW))).toList();
    }

    /** The incident topic's state changes as "id status", sorted, read over the broker's own listener. */
    private static List<String> incidents(final Case c) {
        final io.mtacorrelator.topology.Topics topics = new io.mtacorrelator.topology.Topics(
                new io.mtacorrelator.topology.CorrelatorConfig(withTopics(Map.of("bootstrap.servers", "x:1", "application.id", "x"), c)),
                new io.mtacorrelator.topology.PlainAvroSerdes());
        return BrokerReads.readToEnd(BROKER.plaintextBootstrapServers(), topics.incidents.name(), topics.incidents.valueSerde().deserializer())
                .stream().map(r -> r.value().getIncidentId() + " " + r.value().getStatus()).sorted().toList();
    }
}
