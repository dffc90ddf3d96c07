package io.mtacorrelator.connect;

import io.mtacorrelator.render.Product;

/** The version every class of the plugin reports ({@code version()}): the project's. */
public final class PluginVersion {

    public static final String VERSION = Product.VERSION;

    private PluginVersion() {
    }
}
