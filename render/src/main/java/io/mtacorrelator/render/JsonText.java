package io.mtacorrelator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Incident;

import java.util.Locale;

/** What the JSON renderings share: one mapper, one way to write a document as one line. */
final class JsonText {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    /** The document as one line of JSON (Jackson escapes line breaks inside strings). */
    static String line(final JsonNode document, final Incident incident, final String shape) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render incident " + incident.getIncidentId() + " as " + shape, e);
        }
    }

    /** A copy with every object key in snake_case ({@code queueAtStart} -> {@code queue_at_start}), values unchanged. */
    static JsonNode snakeCase(final JsonNode node) {
        if (node.isObject()) {
            final ObjectNode out = MAPPER.createObjectNode();
            node.properties().forEach(e -> out.set(snakeCase(e.getKey()), snakeCase(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            final ArrayNode out = MAPPER.createArrayNode();
            node.forEach(x -> out.add(snakeCase(x)));
            return out;
        }
        return node;
    }

    static String snakeCase(final String camel) {
        final StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int k = 0; k < camel.length(); k++) {
            final char c = camel.charAt(k);
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
