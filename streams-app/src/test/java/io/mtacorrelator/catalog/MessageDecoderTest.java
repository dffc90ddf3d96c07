package io.mtacorrelator.catalog;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.mtacorrelator.catalog.MessageField.BINDING;
import static io.mtacorrelator.catalog.MessageField.BRACKET;
import static io.mtacorrelator.catalog.MessageField.CANCEL_RESULT;
import static io.mtacorrelator.catalog.MessageField.ELAPSED_MS;
import static io.mtacorrelator.catalog.MessageField.LTAB_INDEX;
import static io.mtacorrelator.catalog.MessageField.NT_ERROR;
import static io.mtacorrelator.catalog.MessageField.OPERATION;
import static io.mtacorrelator.catalog.MessageField.REMOTE_ADDRESS;
import static io.mtacorrelator.catalog.MessageField.REMOTE_SERVER;
import static io.mtacorrelator.catalog.MessageField.SOCKET_ERROR;
import static io.mtacorrelator.catalog.MessageField.THREAD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message shapes of DOMAIN.md ("MSExchangeMTA event IDs seen around it") and the KB articles they come
 * from, each decoded as written and as exports mangle it (CRLF breaks, doubled or tight spacing, letter case).
 */
class MessageDecoderTest {

    // 9316 as quoted in Q181721.
    static final String RPC_NO_DATA_9316 = "An RPC communications error occurred. No data was sent over the RPC connection. "
            + "Locality table (LTAB) index: 53. Windows NT error: 1727. The MTA will attempt to recover the RPC connection. "
            + "[BASE IL KERNEL 24 512] (12)";

    // 9277 with the remote address in the binding string (DOMAIN.md).
    static final String RPC_CANCEL_MTABIND_9277 = "The MTA has issued an RPC Cancel call for thread 1, Locality Table Index: 160, "
            + "Time (ms): 1275740, Cancel result: 0 [SLPS100 MtaBind ncacn_ip_tcp:100.5.51.16[1911] BASE IL] (14)";

    // 9277 exactly as Q181721 prints it: the binding string carries only the endpoint.
    static final String RPC_CANCEL_MTABIND_ENDPOINT_ONLY_9277 = "The MTA has issued an RPC Cancel call for thread 1, "
            + "Locality Table Index: 160, Time (ms): 1275740, Cancel result: 0 [SLPS100 MtaBind ncacn_ip_tcp:[1911] BASE IL] (14)";

    // 9277 as Q189494 prints it, line breaks included.
    static final String RPC_CANCEL_INACTIVE_9277 = "The MTA has issued an RPC Cancel call for thread 22, Locality Table\r\n"
            + "Index:\r\n142, Time (ms): 1804070, Cancel result: 0 [TRUMAN RPC inactive\r\n"
            + "ncacn_ip_tcp:192.168.20.3[1966] BASE IL] (14)";

    // 9318 of older 5.5 builds (Q170056).
    static final String BIND_FAILED_OLD_9318 = "An RPC communications error occurred. Unable to bind over RPC. "
            + "The locality table (LTAB) index is 76. Windows NT error code: 1722. [BASE IL MAIN BASE 1 500] (12)";

    // 9318 of post-SP3 builds (Q303156 / Q279537).
    static final String BIND_FAILED_POST_SP3_9318 = "An RPC communications error occurred. Unable to bind over RPC. "
            + "Locality Table (LTAB) index: 151, NT/MTA error code: 1722. Comms error 1722, Bind error 1722, "
            + "Remote Server Name SERVERNAME [MAIN BASE 1 500 %10] (14)";

    // 9215 (Q170056).
    static final String SOCKETS_ERROR_9215 = "A sockets error 10061 on a connect() call was detected. The MTA will attempt "
            + "to recover the sockets connection. Control block index: 1. [BASE IL TCP/IP DRVR 8 274] (12)";

