package io.mtacorrelator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition (format 0.0.4), read the way a scraper reads them. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: metric name, its labels (sorted), its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final Map<String, Sample> samples = new LinkedHashMap<>();

    public PrometheusText(final String text) {
        this.text = text;
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(line -> {
            final Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            final Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                final Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.put(line, new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        });
    }

    public String text() {
        return text;
    }

    /** The samples of one metric, by their labels. */
    public Map<Map<String, String>, Double> of(final String name) {
        final Map<Map<String, String>, Double> out = new LinkedHashMap<>();
        samples.values().stream().filter(s -> s.name().equals(name)).forEach(s -> out.put(s.labels(), s.value()));
        return out;
    }

    /** The one unlabelled sample of a metric; fails when there is none. */
    public double value(final String name) {
        final Double v = of(name).get(Map.of());
        if (v == null) {
            throw new AssertionError("no sample " + name + " in:\n" + text);
        }
        return v;
    }

    /** Whether any sample's name starts with the prefix. */
    public boolean hasAny(final String prefix) {
        return samples.values().stream().anyMatch(s -> s.name().startsWith(prefix));
    }
}
