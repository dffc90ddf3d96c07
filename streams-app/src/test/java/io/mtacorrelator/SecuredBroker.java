package io.mtacorrelator;

import io.mtacorrelator.runtime.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker in this JVM, locked down as a production cluster is: a SASL_SSL listener
 * (SCRAM-SHA-512 over TLS with a CA and certificates made here with keytool, client certificates required), the
 * standard authorizer, and no access without an ACL. Its PLAINTEXT listener is the broker's own (inter-broker and
 * controller traffic, principal ANONYMOUS, a super user); tests use it only for reading results. {@code admin} is
 * the super user on the secured listener; {@code app} has no rights until a test grants them.
 */
public final class SecuredBroker implements BeforeAllCallback, AfterAllCallback {

    public static final String ADMIN_USER = "admin";
    public static final String APP_USER = "correlator";
    /** The secrets: distinct, recognisable values so a test can grep output for each. */
    public static final String ADMIN_PASSWORD = "adm1n-S3cret-" + Long.toHexString(System.nanoTime());
    public static final String APP_PASSWORD = "app-SASL-s3cret-" + Long.toHexString(System.nanoTime());
    public static final String TRUSTSTORE_PASSWORD = "trust-St0re-pw-" + Long.toHexString(System.nanoTime());
    public static final String KEYSTORE_PASSWORD = "key-St0re-pw-" + Long.toHexString(System.nanoTime());
    public static final String KEY_PASSWORD = "private-K3y-pw-" + Long.toHexString(System.nanoTime());
    private static final String BROKER_STORE_PASSWORD = "broker-store-" + Long.toHexString(System.nanoTime());
    private static final long TIMEOUT_S = 120;

    private Path dir;
    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("mta-secured-broker-");
        makeCertificates();
        final Map<String, Object> broker = new LinkedHashMap<>();
        broker.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        broker.put("super.users", "User:ANONYMOUS;User:" + ADMIN_USER);
        broker.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        broker.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        store(broker, "listener.name.sasl_ssl.ssl.keystore", "broker.p12", BROKER_STORE_PASSWORD, "PKCS12");
        store(broker, "listener.name.sasl_ssl.ssl.truststore", "truststore.p12", TRUSTSTORE_PASSWORD, "PKCS12");
        broker.put("listener.name.sasl_ssl.ssl.client.auth", "required");
        kafka = EmbeddedKafka.start(new EmbeddedKafka.ExtraListener("SASL_SSL", broker));
        // SCRAM credentials live in the cluster metadata: set over the broker's own listener, as its super user.
        try (Admin plain = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            plain.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(ADMIN_USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), ADMIN_PASSWORD),
                    new UserScramCredentialUpsertion(APP_USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), APP_PASSWORD)))
                    .all().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind is harmless.
            }
        }
    }

    /** The PLAINTEXT listener: the broker's own, unauthenticated super user; for reading results only. */
    public String plaintextBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The SASL_SSL listener. */
    public String securedBootstrapServers() {
        return kafka.extraBootstrapServers();
    }

    /** The client settings of {@code user} on the secured listener, as an operator writes them in the config file. */
    public Map<String, String> clientSettings(final String user, final String password) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", securedBootstrapServers());
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.mechanism", "SCRAM-SHA-512");
        s.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";");
        store(s, "ssl.truststore", "truststore.p12", TRUSTSTORE_PASSWORD, "PKCS12");
        store(s, "ssl.keystore", "client.jks", KEYSTORE_PASSWORD, "JKS");
        s.put("ssl.key.password", KEY_PASSWORD);
        return s;
    }

    /** A store's three settings ({@code <prefix>.location}, {@code .password}, {@code .type}), the file in this broker's directory. */
    private void store(final Map<String, ? super String> settings, final String prefix, final String file, final String password,
                           final String type) {
        settings.put(prefix + ".location", dir.resolve(file).toString());
        settings.put(prefix + ".password", password);
        settings.put(prefix + ".type", type);
    }

    /** The app user's settings. */
    public Map<String, String> appSettings() {
        return clientSettings(APP_USER, APP_PASSWORD);
    }

    /** An admin client of the super user on the secured listener. */
    public Admin admin() {
        return Admin.create(new LinkedHashMap<>(clientSettings(ADMIN_USER, ADMIN_PASSWORD)));
    }

    /** Writes {@code settings} as a properties file (the {@code --config FILE} layer). */
    public static Path propertiesFile(final Path file, final Map<String, String> settings) throws IOException {
        final java.util.Properties p = new java.util.Properties();
        p.putAll(settings);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
        return file;
    }

    /**
     * A CA; the broker's key signed by it for 127.0.0.1 (the client checks the host name); the client's key signed by
     * it, in a JKS store whose key password differs from the store's (so both are secrets the client is given).
     */
    private void makeCertificates() throws IOException, InterruptedException {
        final String ca = "ca.p12";
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=mta-test-ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-ext", "bc:c", "-keystore", ca, "-storetype", "PKCS12", "-storepass", BROKER_STORE_PASSWORD);
        keytool("-exportcert", "-alias", "ca", "-rfc", "-file", "ca.crt", "-keystore", ca, "-storepass", BROKER_STORE_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", "truststore.p12", "-storetype", "PKCS12",
                "-storepass", TRUSTSTORE_PASSWORD);
        // The two chains are independent: made side by side, as each keytool is a JVM start on a busy machine.
        final java.util.concurrent.CompletableFuture<Void> client = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                signed("client", "client.jks", "JKS", KEYSTORE_PASSWORD, KEY_PASSWORD, "CN=" + APP_USER, null);
            } catch (IOException | InterruptedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        signed("broker", "broker.p12", "PKCS12", BROKER_STORE_PASSWORD, BROKER_STORE_PASSWORD, "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
        try {
            client.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot make the client's certificate: " + e.getMessage(), e);
        }
    }

    private void signed(final String alias, final String store, final String type, final String storePassword, final String keyPassword,
                        final String dname, final String san) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", alias, "-dname", dname, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-keystore", store, "-storetype", type, "-storepass", storePassword, "-keypass", keyPassword);
        keytool("-certreq", "-alias", alias, "-file", alias + ".csr", "-keystore", store, "-storepass", storePassword, "-keypass", keyPassword);
        final List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-infile", alias + ".csr", "-outfile", alias + ".crt",
                "-rfc", "-validity", "2", "-keystore", "ca.p12", "-storepass", BROKER_STORE_PASSWORD));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", store, "-storepass", storePassword);
        keytool("-importcert", "-alias", alias, "-file", alias + ".crt", "-keystore", store, "-storepass", storePassword, "-keypass", keyPassword);
    }

    private void keytool(final String... args) throws IOException, InterruptedException {
        final Path javaHome = Path.of(System.getProperty("java.home"));
        // A short-lived tool: its JVM needs no optimising compiler nor parallel GC threads on a busy two-core machine.
        final List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output.replaceAll("\\s+", " ").strip());
        }
    }
}
