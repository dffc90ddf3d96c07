package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.MtaEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.mtacorrelator.ingest.Fixtures.TELEGRAF_MTA_CONNECTIONS;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_7_MTA_9277;
import static io.mtacorrelator.ingest.Fixtures.WINLOGBEAT_8_MTA_9316;
import static io.mtacorrelator.ingest.Fixtures.bytes;
import static io.mtacorrelator.ingest.Fixtures.event;
import static io.mtacorrelator.ingest.Fixtures.ignored;
import static io.mtacorrelator.ingest.Fixtures.rejected;
import static io.mtacorrelator.ingest.Fixtures.winlog;
import static org.assertj.core.api.Assertions.assertThat;

/** Winlogbeat ECS records through the detector, as they arrive on the raw event-log topic. */
class WinlogbeatFormatTest {

    private final RecordParser parser = new RecordParser();

    @Test
    void readsAWinlogbeat8RpcCommunicationsError() {
        // Given: Winlogbeat 8 (event_id as a string) shipping the 9316 of Q181721 from EXCH1
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316);

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: a normalised event with the fields decoded from the message
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("winlogbeat-8");
        assertThat(e.getShipper()).isEqualTo("winlogbeat-8");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("1999-03-01T08:31:10Z"));
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
        assertThat(e.getProvider()).isEqualTo("MSExchangeMTA");
        assertThat(e.getCategory()).isEqualTo("Interface");
        assertThat(e.getChannel()).isEqualTo("Application");
        assertThat(e.getRecordId()).isEqualTo(4711L);
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
        assertThat(e.getNtErrorName()).isEqualTo("RPC_S_CALL_FAILED_DNE");
        assertThat(e.getOperation()).isNull();
        assertThat(e.getBinding()).isNull();
        assertThat(e.getMessage()).startsWith("An RPC communications error occurred.");
    }

    @Test
    void readsAWinlogbeat7RpcCancelWithAMessageBrokenOverLines() {
        // Given: Winlogbeat 7 (event_id and event.code as numbers) shipping a 9277/MtaBind whose text has CRLFs
        final byte[] raw = bytes(WINLOGBEAT_7_MTA_9277);

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then
        final MtaEvent e = event(outcome).event();
        assertThat(outcome.parser()).isEqualTo("winlogbeat-7");
        assertThat(e.getShipper()).isEqualTo("winlogbeat-7");
        assertThat(e.getMta()).isEqualTo("EXCH1");
        assertThat(e.getEventId()).isEqualTo(9277);
        assertThat(e.getEventName()).isEqualTo("RPC_CANCEL");
        assertThat(e.getThread()).isEqualTo(1);
        assertThat(e.getLtabIndex()).isEqualTo(160);
        assertThat(e.getElapsedMs()).isEqualTo(1_275_740L);
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getBinding()).isEqualTo("ncacn_ip_tcp:100.5.51.16[1911]");
        assertThat(e.getRemoteAddress()).isEqualTo("100.5.51.16");
        assertThat(e.getNtError()).isNull();
        assertThat(e.getNtErrorName()).isNull();
        assertThat(e.getMessage()).as("the message is kept as shipped").contains("\r\n");
    }

    @Test
    void keysTheMtaByHostNameWhenTheComputerNameIsMissing() {
        // Given: a record with only host.name, fully qualified and lower case
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> winlog(r).remove("computer_name"));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getMta()).isEqualTo("EXCH1");
    }

    @Test
    void prefersTheComputerNameToHostNameAndUpperCasesIt() {
        // Given: computer_name in lower case, host.name naming another machine (the shipper's own host)
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            winlog(r).put("computer_name", "exch1");
            ((ObjectNode) r.get("host")).put("name", "collector01.corp.example");
        });

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getMta()).isEqualTo("EXCH1");
    }

    @Test
    void readsTheRemoteServerOfAPostSp3BindFailure() {
        // Given: a 9318 of a post-SP3 build naming the remote server by its DNS name
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            winlog(r).put("event_id", "9318");
            r.put("message", "An RPC communications error occurred. Unable to bind over RPC. Locality Table (LTAB) index: 151, "
                    + "NT/MTA error code: 1722. Comms error 1722, Bind error 1722, Remote Server Name exch2.corp.example "
                    + "[MAIN BASE 1 500 %10] (14)");
        });

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then: the remote server is keyed the way MTAs are
        assertThat(e.getEventName()).isEqualTo("RPC_BIND_FAILED");
        assertThat(e.getLtabIndex()).isEqualTo(151);
        assertThat(e.getNtError()).isEqualTo(1722);
        assertThat(e.getNtErrorName()).isEqualTo("RPC_S_SERVER_UNAVAILABLE");
        assertThat(e.getRemoteServer()).isEqualTo("EXCH2");
    }

    @Test
    void carriesTheSocketErrorOfA9215AsItsError() {
        // Given: the 9215 of Q170056 (category Operating System)
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            winlog(r).put("event_id", "9215").put("task", "Operating System");
            r.put("message", "A sockets error 10061 on a connect() call was detected. The MTA will attempt to recover the "
                    + "sockets connection. Control block index: 1. [BASE IL TCP/IP DRVR 8 274] (12)");
        });

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventName()).isEqualTo("SOCKETS_ERROR");
        assertThat(e.getCategory()).isEqualTo("Operating System");
        assertThat(e.getNtError()).isEqualTo(10061);
        assertThat(e.getNtErrorName()).isEqualTo("WSAECONNREFUSED");
        assertThat(e.getLtabIndex()).isNull();
    }

    @Test
    void leavesTheRemoteAddressEmptyWhenTheBindingHasOnlyAnEndpoint() {
        // Given: the 9277 exactly as Q181721 prints it
        final byte[] raw = bytes(WINLOGBEAT_7_MTA_9277, r -> r.put("message",
                "The MTA has issued an RPC Cancel call for thread 1, Locality Table Index: 160, Time (ms): 1275740, "
                        + "Cancel result: 0 [SLPS100 MtaBind ncacn_ip_tcp:[1911] BASE IL] (14)"));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getBinding()).isEqualTo("ncacn_ip_tcp:[1911]");
        assertThat(e.getRemoteAddress()).isNull();
    }

    @Test
    void fallsBackToEventCodeAndEventProvider() {
        // Given: a record that lacks winlog.event_id and winlog.provider_name (a trimmed ingest pipeline)
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> winlog(r).remove(List.of("event_id", "provider_name")));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getProvider()).isEqualTo("MSExchangeMTA");
    }

    @Test
    void keepsOnlyTheLow16BitsOfTheEventId() {
        // Given: an event ID with the severity and customer bits of the raw Windows event ID (0x4000_0000 | 9316)
        final byte[] raw = bytes(WINLOGBEAT_7_MTA_9277, r -> winlog(r).put("event_id", 0x4000_0000L | 9316));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9316);
        assertThat(e.getEventName()).isEqualTo("RPC_COMMUNICATIONS_ERROR");
    }

    @Test
    void namesAnMtaEventOutsideTheCatalogueGeneric() {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> winlog(r).put("event_id", "9999"));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventId()).isEqualTo(9999);
        assertThat(e.getEventName()).isEqualTo("GENERIC");
    }

    @Test
    void keepsAnMtaEventWithoutMessage() {
        // Given: an MTA 9298 (service started) shipped without rendered text
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            winlog(r).put("event_id", "9298");
            r.remove("message");
        });

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getEventName()).isEqualTo("MTA_STARTED");
        assertThat(e.getMessage()).isEmpty();
        assertThat(e.getLtabIndex()).isNull();
    }

    @Test
    void readsTheFieldsFromInsertionStringsWhenTheCollectorCouldNotRenderTheMessage() {
        // Given: a 9316 whose message DLL was missing on the collector: no usable text, only param1..2
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("message",
                "The description for Event ID 9316 from source MSExchangeMTA cannot be found."));

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getLtabIndex()).isEqualTo(53);
        assertThat(e.getNtError()).isEqualTo(1727);
        assertThat(e.getNtErrorName()).isEqualTo("RPC_S_CALL_FAILED_DNE");
    }

    @Test
    void readsTheOperationOfACancelFromItsFifthInsertionString() {
        // Given: a 9277 without text; the trailer arrives as param5
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            r.remove("message");
            winlog(r).put("event_id", "9277");
            final var data = winlog(r).putObject("event_data");
            data.put("param1", "1").put("param2", "160").put("param3", "1275740").put("param4", "0")
                    .put("param5", "[SLPS100 MtaBind ncacn_ip_tcp:100.5.51.16[1911] BASE IL]");
        });

        // When
        final MtaEvent e = event(parser.parse(raw)).event();

        // Then
        assertThat(e.getOperation()).isEqualTo("MtaBind");
        assertThat(e.getLtabIndex()).isEqualTo(160);
        assertThat(e.getThread()).isEqualTo(1);
        assertThat(e.getElapsedMs()).isEqualTo(1275740L);
        assertThat(e.getRemoteAddress()).isEqualTo("100.5.51.16");
    }

    @Test
    void prefersTheMessageTextToInsertionStrings() {
        // Given: the text says LTAB 53, a mislabelled param1 says 99
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> ((com.fasterxml.jackson.databind.node.ObjectNode) winlog(r)
                .get("event_data")).put("param1", "99"));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getLtabIndex()).isEqualTo(53);
    }

    @Test
    void ignoresAWinlogbeatGoldenFileRecordOfAnotherProvider() {
        // Given: a Winlogbeat 8 record of PowerShell event 600 in the golden-file shape (an array of one object)
        final JsonNode golden = Fixtures.goldenSample();
        assertThat(golden.isArray()).isTrue();
        final byte[] raw = bytes(golden.get(0));

        // When
        final ParseOutcome outcome = parser.parse(raw);

        // Then: readable but unrelated: counted as ignored, not sent to the dead-letter topic
        final ParseOutcome.Ignored ignored = ignored(outcome);
        assertThat(ignored.parser()).isEqualTo("winlogbeat");
        assertThat(ignored.reason()).contains("PowerShell").contains("MSExchangeMTA");
    }

    @Test
    void rejectsTheGoldenSampleFedAsTheWholeArray() {
        // Given: the golden sample file as is, a JSON array rather than one record
        final byte[] raw = bytes(Fixtures.goldenSample());

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("JSON object");
    }

    @Test
    void rejectsAnMtaRecordWithoutTimestamp() {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.remove("@timestamp"));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("@timestamp");
        assertThat(rejected.parser()).isEqualTo("winlogbeat-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1999-13-01T08:00:00Z", "920275200", " "})
    void rejectsAnMtaRecordWithAnUnreadableTimestamp(final String timestamp) {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("@timestamp", timestamp));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("@timestamp");
    }

    @Test
    void rejectsAnMtaRecordFromBefore1990() {
        // Given: a clock reset to the 1980s
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("@timestamp", "1989-12-31T23:59:59Z"));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("1989-12-31T23:59:59Z").contains("before");
    }

    @Test
    void acceptsAnMtaRecordAtTheStartOf1990() {
        // Given: the earliest plausible instant
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("@timestamp", "1990-01-01T00:00:00Z"));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getTimestamp()).isEqualTo(Instant.parse("1990-01-01T00:00:00Z"));
    }

    @Test
    void rejectsAnMtaRecordTenYearsInTheFuture() {
        // Given
        final Instant future = Instant.now().plus(Duration.ofDays(3653)).truncatedTo(ChronoUnit.SECONDS);
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("@timestamp", future.toString()));

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("future");
    }

    @Test
    void acceptsAnMtaRecordAFewHoursAhead() {
        // Given: a shipper host whose clock runs a few hours fast (within the one-day skew)
        final Instant ahead = Instant.now().plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS);
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> r.put("@timestamp", ahead.toString()));

        // When / Then
        assertThat(event(parser.parse(raw)).event().getTimestamp()).isEqualTo(ahead);
    }

    @Test
    void rejectsAnMtaRecordWithoutHost() {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            winlog(r).remove("computer_name");
            r.remove("host");
        });

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("computer_name").contains("host.name");
    }

    @Test
    void rejectsAnMtaRecordWithoutANumericEventId() {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            winlog(r).put("event_id", "RPC error");
            ((ObjectNode) r.get("event")).put("code", "n/a");
        });

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("event_id");
    }

    @Test
    void rejectsAWinlogbeatRecordWithoutProvider() {
        // Given
        final byte[] raw = bytes(WINLOGBEAT_8_MTA_9316, r -> {
            winlog(r).remove("provider_name");
            ((ObjectNode) r.get("event")).remove("provider");
        });

        // When
        final ParseOutcome.Rejected rejected = rejected(parser.parse(raw));

        // Then
        assertThat(rejected.reason()).contains("provider");
        assertThat(rejected.parser()).isEqualTo("winlogbeat");
    }

    @Test
    void acceptsOnlyRecordsWithAWinlogObject() {
        // Given
        final WinlogbeatFormat format = new WinlogbeatFormat();

        // When / Then
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(WINLOGBEAT_8_MTA_9316)))).isTrue();
        assertThat(format.accepts(Fixtures.raw(Fixtures.load(TELEGRAF_MTA_CONNECTIONS)))).isFalse();
        assertThat(format.accepts(Fixtures.raw(Fixtures.object(WINLOGBEAT_8_MTA_9316).put("winlog", "flattened")))).isFalse();
    }
}