    /** One documented message shape and every field the decoder must find in it (and nothing else). */
    record Shape(String name, String text, Map<MessageField, String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Map<MessageField, String> fields(final Object... pairs) {
        final Map<MessageField, String> map = new EnumMap<>(MessageField.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((MessageField) pairs[i], (String) pairs[i + 1]);
        }
        return map;
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape("9316 RPC no data (Q181721)", RPC_NO_DATA_9316, fields(
                        LTAB_INDEX, "53",
                        NT_ERROR, "1727",
                        BRACKET, "BASE IL KERNEL 24 512")),
                new Shape("9277 MtaBind with remote address", RPC_CANCEL_MTABIND_9277, fields(
                        THREAD, "1",
                        LTAB_INDEX, "160",
                        ELAPSED_MS, "1275740",
                        CANCEL_RESULT, "0",
                        BRACKET, "SLPS100 MtaBind ncacn_ip_tcp:100.5.51.16[1911] BASE IL",
                        OPERATION, "MtaBind",
                        BINDING, "ncacn_ip_tcp:100.5.51.16[1911]",
                        REMOTE_ADDRESS, "100.5.51.16")),
                new Shape("9277 MtaBind endpoint only (Q181721)", RPC_CANCEL_MTABIND_ENDPOINT_ONLY_9277, fields(
                        THREAD, "1",
                        LTAB_INDEX, "160",
                        ELAPSED_MS, "1275740",
                        CANCEL_RESULT, "0",
                        BRACKET, "SLPS100 MtaBind ncacn_ip_tcp:[1911] BASE IL",
                        OPERATION, "MtaBind",
                        BINDING, "ncacn_ip_tcp:[1911]")),
                new Shape("9277 RPC inactive (Q189494)", RPC_CANCEL_INACTIVE_9277, fields(
                        THREAD, "22",
                        LTAB_INDEX, "142",
                        ELAPSED_MS, "1804070",
                        CANCEL_RESULT, "0",
                        BRACKET, "TRUMAN RPC inactive ncacn_ip_tcp:192.168.20.3[1966] BASE IL",
                        OPERATION, "RPC inactive",
                        BINDING, "ncacn_ip_tcp:192.168.20.3[1966]",
                        REMOTE_ADDRESS, "192.168.20.3")),
                new Shape("9318 old 5.5 build (Q170056)", BIND_FAILED_OLD_9318, fields(
                        LTAB_INDEX, "76",
                        NT_ERROR, "1722",
                        BRACKET, "BASE IL MAIN BASE 1 500")),
                new Shape("9318 post-SP3 (Q303156)", BIND_FAILED_POST_SP3_9318, fields(
                        LTAB_INDEX, "151",
                        NT_ERROR, "1722",
                        REMOTE_SERVER, "SERVERNAME",
                        BRACKET, "MAIN BASE 1 500 %10")),
                new Shape("9215 sockets error (Q170056)", SOCKETS_ERROR_9215, fields(
                        SOCKET_ERROR, "10061",
                        BRACKET, "BASE IL TCP/IP DRVR 8 274")));
    }

    /** How exports and shippers mangle the text; the decoded fields must not change. */
    enum Mangling {
        AS_WRITTEN(UnaryOperator.identity()),
        /** Event Viewer text exports: every few words a CRLF instead of the space, continuation lines indented. */
        CRLF_LINE_BREAKS(MessageDecoderTest::breakLines),
        /** Spaces kept doubled, tabs after punctuation. */
        DOUBLED_SPACES(text -> text.replace(" ", "  ").replace(":  ", ":\t").replace(",  ", ",\t ")),
        /** Spaces collapsed after ':' and ',' ("NT/MTA error code:1722", "Bind error %4,Remote Server", Q279537). */
        TIGHT_PUNCTUATION(text -> text.replace(": ", ":").replace(", ", ",")),
        UPPER_CASE(text -> text.toUpperCase(Locale.ROOT)),
        LOWER_CASE(text -> text.toLowerCase(Locale.ROOT)),
        /** A line-oriented shipper that keeps the trailing CRLF and leading indentation. */
        SURROUNDING_WHITESPACE(text -> "\r\n   " + text + " \r\n\r\n");

        private final UnaryOperator<String> mangle;

        Mangling(final UnaryOperator<String> mangle) {
            this.mangle = mangle;
        }

        String apply(final String text) {
            return mangle.apply(text);
        }
    }

