package io.mtacorrelator.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path's scanner and UTF-8 check against what they stand in for: Jackson's tree (as the parser configures
 * Jackson) and the JDK's UTF-8 decoder. Whatever the scanner takes, Jackson takes too, with the same values in the same
 * order; what the shippers write, the scanner takes.
 */
class FlatJsonTest {

    private static final ObjectMapper JACKSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    static {
        JACKSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    @Test
    void readsEveryRecordItTakesAsJacksonDoes() throws Exception {
        // Given: the golden corpus (shipper records, damaged records, edge cases), and each with its last byte cut
        final List<byte[]> records = new ArrayList<>();
        for (final ParserGoldenTest.Input input : ParserGoldenTest.readCorpus()) {
            records.add(input.value());
            if (input.value().length > 1) {
                records.add(java.util.Arrays.copyOf(input.value(), input.value().length - 1));
            }
        }
        int taken = 0;
        int copied = 0;

        // When / Then
        for (final byte[] record : records) {
            if (record.length > RecordParser.MAX_RECORD_BYTES || !Utf8.isValid(record)) {
                continue;
            }
            final FlatJson flat = FlatJson.scratch();
            if (flat.read(record, 0, record.length)) {
                taken++;
                final JsonNode jackson = jackson(record);
                assertThat(jackson).as(new String(record, StandardCharsets.UTF_8)).isNotNull();
                assertThat(flat.toTree(0)).isEqualTo(jackson);
                assertThat(flat.toJson(0)).isEqualTo(jackson.toString());
                // the bytes kept as they are only where they are what Jackson writes (a batch's metrics)
                for (int node = 0; node >= 0; node = node == 0 ? flat.firstChild(0) : flat.nextSibling(node)) {
                    final byte[] same = flat.bytesAsJacksonWrites(node);
                    if (same != null) {
                        copied++;
                        assertThat(new String(same, StandardCharsets.UTF_8))
                                .isEqualTo(JACKSON.writeValueAsString(flat.toTree(node)));
                    }
                }
            }
        }
        assertThat(copied).as("records kept as they are").isGreaterThan(1_000);
        // positive control: much of the corpus (not the cut copies) is JSON objects the scanner takes
        assertThat(taken).isGreaterThan(records.size() / 4);
    }

    @Test
    void takesEveryRecordTheShippersWrite() {
        // Given: a generated estate (Telegraf, Metricbeat, Winlogbeat 8 and NXLog as the bench publishes them)
        final List<byte[]> records = new ArrayList<>();
        new EstateGenerator(EstateSpec.of(5L, 3, 3, 2_000, 4.0)).generate(r -> records.add(r.value()));

        // When / Then: none is left to Jackson
        for (final byte[] record : records) {
            assertThat(FlatJson.scratch().read(record, 0, record.length)).as(new String(record, StandardCharsets.UTF_8)).isTrue();
        }
        assertThat(records).hasSize(2_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":0.5}", "{\"a\":-0.0}", "{\"a\":1.5e3}", "{\"a\":123456789012.125}", "{\"a\":0.1}",
            "{\"a\":1E-7}", "{\"a\":9007199254740993.0}", "{\"a\":-12}", "{\"a\":-0}", "{\"a\":999999999999999999}",
            "{\"a\":\"\\u00e9\\n\\\"x\\\\\\/\"}", "{\"a\":\"é€😀\"}", "{\"é\":[true,false,null,{},[]]}", "{ \"a\" : [ 1 , 2 ] }\r\n",
            "{\"a\":1e400}"})
    void readsNumbersStringsAndLiteralsAsJacksonDoes(final String json) {
        // Given
        final byte[] record = json.getBytes(StandardCharsets.UTF_8);

        // When
        final FlatJson flat = FlatJson.scratch();
        final boolean taken = flat.read(record, 0, record.length);

        // Then
        assertThat(taken).isTrue();
        assertThat(flat.toTree(0)).isEqualTo(jackson(record));
        assertThat(flat.toJson(0)).isEqualTo(jackson(record).toString());
        final int a = flat.firstChild(0);
        assertThat(flat.asText(a)).isEqualTo(jackson(record).elements().next().asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1234567890123456789}", "{\"a\\u0041\":1}", "{\"a\":\"\t\"}", "{\"a\":1} x", "{\"a\":1,}", "{'a':1}",
            "{\"a\":\"\\x\"}", "[1]", "{\"a\":NaN}"})
    void leavesToJacksonWhatItDoesNotReadExactly(final String json) {
        // Given: repeated or escaped names, numbers past a long or a double, malformed JSON, a root that is no object
        final byte[] record = json.getBytes(StandardCharsets.UTF_8);

        // When / Then: not taken (Jackson reads it, or reports what is wrong, as it always did)
        assertThat(FlatJson.scratch().read(record, 0, record.length)).isFalse();
        // positive control: the same scanner takes a plain object
        final byte[] plain = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(FlatJson.scratch().read(plain, 0, plain.length)).isTrue();
    }

    @Test
    void checksUtf8AsTheJdkDecoderDoes() {
        // Given: random bytes, random bytes of the ranges UTF-8 is made of, and every 1- to 4-byte sequence's edges
        final Random random = new Random(181_721L);
        final List<byte[]> samples = new ArrayList<>();
        final int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int i = 0; i < 200_000; i++) {
            final byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) (random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : random.nextInt(256));
            }
            samples.add(bytes);
        }

        // When / Then
        int valid = 0;
        for (final byte[] bytes : samples) {
            final boolean jdk = jdkDecodes(bytes);
            assertThat(Utf8.isValid(bytes)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
            valid += jdk ? 1 : 0;
        }
        assertThat(valid).as("positive control").isGreaterThan(1_000);
    }

    private static boolean jdkDecodes(final byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static JsonNode jackson(final byte[] record) {
        try {
            final JsonNode node = JACKSON.readTree(new String(record, StandardCharsets.UTF_8));
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
