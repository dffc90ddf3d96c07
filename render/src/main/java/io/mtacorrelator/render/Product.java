package io.mtacorrelator.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The product the SIEM renderings name as the source of the alert (ECS observer, OCSF metadata.product, CEF header). */
public final class Product {

    public static final String NAME = "mta-correlator";
    public static final String VENDOR = "mta-correlator";
    /** The project version this module was built as ({@code product.properties}, filled in by Maven). */
    public static final String VERSION = readVersion();

    private Product() {
    }

    private static String readVersion() {
        final Properties p = new Properties();
        try (InputStream in = Product.class.getResourceAsStream("product.properties")) {
            if (in == null) {
                return "dev";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read product.properties", e);
        }
        final String v = p.getProperty("version", "dev");
        // Unfiltered (run from an IDE's copy of the sources): no version rather than a literal placeholder.
        return v.startsWith("${") ? "dev" : v;
    }
}
