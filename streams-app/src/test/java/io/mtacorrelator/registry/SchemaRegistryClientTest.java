package io.mtacorrelator.registry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.mtacorrelator.avro.Incident;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Confluent REST API client against a stub that answers as Confluent's API reference shows: what it sends
 * (paths, content type, the schema body, basic auth), what it caches, and the one line each failure becomes.
 */
class SchemaRegistryClientTest {

    private static final String SUBJECT = "mta.incidents-value";
    private static final Schema SCHEMA = Incident.getClassSchema();
    private static final String USER_INFO = "svc-correlator:s3cret-Pa55";

    @RegisterExtension
    static final ConfluentRegistryStub stub = new ConfluentRegistryStub();

    private static SchemaRegistryClient client() {
        return new SchemaRegistryClient(RegistrySettings.of(stub.url()));
    }

    @Test
    void registersWithTheConfluentContentTypeAndBasicAuthAndAsksOnceForTheSameSchema() {
        // Given: a registry that gives the subject's schema id 21, and a client with user info
        stub.registers(SUBJECT, 21);
        final SchemaRegistryClient client = new SchemaRegistryClient(RegistrySettings.of(stub.url())
                .withUserInfo(new Password(USER_INFO)));

        // When: the same schema is registered twice, and its id is asked for by id
        final int first = client.register(SUBJECT, SCHEMA);
        final int second = client.register(SUBJECT, SCHEMA);
        final Schema byId = client.schemaById(21);

        // Then: the registry's id both times, from one request that carried the schema and the credentials
        assertThat(first).isEqualTo(21);
        assertThat(second).isEqualTo(21);
        assertThat(byId).isEqualTo(SCHEMA);
        final String basic = "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
        stub.server().verify(1, postRequestedFor(urlPathEqualTo("/subjects/" + SUBJECT + "/versions"))
                .withHeader("Content-Type", equalTo(ConfluentRegistryStub.CONTENT_TYPE))
                .withHeader("Authorization", equalTo(basic))
                .withRequestBody(equalToJson("{\"schema\":" + quoted(SCHEMA.toString()) + "}")));
        // (the id came from the registration: nothing was fetched by id)
        stub.server().verify(0, getRequestedFor(urlPathEqualTo("/schemas/ids/21")));
    }

    @Test
    void fetchesASchemaByIdOnceAndTheLatestVersionOfASubject() {
        // Given
        stub.servesId(7, SCHEMA);
        stub.latestIs(SUBJECT, 3, 7, SCHEMA);
        final SchemaRegistryClient client = client();

        // When
        final Schema first = client.schemaById(7);
        final Schema again = client.schemaById(7);
        final SchemaRegistryClient.SubjectVersion latest = client.latest(SUBJECT);

        // Then: one request for the id; the latest version as the registry gave it; no Authorization without user info
        assertThat(first).isEqualTo(SCHEMA).isEqualTo(again);
        assertThat(latest).isEqualTo(new SchemaRegistryClient.SubjectVersion(SUBJECT, 3, 7, SCHEMA));
        stub.server().verify(1, getRequestedFor(urlPathEqualTo("/schemas/ids/7")));
        stub.server().verify(1, getRequestedFor(urlPathEqualTo("/schemas/ids/7")).withHeader("Authorization", absent()));
    }

