package io.mtacorrelator.cli;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentJson;
import io.mtacorrelator.render.IncidentText;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The renderings {@code incidents --format} offers, by name. A new rendering (a SIEM shape: ECS, OCSF, CEF) is
 * one more entry here; the command, its help and its validation follow from this map.
 */
final class IncidentFormats {

    private static final Map<String, Function<Incident, String>> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("text", IncidentText::render);
        FORMATS.put("json", IncidentJson::toLine);
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