    static String breakLines(final String text) {
        final StringBuilder out = new StringBuilder();
        int spaces = 0;
        for (final char c : text.toCharArray()) {
            if (c == ' ' && ++spaces % 4 == 0) {
                out.append("\r\n   ");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static Stream<Arguments> shapesUnderEveryMangling() {
        return shapes().flatMap(shape -> Stream.of(Mangling.values()).map(m -> Arguments.of(shape, m)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("shapesUnderEveryMangling")
    void decodesEveryDocumentedShapeHoweverTheExportFormattedIt(final Shape shape, final Mangling mangling) {
        // Given: a documented message shape, as an export or shipper may have rewritten it
        final String text = mangling.apply(shape.text());

        // When
        final Map<MessageField, String> decoded = MessageDecoder.decode(text);

        // Then: exactly the documented fields; numbers and the canonical operation name verbatim, text fields
        // (binding, address, server, trailer) as written apart from letter case
        assertThat(decoded.keySet()).containsExactlyInAnyOrderElementsOf(shape.expected().keySet());
        shape.expected().forEach((field, value) -> {
            if (field == OPERATION || value.chars().allMatch(Character::isDigit)) {
                assertThat(decoded.get(field)).as(field.name()).isEqualTo(value);
            } else {
                assertThat(decoded.get(field)).as(field.name()).isEqualToIgnoringCase(value);
            }
        });
    }

    @Test
    void keepsTheCaseOfTextFieldsAsWritten() {
        // Given: a 9277 whose binding string names the remote by host name in upper case
        final String text = "The MTA has issued an RPC Cancel call for thread 3, Locality Table Index: 12, Time (ms): 120000, "
                + "Cancel result: 0 [SLPS100 MtaBind ncacn_ip_tcp:EXCH2.corp.example[1911] BASE IL] (14)";

        // When
        final Map<MessageField, String> decoded = MessageDecoder.decode(text);

        // Then: address and binding come back verbatim (host normalisation is the ingest side's job)
        assertThat(decoded)
                .containsEntry(REMOTE_ADDRESS, "EXCH2.corp.example")
                .containsEntry(BINDING, "ncacn_ip_tcp:EXCH2.corp.example[1911]")
                .containsEntry(OPERATION, "MtaBind");
    }

    @Test
    void tellsMtaBindBackFromMtaBind() {
        // Given: a trailer naming MtaBindBack (9322 family), which contains "MtaBind" as a prefix
        final String text = "An interface error has occurred. An MtaBindBack over RPC has failed. Locality Table (LTAB) index: 7, "
                + "NT/MTA error code: 14. [SLPS100 MtaBindBack ncacn_ip_tcp:10.0.0.2[1911] BASE IL] (14)";

        // When
        final Map<MessageField, String> decoded = MessageDecoder.decode(text);

        // Then
        assertThat(decoded).containsEntry(OPERATION, "MtaBindBack").containsEntry(NT_ERROR, "14").containsEntry(LTAB_INDEX, "7");
    }

    @Test
    void readsANegativeCancelResult() {
        // Given
        final String text = "The MTA has issued an RPC Cancel call for thread 4, Locality Table Index: 9, Time (ms): 121000, "
                + "Cancel result: -1 [SLPS100 RPC inactive ncacn_ip_tcp:[1911] BASE IL] (14)";

        // When / Then
        assertThat(MessageDecoder.decode(text)).containsEntry(CANCEL_RESULT, "-1").containsEntry(OPERATION, "RPC inactive");
    }

    @Test
    void findsNoOperationInATrailerThatNamesNone() {
        // Given: the 9316 trailer "[BASE IL KERNEL 24 512]" names no RPC operation
        // When
        final Map<MessageField, String> decoded = MessageDecoder.decode(RPC_NO_DATA_9316);

        // Then
        assertThat(decoded).doesNotContainKey(OPERATION);
    }

    @Test
    void readsTheNtErrorOfTheMessageNotTheCommsOrBindError() {
        // Given: a post-SP3 9318 whose NT/MTA, comms and bind errors differ
        final String text = BIND_FAILED_POST_SP3_9318
                .replace("NT/MTA error code: 1722", "NT/MTA error code: 1753")
                .replace("Comms error 1722", "Comms error 1726");

        // When / Then
        assertThat(MessageDecoder.decode(text)).containsEntry(NT_ERROR, "1753");
    }

    @ParameterizedTest
    @EnumSource(value = Mangling.class)
    void decodesNothingFromTextWithoutMtaFields(final Mangling mangling) {
        // Given: an unrelated event text
        final String text = mangling.apply("The MTA service started successfully. Version 5.5.2653.19.");

        // When / Then
        assertThat(MessageDecoder.decode(text)).isEmpty();
    }

    @Test
    void decodesNullAndBlankToNoFields() {
        // Given / When / Then: shippers may send no message at all
        assertThat(MessageDecoder.decode(null)).isEmpty();
        assertThat(MessageDecoder.decode("")).isEmpty();
        assertThat(MessageDecoder.decode(" \r\n\t ")).isEmpty();
    }

    @Test
    void toleratesUnbalancedBrackets() {
        // Given: a trailer cut off by a shipper's line limit, and one with a stray closing bracket
        final String cut = "The MTA has issued an RPC Cancel call for thread 1, Locality Table Index: 160, Time (ms): 1275740, "
                + "Cancel result: 0 [SLPS100 MtaBind ncacn_ip_tcp:100.5.51.16[19";
        final String stray = "Locality table (LTAB) index: 53. Windows NT error: 1727. ]]] [[[ (12)";

        // When
        final Map<MessageField, String> cutFields = MessageDecoder.decode(cut);
        final Map<MessageField, String> strayFields = MessageDecoder.decode(stray);

        // Then: the plain-text fields survive, no trailer is invented
        assertThat(cutFields).containsEntry(LTAB_INDEX, "160").containsEntry(ELAPSED_MS, "1275740").doesNotContainKey(BRACKET);
        assertThat(strayFields).containsEntry(LTAB_INDEX, "53").containsEntry(NT_ERROR, "1727");
    }

    @Nested
    class Fold {

        @Test
        void foldsCrlfTabsAndRepeatedSpacesToSingleSpaces() {
            // Given
            final String text = "  Locality table\r\n(LTAB)  index:\t53.\r\n\r\nWindows NT error: 1727.  ";

            // When
            final String folded = MessageDecoder.fold(text);

            // Then
            assertThat(folded).isEqualTo("Locality table (LTAB) index: 53. Windows NT error: 1727.");
        }

        @Test
        void foldsNullToEmpty() {
            // Given / When / Then
            assertThat(MessageDecoder.fold(null)).isEmpty();
        }

        @Test
        void leavesAlreadyFoldedTextUnchanged() {
            // Given
            final String folded = MessageDecoder.fold(RPC_CANCEL_MTABIND_9277);

            // When / Then: folding is idempotent and the documented single-line shape is already folded
            assertThat(folded).isEqualTo(RPC_CANCEL_MTABIND_9277);
            assertThat(MessageDecoder.fold(folded)).isEqualTo(folded);
        }
    }

    @Test
    void decodesAMessageWithALongBracketedTrailerWithoutBlowingTheStack() {
        // Given: an MTA message whose bracketed trailer is long (a shipper glued diagnostics into it)
        final String closed = RPC_NO_DATA_9316.replace("[BASE IL KERNEL 24 512]", "[BASE IL " + "x".repeat(20_000) + "]");
        final String unclosed = "Locality table (LTAB) index: 53. Windows NT error: 1727. [" + "y ".repeat(10_000);

        // When
        final Map<MessageField, String> closedFields = MessageDecoder.decode(closed);
        final Map<MessageField, String> unclosedFields = MessageDecoder.decode(unclosed);

        // Then: the fields around the trailer are still read
        assertThat(closedFields).containsEntry(LTAB_INDEX, "53").containsEntry(NT_ERROR, "1727").containsKey(BRACKET);
        assertThat(unclosedFields).containsEntry(LTAB_INDEX, "53").containsEntry(NT_ERROR, "1727").doesNotContainKey(BRACKET);
    }

    @Nested
    class OutsideTheDocumentedShapes {

        @Test
        void readsTheExchange2000WordingOfTheErrorCode() {
            // Given: a 9318 as Exchange 2000 writes it
            final String text = "An RPC communications error occurred. Unable to bind over RPC. Locality Table (LTAB) index: 41, "
                    + "Windows 2000/MTA error code: 1722. Comms error 1722, Bind error 1722, Remote Server Name EXCH2 "
                    + "[MAIN BASE 1 500 %10] (14)";

            // When
            final Map<MessageField, String> decoded = MessageDecoder.decode(text);

            // Then
            assertThat(decoded).containsEntry(LTAB_INDEX, "41").containsEntry(NT_ERROR, "1722").containsEntry(REMOTE_SERVER, "EXCH2");
        }
    }
}