    @Test
    void aMissingSubjectIsOneLineNamingTheSubjectAndError40401() {
        // Given: a subject the registry does not have, and (control) one it has
        stub.hasNoSubject(SUBJECT);
        stub.latestIs("mta.events-value", 1, 2, SCHEMA);
        final SchemaRegistryClient client = client();

        // When / Then
        assertThat(client.latest("mta.events-value").id()).isEqualTo(2);
        assertThatThrownBy(() -> client.latest(SUBJECT))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401))
                .satisfies(e -> assertThat(((SchemaRegistryException) e).notRegistered()).isTrue())
                .hasMessage("cannot look up the latest version of subject " + SUBJECT + ": the schema registry at " + stub.url()
                        + " answered error 40401 (HTTP 404): Subject '" + SUBJECT + "' not found.");
    }

    @Test
    void anIncompatibleSchemaIs409OnOneLineNamingTheSubject() {
        // Given: a registry whose compatibility rule refuses the schema, and (control) another subject that takes it
        stub.refusesAsIncompatible(SUBJECT);
        stub.registers("mta.events-value", 5);
        final SchemaRegistryClient client = client();

        // When / Then
        assertThat(client.register("mta.events-value", SCHEMA)).isEqualTo(5);
        assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(409))
                .hasMessageStartingWith("cannot register the schema io.mtacorrelator.avro.Incident under subject " + SUBJECT
                        + ": the schema registry at " + stub.url() + " answered error 409 (HTTP 409): Schema being "
                        + "registered is incompatible with an earlier schema for subject \"" + SUBJECT + "\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anInvalidSchemaIs42201() {
        // Given: the registry's answer to a schema it cannot parse
        stub.server().stubFor(ConfluentRegistryStub.schemaPost("/subjects/" + SUBJECT + "/versions")
                .willReturn(ConfluentRegistryStub.status(422, ConfluentRegistryStub.error(42201, "Invalid schema"))));

        // When / Then
        assertThatThrownBy(() -> client().register(SUBJECT, SCHEMA))
                .hasMessageEndingWith("answered error 42201 (HTTP 422): Invalid schema")
                .hasMessageContaining(SUBJECT);
    }

    @Test
    void theCompatibilityCheckGivesTheVerdictAndItsReasons() {
        // Given
        stub.judgesCompatible(SUBJECT, false, "READER_FIELD_MISSING_DEFAULT_VALUE: probe");
        stub.judgesCompatible("mta.events-value", true);

        // When
        final SchemaRegistryClient.Compatibility refused = client().compatibility(SUBJECT, SCHEMA);
        final SchemaRegistryClient.Compatibility taken = client().compatibility("mta.events-value", SCHEMA);

        // Then
        assertThat(refused).isEqualTo(new SchemaRegistryClient.Compatibility(false, List.of("READER_FIELD_MISSING_DEFAULT_VALUE: probe")));
        assertThat(taken.compatible()).isTrue();
        stub.server().verify(postRequestedFor(urlPathEqualTo("/compatibility/subjects/" + SUBJECT + "/versions/latest"))
                .withQueryParam("verbose", equalTo("true")));
    }

    @Test
    void refusedCredentialsAndAnApiThatIsNotConfluentsAreOneLineWithoutTheSecret() {
        // Given: a registry that answers 401 with no Confluent body, and a path that answers an HTML 404
        stub.server().stubFor(get(urlPathEqualTo("/schemas/ids/1")).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401).withBody("Unauthorized")));
        stub.server().stubFor(get(urlPathEqualTo("/schemas/ids/2")).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404).withBody("<html>\n<body>Not Found</body></html>")));
        final SchemaRegistryClient client = new SchemaRegistryClient(RegistrySettings.of(stub.url())
                .withUserInfo(new Password(USER_INFO)));

        // When / Then
        assertThatThrownBy(() -> client.schemaById(1))
                .hasMessage("cannot fetch schema id 1: the schema registry at " + stub.url() + " answered HTTP 401: the credentials "
                        + "(mta.schema.registry.basic.auth.user.info) are missing or not accepted")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThatThrownBy(() -> client.schemaById(2))
                .hasMessageContaining("answered HTTP 404 without a Confluent error body (<html> <body>Not Found</body></html>)")
                .hasMessageContaining("/apis/ccompat/v7");
    }

    @Test
    void anUnreachableRegistryIsOneLineNamingItsUrl() throws Exception {
        // Given: a port nothing listens on
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final String url = "http://127.0.0.1:" + port;
        final SchemaRegistryClient client = new SchemaRegistryClient(RegistrySettings.of(url).withUserInfo(new Password(USER_INFO)));

        // When / Then
        assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("cannot register the schema io.mtacorrelator.avro.Incident under subject " + SUBJECT
                        + ": cannot connect to the schema registry at " + url)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("\n"));
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsOneLineNamingItsUrlAndTheTimeout() {
        // Given: a registry that answers after two seconds, and a client that waits 300 ms
        stub.server().stubFor(get(urlPathEqualTo("/schemas/ids/9"))
                .willReturn(ConfluentRegistryStub.ok("{\"schema\":\"\\\"string\\\"\"}").withFixedDelay(2000)));
        final SchemaRegistryClient client = new SchemaRegistryClient(RegistrySettings.of(stub.url()).withTimeout(Duration.ofMillis(300)));

        // When / Then
        final long start = System.nanoTime();
        assertThatThrownBy(() -> client.schemaById(9))
                .hasMessage("cannot fetch schema id 9: the schema registry at " + stub.url() + " did not answer within 300 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1900);
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        // When / Then: refused, the message not containing the password; (control) the same URL without them is taken
        assertThatThrownBy(() -> RegistrySettings.of("https://svc:s3cret-Pa55@registry.example:8081"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mta.schema.registry.basic.auth.user.info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThat(RegistrySettings.of("https://registry.example:8081/").url()).isEqualTo("https://registry.example:8081");
        assertThatThrownBy(() -> RegistrySettings.of("registry:8081")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not an http(s) URL");
    }

    @Test
    void httpsWithTheTrustStoreOfTheRegistrysCaAndOneLineWithoutIt(@TempDir final Path dir) throws Exception {
        // Given: a registry on https with a certificate for 127.0.0.1, and a trust store holding that certificate
        final TestCertificates certs = TestCertificates.make(dir);
        final WireMockServer https = new WireMockServer(httpsOptions(certs));
        https.start();
        try {
            https.stubFor(get(urlPathEqualTo("/schemas/ids/4")).willReturn(
                    ConfluentRegistryStub.ok("{\"schema\":" + quoted(SCHEMA.toString()) + "}")));
            final String url = "https://127.0.0.1:" + https.httpsPort();
            final RegistrySettings.Store trust = new RegistrySettings.Store(certs.trustStore().toString(),
                    new Password(TestCertificates.PASSWORD), "PKCS12");

            // When
            final Schema fetched = new SchemaRegistryClient(RegistrySettings.of(url).withTls(trust, null, null)).schemaById(4);
            final SchemaRegistryClient untrusting = new SchemaRegistryClient(RegistrySettings.of(url));

            // Then: with the trust store it is read; with the JVM's default CAs TLS fails with one line naming the URL
            assertThat(fetched).isEqualTo(SCHEMA);
            assertThatThrownBy(() -> untrusting.schemaById(4))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageStartingWith("cannot fetch schema id 4: ")
                    .hasMessageContaining(url)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            // And: a wrong trust store password is one line naming the file, without either password
            final RegistrySettings.Store wrong = new RegistrySettings.Store(certs.trustStore().toString(),
                    new Password("not-the-Pa55"), "PKCS12");
            assertThatThrownBy(() -> new SchemaRegistryClient(RegistrySettings.of(url).withTls(wrong, null, null)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("trust store " + certs.trustStore())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-Pa55").doesNotContain(TestCertificates.PASSWORD));
        } finally {
            https.stop();
        }
    }

    @Test
    void mutualTlsPresentsTheKeyStoresCertificateAndOneLineWithoutIt(@TempDir final Path dir) throws Exception {
        // Given: a registry on https that requires a client certificate and trusts the test's certificate (the same
        // store is its key store, its trust store, and the client's trust and key stores)
        final TestCertificates certs = TestCertificates.make(dir);
        final WireMockServer mutual = new WireMockServer(httpsOptions(certs).needClientAuth(true)
                .trustStorePath(certs.trustStore().toString()).trustStorePassword(TestCertificates.PASSWORD).trustStoreType("PKCS12"));
        mutual.start();
        try {
            mutual.stubFor(get(urlPathEqualTo("/schemas/ids/7")).willReturn(
                    ConfluentRegistryStub.ok("{\"schema\":" + quoted(SCHEMA.toString()) + "}")));
            final String url = "https://127.0.0.1:" + mutual.httpsPort();
            final RegistrySettings.Store trust = new RegistrySettings.Store(certs.trustStore().toString(),
                    new Password(TestCertificates.PASSWORD), "PKCS12");
            final RegistrySettings.Store key = new RegistrySettings.Store(certs.serverKeyStore().toString(),
                    new Password(TestCertificates.PASSWORD), "PKCS12");

            // When: the client has the key store (and no separate key password: the store's applies)
            final Schema fetched = new SchemaRegistryClient(RegistrySettings.of(url).withTls(trust, key, null)).schemaById(7);
            final SchemaRegistryClient withoutCertificate = new SchemaRegistryClient(RegistrySettings.of(url).withTls(trust, null, null));

            // Then: with it the schema is read; with the trust store alone the registry refuses the handshake, one line
            // naming the URL and no password
            assertThat(fetched).isEqualTo(SCHEMA);
            mutual.verify(1, getRequestedFor(urlPathEqualTo("/schemas/ids/7")));
            assertThatThrownBy(() -> withoutCertificate.schemaById(7))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageStartingWith("cannot fetch schema id 7: ")
                    .hasMessageContaining(url)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(TestCertificates.PASSWORD));
            mutual.verify(1, getRequestedFor(urlPathEqualTo("/schemas/ids/7")));
        } finally {
            mutual.stop();
        }
    }

    /** A registry stub on https (and http) on 127.0.0.1, serving the test certificate. */
    private static WireMockConfiguration httpsOptions(final TestCertificates certs) {
        return options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort()
                .keystorePath(certs.serverKeyStore().toString()).keystorePassword(TestCertificates.PASSWORD)
                .keyManagerPassword(TestCertificates.PASSWORD).keystoreType("PKCS12");
    }

    private static String quoted(final String text) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().textNode(text).toString();
    }
}
