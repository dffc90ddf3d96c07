package io.mtacorrelator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** A dead-letter record as one JSON object: its headers, and the original bytes as text or, when not UTF-8, Base64. */
public final class DeadLetterJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {
    }

    public static String toLine(final byte[] value, final Map<String, String> headers) {
        final ObjectNode n = MAPPER.createObjectNode();
        final ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        final String text = text(value);
        if (value == null) {
            n.putNull("value");
        } else if (text != null) {
            n.put("value", text);
        } else {
            n.put("valueBase64", Base64.getEncoder().encodeToString(value));
        }
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a dead letter as JSON", e);
        }
    }

    /** The original record as text when it is UTF-8; null when it is not (or absent). */
    public static String text(final byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
