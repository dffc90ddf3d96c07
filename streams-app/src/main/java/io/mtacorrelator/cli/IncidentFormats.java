package io.mtacorrelator.cli;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentFormat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The renderings {@code incidents --format} offers, by name: every {@link IncidentFormat} of the render module
 * (text, JSON, ECS, OCSF, CEF). The command, its help and its validation follow from this map.
 */
final class IncidentFormats {

    private static final Map<String, Function<Incident, String>> FORMATS = new LinkedHashMap<>();

    static {
        for (final IncidentFormat format : IncidentFormat.values()) {
            FORMATS.put(format.id(), format::render);
        }
    }

    private IncidentFormats() {
    }

    static Map<String, Function<Incident, String>> all() {
        return FORMATS;
    }

    /** The names, for --help and for the error on an unknown one. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FORMATS.keySet().iterator();
        }
    }
}
