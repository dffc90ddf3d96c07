package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.OptionalLong;

/** Lenient reads of JSON paths: shippers disagree on whether numbers are strings. */
final class Json {

    private Json() {
    }

    /** Follows a dotted path through objects; missing or null parts give empty. */
    static Optional<JsonNode> at(final JsonNode root, final String dottedPath) {
        JsonNode node = root;
        for (final String part : dottedPath.split("\\.")) {
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            node = node.get(part);
        }
        return node == null || node.isNull() || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }

    static Optional<String> text(final JsonNode root, final String dottedPath) {
        return at(root, dottedPath).filter(JsonNode::isValueNode).map(JsonNode::asText).filter(s -> !s.isBlank());
    }

    /** A whole number given as a JSON number or a numeric string. */
    static OptionalLong whole(final JsonNode root, final String dottedPath) {
        return at(root, dottedPath).map(Json::wholeValue).orElse(OptionalLong.empty());
    }

    /** A node that is a whole number, as a JSON number or a numeric string. */
    static OptionalLong wholeValue(final JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return OptionalLong.of(n.asLong());
        }
        if (n.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(n.asText().trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
