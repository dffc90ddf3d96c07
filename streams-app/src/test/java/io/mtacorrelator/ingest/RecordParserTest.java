package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.mtacorrelator.ingest.Fixtures.TELEGRAF_MTA_CONNECTIONS;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_8_MTA_9316;
import static io.mtacorrelator.ingest.Fixtures.bytes;
import static io.mtacorrelator.ingest.Fixtures.event;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.sample;
import static io.mtacorrelator.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The detector: every input, however broken, gives exactly one outcome and never an exception. */
class RecordParserTest {

    private final RecordParser parser = new RecordParser();

    @Test
    void sendsEachShipperShapeToItsFormat() {
        // Given: one record of each known shipper
        final byte[] winlogbeat = bytes(WINLOGBEAT_8_MTA_9316);
        final byte[] telegraf = bytes(TELEGRAF_MTA_CONNECTIONS);

        // When / Then
        assertThat(event(parser.parse(winlogbeat)).parser()).isEqualTo("winlogbeat-8");
        assertThat(sample(parser.parse(telegraf)).parser()).isEqualTo("telegraf-win_perf_counters");
    }

    @Test
    void rejectsEmptyAndNullRecords() {
        // Given / When / Then: a tombstone or an empty Kafka value
        assertThat(rejected(parser.parse(new byte[0])).reason()).contains("empty");
        assertThat(rejected(parser.parse(null)).reason()).contains("empty");
        assertThat(parser.parse(new byte[0]).parser()).isEqualTo("detector");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"winlog\": {",
            "{\"@timestamp\": \"1999-03-01T08:31:10Z\", \"message\": \"unterminated}",
            "{'winlog': {}}",
            "{\"a\":1,}"})
    void rejectsMalformedJson(final String text) {
        // Given: a record that is text but not JSON
        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(utf8(text)));

        // Then
        assertThat(rejected.reason()).contains("malformed JSON");
        assertThat(rejected.parser()).isEqualTo("detector");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{\"winlog\":{}}]", "[]", "42", "9316", "\"MSExchangeMTA\"", "true", "null", "   "})
    void rejectsJsonThatIsNotAnObject(final String text) {
        // Given: valid JSON (or only whitespace) that is not one record object
        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(utf8(text)));

        // Then
        assertThat(rejected.reason()).contains("not a JSON object");
    }

    @Test
    void rejectsInvalidUtf8() {
        // Given: a Winlogbeat record whose message was written in Windows-1252 (0xE9 is 'é' there, invalid alone in UTF-8)
        final byte[] valid = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("message", "Locality table (LTAB) index: 53. xx"));
        final String text = new String(valid, StandardCharsets.UTF_8);
        final int at = text.indexOf("xx");
        final byte[] raw = valid.clone();
        raw[at] = (byte) 0xE9;
        raw[at + 1] = (byte) 0x2E;

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("UTF-8");
    }

    @Test
    void rejectsARecordOverOneMebibyteBeforeParsingIt() {
        // Given: a Winlogbeat MTA record padded to one byte over the limit
        final byte[] raw = paddedTo(RecordParser.MAX_RECORD_BYTES + 1);

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains(String.valueOf(RecordParser.MAX_RECORD_BYTES + 1)).contains("limit");
    }

    @Test
    void namesTheRealSizeOfARecordAFileReaderCut() {
        // Given: the first 2 MiB of a 20 MB line, as a file reader that cuts long lines publishes it, with the length
        // it had in the file
        final byte[] cut = paddedTo(2 * RecordParser.MAX_RECORD_BYTES);
        final long inTheFile = 20L * 1000 * 1000;

        // When
        final List<RecordParser.Parsed> all = parser.parseAll(cut, inTheFile);

        // Then: the size in the file, and the size it was cut to
        assertThat(all).hasSize(1);
        assertThat(rejected(all.get(0).outcome()).reason())
                .startsWith("record of " + inTheFile + " bytes (cut to " + cut.length + " when read) exceeds the "
                        + RecordParser.MAX_RECORD_BYTES + "-byte limit");
    }

    @Test
    void acceptsARecordOfExactlyOneMebibyte() {
        // Given: the same record padded to exactly the limit
        final byte[] raw = paddedTo(RecordParser.MAX_RECORD_BYTES);
        assertThat(raw).hasSize(1024 * 1024);

        // When / Then
        assertThat(event(parser.parse(raw)).event().getLtabIndex()).isEqualTo(53);
    }

    /** The 9316 fixture with a "pad" field sized so the whole record is exactly {@code size} bytes. */
    private static byte[] paddedTo(final int size) {
        final String record = new String(bytes(WINLOGBEAT_8_MTA_9316), StandardCharsets.UTF_8);
        final String prefix = "{\"pad\":\"";
        final String suffix = "\"," + record.substring(1);
        final String padded = prefix + "p".repeat(size - prefix.length() - suffix.length()) + suffix;
        return padded.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> binaryGarbage() {
        final Random random = new Random(181_721L);
        final byte[] noise = new byte[4096];
        random.nextBytes(noise);
        return Stream.of(
                Arguments.of("random bytes", noise),
                Arguments.of("NUL bytes", new byte[64]),
                Arguments.of("GIF header", new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0}),
                Arguments.of("gzip header", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}),
                Arguments.of("Avro-framed MtaEvent", new byte[] {0, 0, 0, 0, 1, 10, 'E', 'X', 'C', 'H', '1'}),
                Arguments.of("UTF-16LE JSON", "{\"winlog\":{}}".getBytes(StandardCharsets.UTF_16LE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryGarbage")
    void rejectsBinaryGarbageWithAReason(final String what, final byte[] raw) {
        // Given: bytes that are not a shipper record at all
        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: rejected with a reason that says why, no exception
        final ParseOutcome.Rejected rejected = rejected(outcome);
        assertThat(rejected.reason()).containsAnyOf("UTF-8", "JSON", "no known shipper format");
        assertThat(rejected.parser()).isEqualTo("detector");
    }

    @Test
    void rejectsPlainTextNoFormatTakesNamingTheFormatsTried() {
        // Given: text that is neither JSON nor a text shipper's shape
        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(utf8("winlogbeat: 9316 EXCH1")));

        // Then
        assertThat(rejected.reason()).startsWith("no known shipper format").contains("winlogbeat");
        assertThat(rejected.parser()).isEqualTo("detector");
    }

    @Test
    void rejectsDeeplyNestedJson() {
        // Given: 10,000 nested arrays inside an object (a parser stack bomb)
        final String bomb = "{\"winlog\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(utf8(bomb)));

        // Then
        assertThat(rejected.reason()).contains("JSON");
    }

    @Test
    void rejectsAnObjectOfNoKnownShipper() {
        // Given: a Graylog GELF message, a format this detector does not know
        final byte[] raw = utf8("{\"version\":\"1.1\",\"host\":\"EXCH1\",\"short_message\":\"Locality table (LTAB) index: 53.\","
                + "\"timestamp\":920277070,\"_EventID\":9316,\"_SourceName\":\"MSExchangeMTA\"}");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("no known shipper format");
        assertThat(rejected.parser()).isEqualTo("detector");
    }

    @Test
    void turnsAParserFailureIntoARejectionNamingTheParser() {
        // Given: a format that accepts everything and then fails
        final ShipperFormat broken = new ShipperFormat() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean accepts(final RawRecord record) {
                return true;
            }

            @Override
            public ParseOutcome parse(final RawRecord record) {
                throw new IllegalStateException("boom");
            }
        };
        final RecordParser withBrokenFormat = new RecordParser(List.of(broken));

        // When
        final ParseOutcome.Rejected rejected = rejected(withBrokenFormat.parse(bytes(TELEGRAF_MTA_CONNECTIONS)));

        // Then: ingestion goes on; the dead letter says which parser and why
        assertThat(rejected.parser()).isEqualTo("broken");
        assertThat(rejected.reason()).contains("parser failed").contains("boom");
    }

    @Test
    void asksTheFormatsInOrder() {
        // Given: a record with both a winlog object and Telegraf's fields/tags/timestamp
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            r.putObject("fields").put("Queue_Length", 1);
            r.putObject("tags").put("objectname", "MSExchangeMTA Connections").put("host", "EXCH1");
            r.put("timestamp", 920_275_200);
        });

        // When / Then: Winlogbeat is asked first by the default detector
        assertThat(event(parser.parse(raw)).parser()).isEqualTo("winlogbeat-8");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"two records", "trailing garbage"})
    void rejectsContentAfterTheRecordObject(final String what) {
        // Given: a valid record followed by a second record (an NDJSON batch in one Kafka value) or by garbage
        final String one = new String(bytes(WINLOGBEAT_8_MTA_9316), StandardCharsets.UTF_8);
        final String raw = what.equals("two records") ? one + "\n" + one : one + " garbage";

        // When
        final ParseOutcome outcome = parser.parse(utf8(raw));

        // Then: not half-read: the whole value goes to the dead-letter topic
        assertThat(rejected(outcome).reason()).contains("JSON");
    }

    @Test
    void neverThrowsOnAnMtaMessageWithALongBracketedTrailer() {
        // Given: a valid MSExchangeMTA record (well under 1 MiB) whose message has a 20,000-character bracket
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("message",
                "Locality table (LTAB) index: 53. Windows NT error: 1727. [BASE IL " + "x".repeat(20_000) + "] (12)"));

        // When / Then: one outcome, no throwable
        assertThatCode(() -> parser.parse(raw)).doesNotThrowAnyException();
        assertThat(parser.parse(raw)).isInstanceOfAny(ParseOutcome.Event.class, ParseOutcome.Rejected.class);
    }

    @Test
    void readsARecordThatStartsWithAByteOrderMark() {
        // Given: the record as some Windows tools write it, with a UTF-8 BOM
        final byte[] record = bytes(WINLOGBEAT_8_MTA_9316);
        final byte[] withBom = new byte[record.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(record, 0, withBom, 3, record.length);

        // When / Then
        assertThat(event(parser.parse(withBom)).event().getEventId()).isEqualTo(9316);
    }

    @Test
    void rejectsACounterValueThatOverflowsToInfinity() {
        // Given: 1e400 is valid JSON but not a double
        final byte[] raw = utf8("{\"fields\":{\"Queue_Length\":1e400},\"name\":\"win_perf_counters\",\"tags\":"
                + "{\"host\":\"EXCH1\",\"instance\":\"EXCH2\",\"objectname\":\"MSExchangeMTA Connections\"},"
                + "\"timestamp\":920275200}");

        // When / Then
        assertThat(rejected(parser.parse(raw)).reason()).contains("Queue_Length").contains("finite");
    }
}
