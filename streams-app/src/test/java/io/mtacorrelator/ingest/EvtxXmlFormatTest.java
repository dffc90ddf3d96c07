package io.mtacorrelator.ingest;

import com.sun.net.httpserver.HttpServer;
import io.mtacorrelator.avro.MtaEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_8_MTA_9316;
import static io.mtacorrelator.ingest.Fixtures.event;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Windows Event Forwarding / EVTX rendered XML, one event per record, through the detector with every format. */
class EvtxXmlFormatTest {

    static final String EVTX_MTA_9316 = "evtx-mta-9316.xml";
    static final String EVTX_MTA_9277 = "evtx-mta-9277.xml";
    static final String EVTX_MTA_9316_UNRENDERED = "evtx-mta-9316-unrendered.xml";
    static final String EVTX_OTHER_PROVIDER = "evtx-other-provider.xml";

    private final RecordParser parser = new RecordParser(List.of(
            new WinlogbeatFormat(), new TelegrafPerfCounterFormat(), new EvtxXmlFormat(), new EventViewerCsvFormat()));

    /** A text fixture exactly as stored. */
    static String text(final String name) {
        try (InputStream in = EvtxXmlFormatTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 9316 fixture with one piece of its text replaced (the piece must be there). */
    private static byte[] edited9316(final String piece, final String replacement) {
        final String xml = text(EVTX_MTA_9316);
        assertThat(xml).contains(piece);
        return utf8(xml.replace(piece, replacement));
    }

    @Test
    void readsAForwardedRpcCommunicationsError() {
        // Given: the 9316 of Q181721 as Windows Event Forwarding renders it (namespace, qualifiers, RenderingInfo)
        final byte[] raw = utf8(text(EVTX_MTA_9316));

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: a normalised event, the MTA keyed without its DNS domain
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("evtx-xml");
        assertThat(e.getShipper()).isEqualTo("evtx-xml");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
        assertThat(e.getProvider()).isEqualTo("MSExchangeMTA");
        assertThat(e.getCategory()).as("from RenderingInfo/Task, not the numeric System/Task").isEqualTo("Interface");
        assertThat(e.getChannel()).isEqualTo("Application");
        assertThat(e.getRecordId()).isEqualTo(4711L);
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
        assertThat(e.getNtErrorName()).isEqualTo("RPC_S_CALL_FAILED_DNE");
        assertThat(e.getMessage()).startsWith("An RPC communications error occurred.").endsWith("[BASE IL KERNEL 24 512] (12)");
    }

    @Test
    void readsAPrettyPrintedRpcCancelWithADeclarationAndLineBreaks() {
        // Given: a 9277/MtaBind exported pretty-printed, with an XML declaration and CRLFs in the message
        final byte[] raw = utf8(text(EVTX_MTA_9277));

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: the trailer's operation, binding and address, and the counts from the text
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("evtx-xml");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:33:40.123Z"));
        assertThat(e.getEventId()).isEqualTo(9277);
        assertThat(e.getEventName()).isEqualTo("RPC_CANCEL");
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getRecordId()).isEqualTo(4712L);
        assertThat(e.getThread()).isEqualTo(1);
        assertThat(e.getLtabIndex()).isEqualTo(160);
        assertThat(e.getElapsedMs()).isEqualTo(1_275_740L);
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getBinding()).isEqualTo("ncacn_ip_tcp:100.5.51.16[1911]");
        assertThat(e.getRemoteAddress()).isEqualTo("100.5.51.16");
        assertThat(e.getNtError()).isNull();
        assertThat(e.getMessage()).as("the message is kept as shipped").contains("\r\n");
    }

    @Test
    void readsTheFieldsFromEventDataWhenTheMessageIsAbsent() {
        // Given: a 9316 forwarded without RenderingInfo (the collector did not render it): only EventData/Data
        final byte[] raw = utf8(text(EVTX_MTA_9316_UNRENDERED));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then: LTAB index and NT error from the insertion strings, in order
        assertThat(e.getMessage()).isEmpty();
        assertThat(e.getCategory()).isNull();
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
        assertThat(e.getNtErrorName()).isEqualTo("RPC_S_CALL_FAILED_DNE");
        assertThat(e.getRecordId()).isEqualTo(4719L);
    }

