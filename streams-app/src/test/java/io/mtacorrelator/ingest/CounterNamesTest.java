package io.mtacorrelator.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Counter names as shippers spell them, turned into the perfmon names the rules read. */
class CounterNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // Telegraf (space to _, /sec to _persec)
            "Queue_Length                     | Queue Length",
            "Send_Messages_persec             | Send Messages/sec",
            "Receive_Messages_persec          | Receive Messages/sec",
            "Messages_persec                  | Messages/sec",
            "Threads_in_use                   | Threads in use",
            "Adjacent_MTA_Associations        | Adjacent MTA Associations",
            // Metricbeat 8 default field names (snake case, /sec to _per_sec)
            "queue_length                     | Queue Length",
            "send_messages_per_sec            | Send Messages/sec",
            "messages_per_sec                 | Messages/sec",
            "work_queue_length                | Work Queue Length",
            "work_queue_bytes                 | Work Queue Bytes",
            "adjacent_mta_associations        | Adjacent MTA Associations",
            "free_elements                    | Free Elements",
            "threads_in_use                   | Threads in use",
            "current_inbound_associations     | Current Inbound Associations",
            "current_outbound_associations    | Current Outbound Associations",
            "failed_outbound_associations     | Failed Outbound Associations",
            "inbound_messages_total           | Inbound Messages Total",
            "outbound_messages_total          | Outbound Messages Total",
            "oldest_message_queued            | Oldest Message Queued",
            // configured field names, flattened Metricbeat 7 paths, perfmon spelling itself
            "queue.length                     | Queue Length",
            "send.messages.per_sec            | Send Messages/sec",
            "Send Messages/sec                | Send Messages/sec",
            "SEND-MESSAGES/SEC                | Send Messages/sec",
            "send messages per sec            | Send Messages/sec",
            "sendMessagesPerSec               | Send Messages/sec",
            "Queue Length                     | Queue Length",
            "' Queue Length '                 | Queue Length",
            "associations                     | Associations"})
    void spellsAKnownCounterTheWayPerfmonDoes(final String shipped, final String perfmon) {
        // Given: an MTA counter as a shipper or its configuration named it
        // When / Then
        assertThat(CounterNames.canonical(shipped)).isEqualTo(perfmon);
        assertThat(CounterNames.isKnown(shipped)).isTrue();
    }

    @Test
    void givesEveryKnownCounterBackUnchanged() {
        // Given: the perfmon names of DOMAIN.md, both objects
        // When / Then
        Stream.concat(CounterNames.MTA_COUNTERS.stream(), CounterNames.CONNECTIONS_COUNTERS.stream())
                .forEach(name -> assertThat(CounterNames.canonical(name)).isEqualTo(name));
        assertThat(CounterNames.MTA_COUNTERS).hasSize(6);
        assertThat(CounterNames.CONNECTIONS_COUNTERS).hasSize(10);
    }

    @Test
    void keepsEveryKnownCounterDistinct() {
        // Given: the matching keys of all known counters
        final Set<String> keys = new HashSet<>();

        // When
        Stream.concat(CounterNames.MTA_COUNTERS.stream(), CounterNames.CONNECTIONS_COUNTERS.stream())
                .forEach(name -> keys.add(CounterNames.key(name)));

        // Then: Queue Length and Work Queue Length, Messages/sec and Send Messages/sec do not meet
        assertThat(keys).hasSize(16);
        assertThat(CounterNames.canonical("work_queue_length")).isNotEqualTo(CounterNames.canonical("queue_length"));
        assertThat(CounterNames.canonical("messages_per_sec")).isNotEqualTo(CounterNames.canonical("send_messages_per_sec"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Percent_Processor_Time    | % Processor Time",
            "Pages_persec              | Pages/sec",
            "Bytes_Total_PerSec        | Bytes Total/sec",
            "Avg._Disk_sec/Read        | Avg. Disk sec/Read",
            "Current_Bandwidth         | Current Bandwidth",
            "%_processor_time          | % processor time",
            "interrupts_per_sec        | interrupts per sec",
            "time.processor.pct        | time.processor.pct"})
    void makesAnUnknownCounterReadable(final String shipped, final String readable) {
        // Given: a counter of another object or an MTA counter this catalogue does not know
        // When / Then: Telegraf's sanitising undone, otherwise kept as shipped
        assertThat(CounterNames.canonical(shipped)).isEqualTo(readable);
        assertThat(CounterNames.isKnown(shipped)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            // the cases of TelegrafPerfCounterFormatTest
            "Queue_Length", "Send_Messages_persec", "Receive_Messages_persec", "Failed_Outbound_Associations",
            "Percent_Processor_Time", "Associations",
            // and the rest of what Telegraf sends for the MTA objects and the usual others
            "Work_Queue_Length", "Work_Queue_Bytes", "Adjacent_MTA_Associations", "Messages_persec", "Free_Elements",
            "Threads_in_use", "Current_Inbound_Associations", "Current_Outbound_Associations", "Inbound_Messages_Total",
            "Outbound_Messages_Total", "Oldest_Message_Queued", "Pages_persec", "Avg._Disk_sec/Read",
            "Percent_Disk_Time", "Bytes_Total_persec", "Available_MBytes", "Processor_Queue_Length"})
    void givesTheSameNameAsTheTelegrafFormatForEveryTelegrafName(final String telegraf) {
        // Given: a counter name as Telegraf's win_perf_counters sanitises it
        // When / Then: Telegraf can switch to CounterNames without changing a sample
        assertThat(CounterNames.canonical(telegraf)).isEqualTo(TelegrafPerfCounterFormat.perfmonName(telegraf));
    }

    @Test
    void hasNoNameForNoName() {
        // Given / When / Then
        assertThat(CounterNames.canonical(null)).isNull();
        assertThat(CounterNames.isKnown(null)).isFalse();
        assertThat(CounterNames.canonical("")).isEmpty();
    }
}
