package io.mtacorrelator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.render.IncidentFormat;
import io.mtacorrelator.render.IncidentJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example records (section "Example records") are what {@code correlate --format ecs|ocsf|cef} prints for
 * the bundled scenario, but for the long texts and lists the README shortens with "…". The scenario's incidents are
 * the golden ones ({@code GoldenIncidentsTest} pins them; {@code CorrelateFormatsIT} shows the jar prints their
 * renderings), so the examples are compared with the renderings of those incidents: a rendering that changes (a new
 * field, other incident ids) fails here until the README shows it.
 */
class ReadmeExampleRecordsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path GOLDEN_DEMO = Path.of("src", "test", "resources", "golden", "demo.ndjson");
    private static final String SHORTENED = "…";
    /** "ECS, the RESOLVED record:" then a fenced block. */
    private static final Pattern EXAMPLE = Pattern.compile(
            "^(ECS|OCSF|CEF), the (OPEN|UPDATED|RESOLVED) record:\\s*```\\w*\\n(.*?)\\n```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<Incident> incidents;

    @BeforeAll
    static void theScenariosIncidents() throws IOException {
        incidents = Files.readAllLines(GOLDEN_DEMO, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                .map(IncidentJson::fromLine).toList();
        assertThat(incidents).as("the bundled scenario's incidents").isNotEmpty();
    }

    @Test
    void eachExampleIsTheRenderingOfTheScenariosIncident() throws IOException {
        // Given: the README's examples, one per shape
        final String readme = Files.readString(README, StandardCharsets.UTF_8);
        final Map<String, String> shown = new LinkedHashMap<>();
        final Matcher m = EXAMPLE.matcher(readme);
        while (m.find()) {
            final Incident incident = only(IncidentStatus.valueOf(m.group(2)));
            final IncidentFormat format = IncidentFormat.of(m.group(1));

            // When: that incident in that shape
            final String rendered = format.render(incident);

            // Then: the example is the rendering, shortened only where it says so
            final List<String> differences = format == IncidentFormat.CEF ? cefDifferences(m.group(3), rendered)
                    : jsonDifferences(MAPPER.readTree(m.group(3)), MAPPER.readTree(rendered), "");
            assertThat(differences).as("the README's %s %s record", m.group(1), m.group(2)).isEmpty();
            shown.put(m.group(1), m.group(2));
        }
        assertThat(shown).as("an example record of each shape").containsOnlyKeys("ECS", "OCSF", "CEF");
    }

    @Test
    void theComparisonNoticesAChangedValueAnAddedFieldAndAShortenedTextThatIsNotAPrefix() throws IOException {
        // Given: the OPEN incident's OCSF finding, shortened as the README shortens (positive control)
        final JsonNode actual = MAPPER.readTree(IncidentFormat.OCSF.render(only(IncidentStatus.OPEN)));
        final ObjectNode shortened = actual.deepCopy();
        shortened.put("message", actual.get("message").asText().substring(0, 20) + SHORTENED);
        ((ArrayNode) shortened.get("evidences")).removeAll().add(actual.at("/evidences/0")).add(SHORTENED);
        assertThat(jsonDifferences(shortened, actual, "")).isEmpty();

        // When: another incident id, a field the rendering lacks, a shortened text that does not begin the real one
        final ObjectNode otherId = shortened.deepCopy();
        ((ObjectNode) otherId.get("finding_info")).put("uid", "b12738a5-88ea-3eb8-aba6-4da67f664576");
        final ObjectNode extraField = shortened.deepCopy().put("incident_id", "x");
        final ObjectNode notAPrefix = shortened.deepCopy().put("message", "Queue from EXCH9" + SHORTENED);

        // Then
        assertThat(jsonDifferences(otherId, actual, "")).singleElement().asString().contains("finding_info.uid");
        assertThat(jsonDifferences(extraField, actual, "")).singleElement().asString().contains("incident_id");
        assertThat(jsonDifferences(notAPrefix, actual, "")).singleElement().asString().contains("message");
        // and a field of the rendering that the example leaves out is a difference too
        final ObjectNode missingField = shortened.deepCopy();
        missingField.remove("risk_score");
        assertThat(jsonDifferences(missingField, actual, "")).singleElement().asString().contains("risk_score");
    }

    /** The incident's one state change of this status. */
    private static Incident only(final IncidentStatus status) {
        final List<Incident> of = incidents.stream().filter(i -> i.getStatus() == status).toList();
        assertThat(of).as("the scenario's %s record", status).hasSize(1);
        return of.get(0);
    }

    /**
     * Where the example differs from the actual document: a text ending in "…" stands for any text it begins, an array
     * ending in "…" for its first elements and more; everything else must be equal, with the same fields.
     */
    static List<String> jsonDifferences(final JsonNode example, final JsonNode actual, final String path) {
        final List<String> out = new ArrayList<>();
        if (example.isObject() && actual.isObject()) {
            example.properties().forEach(e -> {
                final String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (actual.has(e.getKey())) {
                    out.addAll(jsonDifferences(e.getValue(), actual.get(e.getKey()), at));
                } else {
                    out.add(at + ": shown, but the rendering has no such field");
                }
            });
            actual.properties().forEach(e -> {
                if (!example.has(e.getKey())) {
                    out.add((path.isEmpty() ? "" : path + ".") + e.getKey() + ": in the rendering, not shown");
                }
            });
        } else if (example.isArray() && actual.isArray()) {
            final int size = example.size();
            final boolean cut = size > 0 && SHORTENED.equals(example.get(size - 1).textValue());
            final int compared = cut ? size - 1 : size;
            if (cut ? actual.size() <= compared : actual.size() != compared) {
                out.add(path + ": " + actual.size() + " element(s), shown as " + example);
            }
            for (int k = 0; k < Math.min(compared, actual.size()); k++) {
                out.addAll(jsonDifferences(example.get(k), actual.get(k), path + "[" + k + "]"));
            }
        } else if (!sameValue(example.isTextual() ? example.textValue() : null, actual.isTextual() ? actual.textValue() : null)
                && !example.equals(actual)) {
            out.add(path + ": shown " + example + ", rendered " + actual);
        }
        return out;
    }

    /** A CEF line compared as its header fields and its extension's key=value pairs. */
    private static List<String> cefDifferences(final String example, final String actual) {
        final List<String> out = new ArrayList<>();
        final String[] e = example.split("(?<!\\\\)\\|", 8);
        final String[] a = actual.split("(?<!\\\\)\\|", 8);
        for (int k = 0; k < 7; k++) {
            if (!e[k].equals(a[k])) {
                out.add("header field " + k + ": shown " + e[k] + ", rendered " + a[k]);
            }
        }
        final Map<String, String> ex = extension(e[7]);
        final Map<String, String> ax = extension(a[7]);
        ex.forEach((key, value) -> {
            if (!ax.containsKey(key)) {
                out.add(key + ": shown, but the rendering has no such key");
            } else if (!sameValue(value, ax.get(key))) {
                out.add(key + ": shown " + value + ", rendered " + ax.get(key));
            }
        });
        ax.keySet().stream().filter(key -> !ex.containsKey(key)).forEach(key -> out.add(key + ": in the rendering, not shown"));
        return out;
    }

    /** The extension's pairs: a key is a run of letters and digits before an unescaped '=' after a space. */
    private static Map<String, String> extension(final String text) {
        final Map<String, String> pairs = new LinkedHashMap<>();
        for (final String pair : text.split(" (?=[A-Za-z0-9]+=)")) {
            final int eq = pair.indexOf('=');
            pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return pairs;
    }

    /** Equal texts, or a shortened text ("…" at its end) that begins the rendered one. */
    private static boolean sameValue(final String example, final String actual) {
        if (example == null || actual == null) {
            return false;
        }
        if (example.endsWith(SHORTENED) && !actual.endsWith(SHORTENED)) {
            final String start = example.substring(0, example.length() - SHORTENED.length());
            return actual.startsWith(start) && actual.length() > start.length();
        }
        return example.equals(actual);
    }
}
