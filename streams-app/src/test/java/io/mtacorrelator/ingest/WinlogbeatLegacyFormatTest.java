package io.mtacorrelator.ingest;

import io.mtacorrelator.avro.MtaEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.mtacorrelator.ingest.Fixtures.bytes;
import static io.mtacorrelator.ingest.Fixtures.event;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Winlogbeat 5.x / 6.x records, the versions that ran on Windows Server 2003. The fixtures follow the Winlogbeat 6.3
 * reference, "Event log record fields" (computer_name, event_data with param1..N before Vista, event_id, keywords,
 * log_name, level, message, record_number as a string, source_name, task, type = the API), and for 5.x the 5.6
 * reference ("category", no task).
 */
class WinlogbeatLegacyFormatTest {

    static final String WINLOGBEAT_6_MTA_9316 = "winlogbeat-6-mta-9316.json";
    static final String WINLOGBEAT_5_MTA_9277 = "winlogbeat-5-mta-9277.json";

    private final RecordParser parser = new RecordParser();

    @Test
    void readsAWinlogbeat6RecordOfWindowsServer2003() {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_6_MTA_9316);

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: filed under the computer that logged it, every field where Winlogbeat 6 puts it
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("winlogbeat-6");
        assertThat(e.getShipper()).isEqualTo("winlogbeat-6");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getProvider()).isEqualTo("MSExchangeMTA");
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getChannel()).isEqualTo("Application");
        assertThat(e.getRecordId()).isEqualTo(4711L);
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
    }

    @Test
    void readsAWinlogbeat5RecordWithItsCategory() {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_5_MTA_9277);

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getEventName()).isEqualTo("RPC_CANCEL");
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getRecordId()).isEqualTo(4712L);
    }

    @Test
    void takesTheInsertionStringsWhenTheMessageCouldNotBeFormatted() {
        // Given: no message DLL on the collector: no message, only event_data.param1..N
        final byte[] raw = bytes(WINLOGBEAT_6_MTA_9316, r -> r.remove("message"));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then: 9316's insertion strings are the LTAB index and the NT error
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
    }

    @Test
    void filesAForwardedEventUnderTheComputerThatLoggedIt() {
        // Given: collected on another machine (event forwarding): beat.hostname is the collector
        final byte[] raw = bytes(WINLOGBEAT_6_MTA_9316, r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("beat"))
                .put("hostname", "COLLECTOR"));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getMta()).isEqualTo("EXCH1");
    }

    @Test
    void ignoresAnotherProviderAndRejectsARecordWithoutAComputer() {
        // Given
        final byte[] other = bytes(WINLOGBEAT_6_MTA_9316, r -> r.put("source_name", "Service Control Manager"));
        final byte[] noComputer = bytes(WINLOGBEAT_6_MTA_9316, r -> {
            r.remove("computer_name");
            r.remove("beat");
            r.remove("host");
        });

        // When / Then
        assertThat(ignored(parser.parse(other)).reason()).contains("Service Control Manager");
        assertThat(rejected(parser.parse(noComputer)).reason()).contains("computer_name");
        assertThat(event(parser.parse(bytes(WINLOGBEAT_6_MTA_9316))).parser()).isEqualTo("winlogbeat-6");
    }

    @Test
    void isNotTakenForTheEcsShapeOfWinlogbeat7And8() {
        // Given
        final WinlogbeatLegacyFormat format = new WinlogbeatLegacyFormat();

        // When / Then
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(WINLOGBEAT_6_MTA_9316)))).isTrue();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(Fixtures.WINLOGBEAT_8_MTA_9316)))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(Fixtures.WINLOGBEAT_7_MTA_9277)))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(NxlogFormatTest.NXLOG_MTA_9316)))).isFalse();
    }
}
