package io.mtacorrelator.render;

import io.mtacorrelator.avro.Incident;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The renderings of an incident, by the name users give on the command line ({@code --format ocsf}) or in
 * configuration: pick one with {@link #of(String)} and call {@link #render(Incident)}.
 */
public enum IncidentFormat {

    /** For a person at a terminal: several lines per incident (what {@code demo} prints). */
    TEXT("text", IncidentText::render, false),
    /** Our own JSON object, one line per incident (what {@code correlate} writes by default). */
    JSON("json", IncidentJson::toLine, true),
    /** Elastic Common Schema alert, one JSON object per line. */
    ECS("ecs", IncidentEcs::toLine, true),
    /** OCSF Detection Finding (class 2004), one JSON object per line. */
    OCSF("ocsf", IncidentOcsf::toLine, true),
    /** ArcSight Common Event Format, one line per incident. */
    CEF("cef", IncidentCef::toLine, true);

    private final String id;
    private final Function<Incident, String> renderer;
    private final boolean oneLine;

    IncidentFormat(final String id, final Function<Incident, String> renderer, final boolean oneLine) {
        this.id = id;
        this.renderer = renderer;
        this.oneLine = oneLine;
    }

    /** The name users type: {@code text}, {@code json}, {@code ecs}, {@code ocsf}, {@code cef}. */
    public String id() {
        return id;
    }

    /** The incident in this shape; for the one-line formats, without a line break. */
    public String render(final Incident incident) {
        return renderer.apply(incident);
    }

    /** Whether each incident is one line (JSON Lines, CEF), so that a stream of them is one record per line. */
    public boolean isOneLine() {
        return oneLine;
    }

    /** Every name, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(IncidentFormat::id).toList();
    }

    /**
     * The format of this name (case-insensitive).
     *
     * @throws IllegalArgumentException a one-line message naming the known formats
     */
    public static IncidentFormat of(final String name) {
        final String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (final IncidentFormat f : values()) {
            if (f.id.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown incident format '" + name + "' (known: " + String.join(", ", ids()) + ")");
    }
}
