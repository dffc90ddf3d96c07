package io.mtacorrelator.registry;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The TLS context for the registry client from the trust and key stores of {@link RegistrySettings}. Errors name the
 * store and its file, never a password.
 */
final class RegistryTls {

    private RegistryTls() {
    }

    /** The context to use, or null when neither store is set (the JVM's default context then applies). */
    static SSLContext context(final RegistrySettings settings) {
        if (settings.trustStore() == null && settings.keyStore() == null) {
            return null;
        }
        try {
            TrustManager[] trust = null;
            if (settings.trustStore() != null) {
                final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(load(settings.trustStore(), "trust store"));
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (settings.keyStore() != null) {
                final KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                final Password keyPassword = settings.keyPassword() != null ? settings.keyPassword() : settings.keyStore().password();
                factory.init(load(settings.keyStore(), "key store"), chars(keyPassword));
                keys = factory.getKeyManagers();
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS for the schema registry " + settings.url() + ": " + e.getMessage());
        }
    }

    private static KeyStore load(final RegistrySettings.Store store, final String what) {
        final Path file = Path.of(store.location());
        try (InputStream in = Files.newInputStream(file)) {
            final KeyStore keyStore = KeyStore.getInstance(store.type());
            keyStore.load(in, chars(store.password()));
            return keyStore;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK's messages name the problem ("keystore password was incorrect"), not the password.
            throw new ConfigException("cannot read the schema registry's " + what + " " + file + " (" + store.type() + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static char[] chars(final Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}