    @Test
    void readsTheOperationOfAnUnrenderedCancelFromItsFifthData() {
        // Given: the 9277 without RenderingInfo: the trailer arrives as the fifth Data
        final String xml = text(EVTX_MTA_9277).replaceAll("(?s)<RenderingInfo.*</RenderingInfo>", "");
        assertThat(xml).doesNotContain("Message");

        // When
        final MtaEvent e = event(parser.parse(utf8(xml))).event();

        // Then
        assertThat(e.getMessage()).isEmpty();
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getThread()).isEqualTo(1);
        assertThat(e.getLtabIndex()).isEqualTo(160);
        assertThat(e.getElapsedMs()).isEqualTo(1_275_740L);
        assertThat(e.getRemoteAddress()).isEqualTo("100.5.51.16");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<EventID>3221234788</EventID>",
            "<EventID Qualifiers=\"49152\">3221234788</EventID>",
            "<EventID>-1073732508</EventID>",
            "<EventID> 9316 </EventID>",
            "<EventID Qualifiers=\"0\">9316</EventID>"})
    void keepsOnlyTheLow16BitsOfTheEventId(final String eventId) {
        // Given: exporters that write the full 32-bit event ID (0xC0002464), signed or unsigned, or pad it
        final byte[] raw = edited9316("<EventID Qualifiers=\"49152\">9316</EventID>", eventId);

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
    }

    @Test
    void readsAnEventWithoutTheEventNamespace() {
        // Given: an exporter that drops the xmlns
        final byte[] raw = edited9316(" xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"", "");

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getLtabIndex()).isEqualTo(53);
    }

    @Test
    void readsOneEventInsideAnEventsWrapper() {
        // Given: wevtutil / Get-WinEvent style: <Events> around a single event
        final byte[] raw = utf8("<Events>" + text(EVTX_MTA_9316).strip() + "</Events>");

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getRecordId()).isEqualTo(4711L);
    }

    @Test
    void rejectsTwoEventsInOneRecord() {
        // Given: a batch of two events in one Kafka value
        final String one = text(EVTX_MTA_9316).strip();
        final byte[] raw = utf8("<Events>" + one + one + "</Events>");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then: not half-read
        assertThat(rejected.reason()).contains("2 Event elements");
        assertThat(rejected.parser()).isEqualTo("evtx-xml");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1999-03-01T08:31:10.000000000Z | 1999-03-01T08:31:10Z",
            "1999-03-01T08:31:10.000000000  | 1999-03-01T08:31:10Z",
            "1999-03-01T08:31:10.5          | 1999-03-01T08:31:10.500Z",
            "1999-03-01T08:31:10Z           | 1999-03-01T08:31:10Z",
            "1999-03-01T09:31:10+01:00      | 1999-03-01T08:31:10Z"})
    void readsTheSystemTimeWithOrWithoutAZone(final String systemTime, final String expected) {
        // Given: SystemTime with nine fractional digits, none, a zone offset, or no zone at all (taken as UTC)
        final byte[] raw = edited9316("1999-03-01T08:31:10.000000000Z", systemTime);

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void ignoresAnotherProvider() {
        // Given: Service Control Manager 7036 forwarded from the same server
        final byte[] raw = utf8(text(EVTX_OTHER_PROVIDER));

        // When
        final ParseOutcome.Ignored ignored = ignored(parser.parse(raw));

        // Then: readable, counted, not kept
        assertThat(ignored.reason()).contains("Service Control Manager").contains("MSExchangeMTA");
        assertThat(ignored.parser()).isEqualTo("evtx-xml");
    }

    @Test
    void rejectsADoctypeWithoutFetchingOrReadingAnything(@TempDir final Path dir) throws IOException {
        // Given: an XXE attempt: a DOCTYPE whose entities point at a local secret file and at an HTTP server we watch
        final Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-181721");
        final AtomicInteger requests = new AtomicInteger();
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            final String url = "http://127.0.0.1:" + server.getAddress().getPort();
            final List<String> attacks = List.of(
                    "<!DOCTYPE Event [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>",
                    "<!DOCTYPE Event [<!ENTITY xxe SYSTEM \"" + url + "/entity\">]>",
                    "<!DOCTYPE Event SYSTEM \"" + url + "/event.dtd\">",
                    "<!DOCTYPE Event [<!ENTITY % remote SYSTEM \"" + url + "/param.dtd\"> %remote;]>",
                    "<!DOCTYPE Event [<!ENTITY lol \"lol\"><!ENTITY xxe \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>");
            for (final String doctype : attacks) {
                final byte[] raw = utf8("<?xml version=\"1.0\"?>" + doctype
                        + text(EVTX_MTA_9316).replace("<Computer>EXCH1.corp.example</Computer>", "<Computer>&xxe;</Computer>"));

                // When
                final ParseOutcome outcome = parser.parse(raw);

                // Then: refused as a record with a DOCTYPE, and the entity's target is never read
                final ParseOutcome.Rejected rejected = rejected(outcome);
                assertThat(rejected.reason()).as(doctype).contains("DOCTYPE");
                assertThat(rejected.reason()).doesNotContain("TOP-SECRET");
                assertThat(rejected.parser()).isEqualTo("evtx-xml");
            }
        } finally {
            server.stop(0);
        }
        assertThat(requests.get()).as("HTTP requests made by the parser").isZero();
    }

    @Test
    void rejectsAnUndeclaredEntityAsMalformed() {
        // Given: an entity reference with no DTD at all: nothing to resolve it with
        final byte[] raw = edited9316("<Computer>EXCH1.corp.example</Computer>", "<Computer>&xxe;</Computer>");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).startsWith("malformed XML").contains("xxe");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<Event><System><Provider Name=\"MSExchangeMTA\"/>",
            "<Event><System><EventID>9316</Computer></System></Event>",
            "<Event><System><Provider Name=MSExchangeMTA/></System></Event>",
            "<Event></Event><Event></Event>",
            "<Event></Event> trailing garbage",
            "<Event><System></System></Event"})
    void rejectsMalformedXml(final String xml) {
        // Given: text that starts like an event but is not well-formed XML
        // When
        final ParseOutcome outcome = parser.parse(utf8(xml));

        // Then: the dead letter says why, with the position
        final ParseOutcome.Rejected rejected = rejected(outcome);
        assertThat(rejected.reason()).startsWith("malformed XML: line ");
        assertThat(rejected.parser()).isEqualTo("evtx-xml");
    }

    @Test
    void rejectsARootElementThatIsNotAnEvent() {
        // Given: well-formed XML with an Event somewhere inside something else
        final byte[] raw = utf8("<html><body><Event/></body></html>");

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("<html>").contains("not an EVTX <Event>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<TimeCreated SystemTime=\"1999-03-01T08:31:10.000000000Z\"/> |                                                  | TimeCreated@SystemTime",
            "1999-03-01T08:31:10.000000000Z                              | 3/1/1999 8:31:10 AM                              | not an ISO-8601",
            "1999-03-01T08:31:10.000000000Z                              | 1970-01-01T00:00:00.000000000Z                   | before",
            "<Computer>EXCH1.corp.example</Computer>                     | <Computer> </Computer>                           | System/Computer",
            "<EventID Qualifiers=\"49152\">9316</EventID>                | <EventID>RPC error</EventID>                     | System/EventID 'RPC error'",
            "<EventID Qualifiers=\"49152\">9316</EventID>                |                                                  | without System/EventID",
            "<Provider Name=\"MSExchangeMTA\"/>                          | <Provider/>                                      | Provider@Name"})
    void rejectsAnMtaEventMissingAField(final String piece, final String replacement, final String reason) {
        // Given: the 9316 with a required field removed or unreadable
        final byte[] raw = edited9316(piece, replacement == null ? "" : replacement);

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains(reason);
        assertThat(rejected.parser()).isEqualTo("evtx-xml");
    }

    @Test
    void takesTheProviderFromEventSourceNameWhenNameIsAbsent() {
        // Given: a manifest-style Provider element that carries the classic source only as EventSourceName
        final byte[] raw = edited9316("<Provider Name=\"MSExchangeMTA\"/>", "<Provider EventSourceName=\"MSExchangeMTA\"/>");

        // When / Then
        assertThat(event(parser.parse(raw)).event().getProvider()).isEqualTo("MSExchangeMTA");
    }

    @Test
    void readsAnEventThatStartsWithAByteOrderMarkAndBlankLines() {
        // Given
        final byte[] raw = utf8("\uFEFF\r\n\r\n" + text(EVTX_MTA_9277));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getEventId()).isEqualTo(9277);
    }

    @Test
    void neverThrowsOnDeeplyNestedXml() {
        // Given: an Event holding 100,000 nested elements (about 0.5 MiB)
        final byte[] raw = utf8("<Event>" + "<a>".repeat(100_000) + "</a>".repeat(100_000) + "</Event>");

        // When / Then: one outcome, promptly, no throwable
        assertThatCode(() -> parser.parse(raw)).doesNotThrowAnyException();
        final long start = System.nanoTime();
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(rejected.reason()).contains("Provider@Name");
    }

    @Test
    void acceptsTextThatStartsAsXmlDoes() {
        // Given
        final EvtxXmlFormat format = new EvtxXmlFormat();

        // When / Then: anything that starts as XML is this format's to judge (so a damaged event is reported as XML)
        assertThat(format.accepts(RawRecord.ofText(text(EVTX_MTA_9316)))).isTrue();
        assertThat(format.accepts(RawRecord.ofText("  <?xml version=\"1.0\"?>\n<Event/>"))).isTrue();
        assertThat(format.accepts(RawRecord.ofText("<evt:Event xmlns:evt=\"" + EvtxXmlFormat.EVENT_NAMESPACE + "\"/>"))).isTrue();
        assertThat(format.accepts(RawRecord.ofText("<EventData><Data>53</Data></EventData>"))).isTrue();
        assertThat(rejected(parser.parse(utf8("<EventData><Data>53</Data></EventData>"))).reason())
                .contains("root element <EventData> is not an EVTX <Event>");
        assertThat(format.accepts(RawRecord.ofText("<13>Mar  1 08:31:10 exch1 MSExchangeMTA: 9316"))).as("syslog").isFalse();
        assertThat(format.accepts(RawRecord.ofText("Event 9316 <Event>"))).isFalse();
        assertThat(format.accepts(RawRecord.ofText("3/1/99,8:31:10 AM,MSExchangeMTA,Warning,Interface,9316,N/A,EXCH1,<Event>"))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(WINLOGBEAT_8_MTA_9316)))).isFalse();
    }

    @Test
    void theDetectorSendsXmlToThisFormatAndFreeTextNowhere() {
        // Given: an EVTX event, a Winlogbeat record and free text, all to the detector with the text formats added
        final byte[] xml = utf8(text(EVTX_MTA_9316));
        final byte[] winlogbeat = Fixtures.bytes(WINLOGBEAT_8_MTA_9316);
        final byte[] freeText = utf8("winlogbeat: 9316 EXCH1 <Event> at 8:31:10 AM");

        // When / Then
        assertThat(event(parser.parse(xml)).parser()).isEqualTo("evtx-xml");
        assertThat(event(parser.parse(winlogbeat)).parser()).isEqualTo("winlogbeat-8");
        final ParseOutcome.Rejected rejected = rejected(parser.parse(freeText));
        assertThat(rejected.reason()).startsWith("no known shipper format").contains("evtx-xml").contains("eventviewer-csv");
        assertThat(rejected.parser()).isEqualTo("detector");
    }
}
