package io.mtacorrelator.registry;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.cli.MtaCorrelatorCli;
import io.mtacorrelator.runtime.ConfigLayers;
import io.mtacorrelator.runtime.CorrelatorApp;
import io.mtacorrelator.topology.CorrelatorConfig;
import io.mtacorrelator.topology.RegistryAvroSerdes;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry as run and register-schemas meet it, against a stub answering as Confluent's documentation shows: the
 * registry keys reach the serde, a start fails with one line before touching Kafka when the registry lacks the
 * pre-registered schemas or cannot be reached, register-schemas is the deploy step that registers them, and the
 * credentials stay out of every message and every shown configuration.
 */
class RegistryStartupTest {

    private static final String SECRET = "s3cret-Pa55-registry";

    @RegisterExtension
    static final ConfluentRegistryStub stub = new ConfluentRegistryStub();

    /** run's configuration with an unreachable cluster (nothing listens on port 1) and this registry. */
    private static CorrelatorConfig config(final String registryUrl, final boolean autoRegister) {
        return new ConfigLayers().layer("the test", Map.of(
                        "bootstrap.servers", "127.0.0.1:1",
                        "application.id", "mta-registry-startup",
                        CorrelatorConfig.STARTUP_TIMEOUT_MS, "1000"))
                .environment(Map.of("MTA_SCHEMA_REGISTRY_URL", registryUrl,
                        "MTA_SCHEMA_REGISTRY_AUTO_REGISTER", String.valueOf(autoRegister),
                        "MTA_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "correlator:" + SECRET))
                .build();
    }

    @Test
    void aStartWithoutThePreRegisteredSchemasFailsWithOneLineBeforeKafka() {
        // Given: auto-registration off, and a registry without the events subject
        stub.hasNoSubject("mta.events-value");
        final CorrelatorConfig config = config(stub.url(), false);

        // When / Then: one line naming the subject, the code and the deploy step (not "cannot reach Kafka")
        assertThatThrownBy(() -> CorrelatorApp.start(config, null, false))
                .isInstanceOf(CorrelatorApp.StartupException.class)
                .hasMessage("cannot look up the latest version of subject mta.events-value: the schema registry at " + stub.url()
                        + " answered error 40401 (HTTP 404): Subject 'mta.events-value' not found.; "
                        + "mta.schema.registry.auto.register is false, so the schemas must be registered beforehand: run "
                        + "'register-schemas' with this configuration");
        stub.server().verify(0, postRequestedFor(urlPathEqualTo("/subjects/mta.events-value/versions")));
    }

    @Test
    void aStartWithThePreRegisteredSchemasGetsPastTheRegistry() {
        // Given: (the positive control of the test above) every subject's latest version is this build's schema
        stub.latestIs("mta.events-value", 1, 1, MtaEvent.getClassSchema());
        stub.latestIs("mta.counters-value", 1, 2, CounterSample.getClassSchema());
        stub.latestIs("mta.incidents-value", 1, 3, Incident.getClassSchema());
        final CorrelatorConfig config = config(stub.url(), false);

        // When / Then: the start goes on to the cluster, which is not there
        assertThatThrownBy(() -> CorrelatorApp.start(config, null, false))
                .isInstanceOf(CorrelatorApp.StartupException.class)
                .hasMessageStartingWith("cannot reach Kafka at 127.0.0.1:1");
        assertThat(CorrelatorApp.serdesFor(config)).isInstanceOfSatisfying(RegistryAvroSerdes.class,
                s -> assertThat(s.autoRegister()).isFalse());
    }

    @Test
    void anUnreachableRegistryStopsTheStartWithOneLineNamingItsUrlAndNotTheCredentials() throws Exception {
        // Given: a registry URL nothing listens on
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final CorrelatorConfig config = config("http://127.0.0.1:" + port, true);

        // When / Then
        assertThatThrownBy(() -> CorrelatorApp.start(config, null, false))
                .isInstanceOf(CorrelatorApp.StartupException.class)
                .hasMessageStartingWith("cannot register the schema io.mtacorrelator.avro.MtaEvent under subject mta.events-value: "
                        + "cannot connect to the schema registry at http://127.0.0.1:" + port)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n"));
    }

    @Test
    void registryCredentialsAreHiddenInTheConfigurationAndInConflictMessages(@TempDir final Path dir) throws Exception {
        // Given: run's configuration with the registry's user info and store passwords
        final CorrelatorConfig config = new ConfigLayers().layer("the test", Map.of(
                "bootstrap.servers", "127.0.0.1:1",
                "application.id", "mta-registry-secrets",
                CorrelatorConfig.SCHEMA_REGISTRY_URL, stub.url(),
                CorrelatorConfig.SCHEMA_REGISTRY_USER_INFO, "correlator:" + SECRET,
                CorrelatorConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, "/etc/trust.p12",
                CorrelatorConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, SECRET + "-trust",
                CorrelatorConfig.SCHEMA_REGISTRY_KEY_PASSWORD, SECRET + "-key")).build();

        // When: the configuration and the registry settings are shown as text
        final String shown = config.values() + " " + config.registrySettings();

        // Then: the values are there, hidden; (control) the URL and the store's file are shown
        assertThat(shown).doesNotContain(SECRET).contains("[hidden]").contains(stub.url()).contains("/etc/trust.p12");
        assertThat(config.registrySettings().userInfo().value()).isEqualTo("correlator:" + SECRET);

        // When: a properties file gives the user info twice with different values
        final Path file = Files.writeString(dir.resolve("run.properties"),
                CorrelatorConfig.SCHEMA_REGISTRY_USER_INFO + "=a:" + SECRET + "\n"
                        + CorrelatorConfig.SCHEMA_REGISTRY_USER_INFO + "=b:" + SECRET + "2\n"
                        + CorrelatorConfig.TOPIC_EVENTS + "=one\n" + CorrelatorConfig.TOPIC_EVENTS + "=two\n");

        // Then: the conflict is named without the values; (control) a non-secret conflict shows its values
        assertThatThrownBy(() -> new ConfigLayers().file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(CorrelatorConfig.SCHEMA_REGISTRY_USER_INFO + " is given twice in file " + file
                        + " with different values (not shown: it is a secret)");
        final Path plain = Files.writeString(dir.resolve("plain.properties"),
                CorrelatorConfig.TOPIC_EVENTS + "=one\n" + CorrelatorConfig.TOPIC_EVENTS + "=two\n");
        assertThatThrownBy(() -> new ConfigLayers().file(plain)).hasMessageEndingWith("('one' and 'two')");
        assertThat(ConfigLayers.isSecret("producer.ssl.keystore.password")).isTrue();
        assertThat(ConfigLayers.isSecret(CorrelatorConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD)).isTrue();
        assertThat(ConfigLayers.isSecret(CorrelatorConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION)).isFalse();
    }

    @Test
    void registerSchemasRegistersEachSubjectAndPrintsItsVersionAndId() {
        // Given: a registry without the subjects yet (compatibility check: 40401), that registers and finds them
        final Map<String, org.apache.avro.Schema> schemas = Map.of("mta.events-value", MtaEvent.getClassSchema(),
                "mta.counters-value", CounterSample.getClassSchema(), "mta.incidents-value", Incident.getClassSchema());
        final Map<String, Integer> ids = Map.of("mta.events-value", 11, "mta.counters-value", 12, "mta.incidents-value", 13);
        schemas.forEach((subject, schema) -> {
            stub.hasNoSubject(subject);
            stub.registers(subject, ids.get(subject));
            stub.looksUp(subject, 1, ids.get(subject), schema);
        });

        // When
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = MtaCorrelatorCli.execute(new PrintWriter(out), new PrintWriter(err, true), environment(), "register-schemas");

        // Then
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "mta.events-value: io.mtacorrelator.avro.MtaEvent is version 1, id 11",
                "mta.counters-value: io.mtacorrelator.avro.CounterSample is version 1, id 12",
                "mta.incidents-value: io.mtacorrelator.avro.Incident is version 1, id 13");
        schemas.keySet().forEach(subject -> stub.server().verify(1, postRequestedFor(urlPathEqualTo("/subjects/" + subject + "/versions"))));
    }

    @Test
    void registerSchemasRegistersNothingWhenASubjectRefusesItsSchema() {
        // Given: the counters subject calls its schema incompatible; the others would take theirs
        stub.judgesCompatible("mta.events-value", true);
        stub.judgesCompatible("mta.counters-value", false, "READER_FIELD_MISSING_DEFAULT_VALUE: probe");
        stub.judgesCompatible("mta.incidents-value", true);

        // When
        final StringWriter err = new StringWriter();
        final int code = MtaCorrelatorCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), environment(),
                "register-schemas", "--dry-run");
        final int real = MtaCorrelatorCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter(), true),
                environment(), "register-schemas");

        // Then: one line naming subject, registry and reason; exit 1; nothing registered
        assertThat(code).isEqualTo(1);
        assertThat(real).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("register-schemas: subject mta.counters-value at " + stub.url() + " refuses "
                + "io.mtacorrelator.avro.CounterSample as incompatible with its latest version: "
                + "READER_FIELD_MISSING_DEFAULT_VALUE: probe" + System.lineSeparator());
        assertThat(err.toString()).doesNotContain(SECRET);
        stub.server().verify(0, postRequestedFor(urlPathEqualTo("/subjects/mta.events-value/versions")));
        // (control: the command did ask the registry, with the credentials it was given)
        stub.server().verify(4, anyRequestedFor(anyUrl()).withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials("correlator", SECRET)));
    }

    @Test
    void registerSchemasWithoutARegistryIsAUsageError() {
        final StringWriter err = new StringWriter();
        final int code = MtaCorrelatorCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), Map.of(),
                "register-schemas");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("register-schemas: no schema registry given: set mta.schema.registry.url");
    }

    private static Map<String, String> environment() {
        final Map<String, String> env = new HashMap<>();
        env.put("MTA_SCHEMA_REGISTRY_URL", stub.url());
        env.put("MTA_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "correlator:" + SECRET);
        return env;
    }
}
