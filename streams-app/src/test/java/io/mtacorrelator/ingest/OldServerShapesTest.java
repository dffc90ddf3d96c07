package io.mtacorrelator.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.mtacorrelator.ingest.Fixtures.TELEGRAF_MTA_CONNECTIONS;
import static io.mtacorrelator.ingest.Fixtures.bytes;
import static io.mtacorrelator.ingest.Fixtures.event;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.sample;
import static io.mtacorrelator.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One record of each shape that old servers' shippers really produce and that the parsers lost or misplaced (the
 * defects of "Ingest what old Exchange servers really ship"), through the default detector. The per-format tests
 * go into each shape in depth; these are the regressions.
 */
class OldServerShapesTest {

    private final RecordParser parser = new RecordParser();

    @Test
    void telegrafCollectingRemotelyFilesTheCountersUnderTheMonitoredServer() {
        // Given: Telegraf on MONITOR01 reading EXCH1 (win_perf_counters README: tags.source = the Sources entry)
        final byte[] raw = bytes(TELEGRAF_MTA_CONNECTIONS, r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("tags"))
                .put("host", "MONITOR01").put("source", "EXCH1"));

        // When / Then
        assertThat(sample(parser.parse(raw)).sample().getMta()).isEqualTo("EXCH1");
    }

    @Test
    void winlogbeat6OfWindows2003IsRead() {
        // Given: the Winlogbeat 6.x shape (Winlogbeat 6.3 reference, "Event log record fields")
        final byte[] raw = bytes(WinlogbeatLegacyFormatTest.WINLOGBEAT_6_MTA_9316);

        // When / Then
        assertThat(event(parser.parse(raw)).event().getEventId()).isEqualTo(9316);
    }

    @Test
    void nxlogHostnameInCapitalsIsRead() {
        // Given: $HOSTNAME as real configurations set it
        final byte[] raw = utf8(Fixtures.load(NxlogFormatTest.NXLOG_MTA_9316).toString().replace("\"Hostname\"", "\"HOSTNAME\""));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getMta()).isEqualTo("EXCH1");
    }

    @Test
    void metricbeat6CountersOfAnotherObjectAreIgnoredNotDeadLettered() {
        // Given: Metricbeat 6.x/7.x perfmon.counters (no windows.perfmon.object): a processor time with its labels
        final byte[] raw = utf8("{\"@timestamp\":\"1999-03-01T08:00:00.000Z\",\"host\":{\"name\":\"EXCH1\"},"
                + "\"metricset\":{\"name\":\"perfmon\",\"module\":\"windows\"},\"windows\":{\"perfmon\":{\"instance\":\"_Total\","
                + "\"processor\":{\"time\":{\"total\":{\"pct\":0.25}}}}}}");

        // When / Then
        assertThat(ignored(parser.parse(raw)).reason()).contains("processor.time.total.pct");
    }

    @Test
    void despacedXmlIsReportedAsMalformedXml() {
        // Given: an event whose exporter dropped the spaces between names and attributes
        final byte[] raw = "<Eventxmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider Name=\"MSExchangeMTA\"/></System></Event>"
                .getBytes(StandardCharsets.UTF_8);

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).startsWith("malformed XML");
        assertThat(rejected.parser()).isEqualTo("evtx-xml");
    }
}
