package io.mtacorrelator.registry;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a schema registry's Confluent REST API: its base URL, basic-auth user info, TLS trust and key stores,
 * and the request timeout. The secrets are Kafka {@link Password}s, whose {@code toString} is {@code [hidden]}, so this
 * record can be logged or put in a message as it is.
 *
 * @param url                the API's base URL, without a trailing slash ({@code http://schema-registry:8081},
 *                           {@code http://registry:8080/apis/ccompat/v7} for Apicurio)
 * @param userInfo           {@code USER:PASSWORD} for HTTP basic auth; null: none
 * @param trustStore         the CAs to trust for https; null: the JVM's default
 * @param keyStore           the client certificate for mutual TLS; null: none
 * @param keyPassword        the private key's password when it differs from the key store's; null: the key store's
 * @param timeout            connect and request timeout of each call
 */
public record RegistrySettings(String url, Password userInfo, Store trustStore, Store keyStore, Password keyPassword,
                               Duration timeout) {

    /** A key or trust store file. */
    public record Store(String location, Password password, String type) {
        public Store {
            Objects.requireNonNull(location, "location");
            type = type == null || type.isBlank() ? "PKCS12" : type.strip();
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RegistrySettings {
        url = checkedUrl(url);
        Objects.requireNonNull(timeout, "timeout");
    }

    /** A registry without authentication or TLS settings of its own. */
    public static RegistrySettings of(final String url) {
        return new RegistrySettings(url, null, null, null, null, DEFAULT_TIMEOUT);
    }

    /** The same settings with basic auth. */
    public RegistrySettings withUserInfo(final Password info) {
        return new RegistrySettings(url, info, trustStore, keyStore, keyPassword, timeout);
    }

    /** The same settings with another timeout. */
    public RegistrySettings withTimeout(final Duration time) {
        return new RegistrySettings(url, userInfo, trustStore, keyStore, keyPassword, time);
    }

    /** The same settings with TLS stores. */
    public RegistrySettings withTls(final Store trust, final Store key, final Password keyPass) {
        return new RegistrySettings(url, userInfo, trust, key, keyPass, timeout);
    }

    /**
     * An http(s) URL without query, fragment or credentials; the trailing slash dropped. Credentials in the URL are
     * refused without repeating the URL, so the password does not reach the error line.
     */
    private static String checkedUrl(final String raw) {
        final String expected = "expected the registry's Confluent REST API, e.g. http://schema-registry:8081 or "
                + "http://registry:8080/apis/ccompat/v7 (Apicurio)";
        final String url = Objects.requireNonNull(raw, "url").strip();
        final URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException("schema registry URL '" + url + "' is not a URL; " + expected);
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException("the schema registry URL must not carry credentials (USER:PASSWORD@): "
                    + "set mta.schema.registry.basic.auth.user.info instead");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException("schema registry URL '" + url + "' is not an http(s) URL; " + expected);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
