package io.mtacorrelator.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Checks ECS documents against the published field definitions: {@code ecs-9.4.0-fields.tsv}, transcribed from the
 * Elastic Common Schema repository (elastic/ecs, tag v9.4.0, {@code generated/ecs/ecs_flat.yml}). Every field outside
 * our namespace must be an ECS field with a value of its type; allowed values must be allowed. Shared with the
 * streams app's and the Connect plugin's tests (render's test jar).
 */
public final class EcsConformance {

    /** One ECS field definition: its type, whether it takes an array, its allowed values (with expected event types). */
    public record EcsField(String type, boolean array, Map<String, List<String>> allowed) {
    }

    private static final Map<String, EcsField> FIELDS = new LinkedHashMap<>();
    private static final List<String> TOP_LEVEL_NAMES = new ArrayList<>();

    static {
        try (InputStream in = EcsConformance.class.getResourceAsStream("/ecs-9.4.0-fields.tsv")) {
            if (in == null) {
                throw new IllegalStateException("ecs-9.4.0-fields.tsv is not on the test classpath");
            }
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (line.startsWith("# top-level names")) {
                    TOP_LEVEL_NAMES.addAll(Arrays.asList(line.substring(line.indexOf(": ") + 2).split(",")));
                }
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                final String[] c = line.split("\t");
                final Map<String, List<String>> allowed = new LinkedHashMap<>();
                if (!c[3].equals("-")) {
                    for (final String a : c[3].split(",")) {
                        final int colon = a.indexOf(':');
                        allowed.put(colon < 0 ? a : a.substring(0, colon),
                                colon < 0 ? List.of() : List.of(a.substring(colon + 1).split("\\+")));
                    }
                }
                FIELDS.put(c[0], new EcsField(c[1], c[2].equals("array"), allowed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EcsConformance() {
    }

    public static Map<String, EcsField> fields() {
        return FIELDS;
    }

    /** The top-level names ECS uses (a custom namespace must not be one of them). */
    public static List<String> topLevelNames() {
        return TOP_LEVEL_NAMES;
    }

    /**
     * What is wrong with this document, one message per problem; empty when it conforms. Fields under
     * {@code customNamespace} are ours and not checked. Also returned, as {@code checked}, the ECS fields walked.
     */
    public static List<String> problems(final JsonNode doc, final String customNamespace, final List<String> checked) {
        final List<String> problems = new ArrayList<>();
        leaves(doc, "", (name, value) -> {
            if (name.equals(customNamespace) || name.startsWith(customNamespace + ".")) {
                return;
            }
            checked.add(name);
            final EcsField field = FIELDS.get(name);
            if (field == null) {
                problems.add(name + " is not an ECS field");
            } else {
                fit(name, value, field, problems);
            }
        });
        final JsonNode category = doc.at("/event/category");
        final JsonNode type = doc.at("/event/type");
        if (category.isArray() && type.isArray()) {
            for (final JsonNode c : category) {
                final List<String> expected = FIELDS.get("event.category").allowed().getOrDefault(c.asText(), List.of());
                type.forEach(t -> {
                    if (!expected.contains(t.asText())) {
                        problems.add("event.type " + t.asText() + " is not expected with event.category " + c.asText()
                                + " (expected: " + expected + ")");
                    }
                });
            }
        }
        return problems;
    }

    private static void fit(final String name, final JsonNode value, final EcsField field, final List<String> problems) {
        if (value.isArray()) {
            if (!field.array()) {
                problems.add(name + " is an array but ECS defines one value");
            }
            value.forEach(v -> fit(name, v, new EcsField(field.type(), false, field.allowed()), problems));
            return;
        }
        final boolean fits = switch (field.type()) {
            case "keyword", "match_only_text", "text", "wildcard" -> value.isTextual();
            case "long" -> value.isIntegralNumber() && value.canConvertToLong();
            case "float" -> value.isNumber();
            case "date" -> value.isTextual() && isInstant(value.asText());
            default -> false;
        };
        if (!fits) {
            problems.add(name + " = " + value + " is not of ECS type " + field.type());
        }
        if (!field.allowed().isEmpty() && !field.allowed().containsKey(value.asText())) {
            problems.add(name + " = " + value + " is not an allowed value " + field.allowed().keySet());
        }
    }

    private static boolean isInstant(final String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Flattened names of the leaves (an array of scalars is one leaf), ECS style: a.b.c. */
    private static void leaves(final JsonNode node, final String prefix, final BiConsumer<String, JsonNode> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> leaves(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out));
        } else if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
            node.forEach(x -> leaves(x, prefix, out));
        } else {
            out.accept(prefix, node);
        }
    }
}
