package io.mtacorrelator.render;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** How the renderings refer to a Knowledge Base article (the rule an incident identifies) outside our own JSON. */
public final class Articles {

    private Articles() {
    }

    /**
     * The article's address in Microsoft's Knowledge Base, in the {@code support.microsoft.com/kb/<number>} form the
     * articles were published under ({@code Q181721} -> {@code .../kb/181721}). Microsoft has retired many of these
     * old articles from its site, so the address names the article rather than promising a page.
     */
    public static String url(final String kb) {
        final String number = kb.length() > 1 && (kb.charAt(0) == 'Q' || kb.charAt(0) == 'q') ? kb.substring(1) : kb;
        return "https://support.microsoft.com/kb/" + number;
    }

    /** A stable UUID of the diagnosis rule for an article (ECS {@code rule.uuid}): the same article, the same uuid. */
    public static String ruleUuid(final String kb) {
        return UUID.nameUUIDFromBytes((Product.NAME + " rule " + kb).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
