package io.mtacorrelator.topology;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.IOException;

/**
 * JSON for state-store values: readable in the changelog, and tolerant of fields added later (unknown
 * fields are skipped) so a state written by an older version restores in a newer one.
 */
public final class JsonStateSerde {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build();

    private JsonStateSerde() {
    }

    public static <T> Serde<T> of(final Class<T> type) {
        return Serdes.serdeFrom(
                (topic, value) -> {
                    try {
                        return value == null ? null : MAPPER.writeValueAsBytes(value);
                    } catch (IOException e) {
                        throw new SerializationException("cannot write " + type.getSimpleName() + " state as JSON", e);
                    }
                },
                (topic, bytes) -> {
                    try {
                        return bytes == null ? null : MAPPER.readValue(bytes, type);
                    } catch (IOException e) {
                        throw new SerializationException("cannot read " + type.getSimpleName() + " state from JSON", e);
                    }
                });
    }
}
