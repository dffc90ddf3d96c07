package io.mtacorrelator.render;

import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.Reference;
import io.mtacorrelator.avro.Remediation;

import java.util.stream.Collectors;

/**
 * An incident as one line of ArcSight Common Event Format (CEF version 0), as "Implementing ArcSight CEF" specifies:
 * {@code CEF:0|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension}.
 *
 * <ul>
 *   <li>Header fields escape {@code \} and {@code |} with a backslash; a line break cannot appear in a header field
 *   and is written as a space.</li>
 *   <li>Extension values escape {@code \} and {@code =} with a backslash and write line breaks as {@code \n} and
 *   {@code \r}; a {@code |} needs no escape there. Keys are the dictionary's own; values longer than the
 *   dictionary's length for the key are cut (and end in "...").</li>
 *   <li>The event class id is the article ({@code Q181721}), the name the article's title, the severity 0-10
 *   (LOW 3, MEDIUM 5, HIGH 8, CRITICAL 10: the standard's low / medium / high / very-high bands).</li>
 *   <li>Times ({@code rt}, {@code start}, {@code end}) are milliseconds since the epoch, one of the standard's
 *   timestamp forms and the one without a time zone to get wrong.</li>
 * </ul>
 */
public final class IncidentCef {

    /** Maximum lengths of the extension keys used, from the CEF key dictionary. */
    static final int MSG_LENGTH = 1023;
    static final int CUSTOM_STRING_LENGTH = 4000;
    static final int LABEL_LENGTH = 1023;
    static final int HOST_LENGTH = 1023;
    static final int EXTERNAL_ID_LENGTH = 40;
    static final int ACT_LENGTH = 63;

    private IncidentCef() {
    }

    public static String toLine(final Incident i) {
        final Evidence e = i.getEvidence();
        final Remediation r = i.getRemediation();
        final StringBuilder b = new StringBuilder("CEF:0|");
        b.append(header(Product.VENDOR)).append('|')
                .append(header(Product.NAME)).append('|')
                .append(header(Product.VERSION)).append('|')
                .append(header(i.getKb())).append('|')
                .append(header(i.getTitle())).append('|')
                .append(severity(i)).append('|');
        final Extension x = new Extension(b);
        x.add("rt", String.valueOf(ChangeTime.of(i).toEpochMilli()));
        x.add("start", String.valueOf(i.getFirstSeen().toEpochMilli()));
        x.add("end", String.valueOf(ChangeTime.end(i).toEpochMilli()));
        x.add("externalId", i.getIncidentId(), EXTERNAL_ID_LENGTH);
        x.add("act", IncidentEcs.action(i), ACT_LENGTH);
        x.add("shost", i.getMta(), HOST_LENGTH);
        if (i.getRemoteMta() != null) {
            x.add("dhost", i.getRemoteMta(), HOST_LENGTH);
        }
        x.add("msg", i.getSummary(), MSG_LENGTH);
        x.custom("cs1", "status", i.getStatus().name());
        x.custom("cs2", "confidence", i.getConfidence().name());
        x.custom("cs3", "rpcSymptoms", e.getSymptomCounts().entrySet().stream()
                .map(c -> c.getKey() + " x" + c.getValue()).collect(Collectors.joining(", ")));
        x.custom("cs4", "remediation", r.getSummary() + r.getActions().stream().map(a -> "\n- " + a).collect(Collectors.joining()));
        x.custom("cs5", "kbArticles", r.getReferences().stream().map(Reference::getId).collect(Collectors.joining(", ")));
        if (e.getResolution() != null) {
            x.custom("cs6", "resolution", e.getResolution());
        }
        x.custom("cn1", "queueLength", String.valueOf(e.getQueueLength()));
        x.custom("cn2", "queueThreshold", String.valueOf(e.getQueueThreshold()));
        x.custom("cn3", "messagesSentDuringGrowth", String.valueOf(e.getMessagesSentDuringGrowth()));
        x.custom("cfp1", "queueGrowthPerMinute", String.valueOf(e.getQueueGrowthPerMinute()));
        x.custom("cfp2", "riskScore", String.valueOf(i.getRiskScore()));
        return b.toString();
    }

    /** 0-10: LOW 3, MEDIUM 5, HIGH 8, CRITICAL 10. */
    static int severity(final Incident i) {
        return switch (i.getSeverity()) {
            case LOW -> 3;
            case MEDIUM -> 5;
            case HIGH -> 8;
            case CRITICAL -> 10;
        };
    }

    /** A header field: {@code \} and {@code |} escaped; line breaks, which a header cannot hold, become spaces. */
    static String header(final String value) {
        final StringBuilder out = new StringBuilder(value.length());
        for (int k = 0; k < value.length(); k++) {
            final char c = value.charAt(k);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '|' -> out.append("\\|");
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An extension value: {@code \} and {@code =} escaped, line breaks as {@code \n} / {@code \r}. */
    static String extension(final String value) {
        final StringBuilder out = new StringBuilder(value.length());
        for (int k = 0; k < value.length(); k++) {
            final char c = value.charAt(k);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '=' -> out.append("\\=");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The value escaped, cut so that the escaped text fits the key's length: parsers that keep extension values
     * escaped (ParCEFone does) measure that text, so the stricter reading of the dictionary's lengths is kept.
     */
    static String fit(final String value, final int length) {
        final String escaped = extension(value);
        if (escaped.length() <= length) {
            return escaped;
        }
        final StringBuilder out = new StringBuilder(length);
        int k = 0;
        while (k < value.length()) {
            // A surrogate pair is one character: never cut between its halves.
            final int end = Character.isHighSurrogate(value.charAt(k)) && k + 1 < value.length() ? k + 2 : k + 1;
            final String next = extension(value.substring(k, end));
            if (out.length() + next.length() > length - 3) {
                break;
            }
            out.append(next);
            k = end;
        }
        return out.append("...").toString();
    }

    /** Appends {@code key=value} pairs separated by single spaces. */
    private static final class Extension {
        private final StringBuilder b;
        private boolean first = true;

        Extension(final StringBuilder b) {
            this.b = b;
        }

        void add(final String key, final String value) {
            add(key, value, Integer.MAX_VALUE);
        }

        void add(final String key, final String value, final int length) {
            if (!first) {
                b.append(' ');
            }
            first = false;
            b.append(key).append('=').append(fit(value, length));
        }

        /** A custom field and its label ({@code cs1Label=...}); strings cut to the custom string length. */
        void custom(final String key, final String label, final String value) {
            add(key + "Label", label, LABEL_LENGTH);
            add(key, value, key.startsWith("cs") ? CUSTOM_STRING_LENGTH : Integer.MAX_VALUE);
        }
    }
}
