package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.diagnosis.LoggedEvent;
import io.mtacorrelator.diagnosis.Q181721Rule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelatorTopologyTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    @Test
    void q181721EpisodeOpensBeforeTheThresholdAndResolvesWhenDeliveryResumes() {
        // Given: EXCH1's queue to EXCH2 grows over an open association from minute 30, with 9316/1727 and
        // 9277/MtaBind; the threshold (50) is reached 25 minutes later and a new association drains the queue.
        final Scenario scenario = new Scenario(MORNING);
        final int thresholdMinute = scenario.q181721Episode("EXCH1", "EXCH2", 30, 80, 50);

        // When: the records are piped at their event times (stream time follows the scenario's clock)
        final List<Incident> incidents;
        try (TopologyHarness harness = new TopologyHarness()) {
            incidents = harness.pipe(scenario.lines()).incidents();
        }

        // Then: one incident, opened while the queue was still well under 50, resolved after the recovery
        assertThat(incidents).extracting(Incident::getIncidentId).containsOnly(incidents.get(0).getIncidentId());
        assertThat(incidents).allSatisfy(i -> {
            assertThat(i.getKb()).isEqualTo("Q181721");
            assertThat(i.getMta()).isEqualTo("EXCH1");
            assertThat(i.getRemoteMta()).isEqualTo("EXCH2");
        });
        final Incident open = incidents.get(0);
        assertThat(open.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(open.getEvidence().getQueueLength()).isLessThan(50);
        assertThat(open.getDetectedAt()).isBefore(scenario.at(thresholdMinute));
        assertThat(open.getEvidence().getEstimatedThresholdAt()).isNotNull();
        assertThat(open.getEvidence().getSymptomCounts()).containsKey("9277/MtaBind");
        assertThat(open.getRemediation().getReferences()).extracting(r -> r.getId()).contains("Q181721", "Q152734");

        final Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.getResolvedAt()).isAfter(scenario.at(thresholdMinute));
        assertThat(last.getConfidence()).isEqualTo(Confidence.HIGH);
        assertThat(incidents.subList(1, incidents.size() - 1)).extracting(Incident::getStatus).containsOnly(IncidentStatus.UPDATED);
        // Bounded by what is material: the OPEN, each queue level, the article's second symptom kind, each confidence
        // step, the RESOLVED
        final int queueLevels = Q181721Rule.level(Integer.MAX_VALUE, 50);
        final int symptomKinds = List.of(LoggedEvent.NO_DATA_SENT_1727, LoggedEvent.CANCEL_MTABIND).size();
        assertThat(incidents).hasSizeLessThanOrEqualTo(1 + queueLevels + (symptomKinds - 1) + (Confidence.values().length - 1) + 1);
    }

    @Test
    void healthyAssociationWithOneIsolated9316GivesNoIncident() {
        // Given: an hour of healthy traffic to EXCH2 with one 9316/1727 at minute 20; and, the positive control, an
        // other MTA, EXCH5, with the article's episode
        final Scenario scenario = new Scenario(MORNING);
        scenario.healthy("EXCH1", "EXCH2", 0, 60, 1000);
        scenario.event(ShipperRecords.rpcNoData(scenario.at(20, 10), "EXCH1", 53, 1727), scenario.at(20, 10));
        scenario.q181721Episode("EXCH5", "EXCH6", 20, 60, 50);

        // When
        final List<Incident> incidents;
        try (TopologyHarness harness = new TopologyHarness()) {
            incidents = harness.pipe(scenario.lines()).incidents();
        }

        // Then
        assertThat(incidents).isNotEmpty().extracting(Incident::getMta).containsOnly("EXCH5");
    }

    @Test
    void remoteThatIsSimplyDownGivesNoQ181721() {
        // Given: EXCH2 is down (Q170056): no association, the queue grows, 9318 with 1722 and 9215 with 10061
        final Scenario scenario = new Scenario(MORNING);
        long total = scenario.healthy("EXCH1", "EXCH2", 0, 10, 1000);
        int queue = 1;
        for (int m = 10; m < 60; m++) {
            queue += 2;
            scenario.sample(ShipperRecords.connectionSample(scenario.at(m), "EXCH1", "EXCH2", queue, 0, total), scenario.at(m));
            if (m % 3 == 0) {
                scenario.event(ShipperRecords.bindFailed(scenario.at(m, 15), "EXCH1", 76), scenario.at(m, 15));
                scenario.event(ShipperRecords.socketRefused(scenario.at(m, 16), "EXCH1"), scenario.at(m, 16));
            }
        }

        // When
        final List<Incident> incidents;
        try (TopologyHarness harness = new TopologyHarness()) {
            incidents = harness.pipe(scenario.lines()).incidents();
        }

        // Then: the remote that is down, not Q181721
        assertThat(incidents).noneMatch(i -> "Q181721".equals(i.getKb()));
        assertThat(incidents).extracting(Incident::getKb).contains("Q170056");
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicWithTheirOrigin() {
        // Given
        final byte[] broken = "{\"@timestamp\":\"1999-03-01T08:00:00Z\",\"winlog\":{".getBytes();

        // When
        final var deadLetters = new java.util.ArrayList<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>>();
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.pipeRaw(Scenario.EVENTLOG_TOPIC, broken, MORNING.toEpochMilli());
            deadLetters.addAll(harness.deadLetters());
        }

        // Then: the original bytes, with why and where from
        assertThat(deadLetters).hasSize(1);
        final var record = deadLetters.get(0);
        assertThat(record.value()).isEqualTo(broken);
        assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON)).startsWith("malformed JSON");
        assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Scenario.EVENTLOG_TOPIC);
        assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.PARSER)).isEqualTo("detector");
    }

    @Test
    void eachMetricOfATelegrafBatchIsCountedAndKeptOrSetAsideOnItsOwn() {
        // Given: one raw record holding a Telegraf batch (use_batch_format) of an MTA sample, a sample whose
        // counter is not a number, and a processor sample
        final String good = ShipperRecords.connectionSample(MORNING, "EXCH1", "EXCH2", 3, 1, 5000);
        final String bad = good.replace("\"Queue_Length\":3", "\"Queue_Length\":\"three\"");
        final String processor = good.replace("MSExchangeMTA Connections", "Processor");
        final byte[] batch = ("{\"metrics\":[" + good + "," + bad + "," + processor + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // When
        final java.util.List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> deadLetters;
        final java.util.Map<String, Double> totals;
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.pipeRaw(Scenario.COUNTERS_TOPIC, batch, MORNING.toEpochMilli());
            deadLetters = harness.deadLetters();
            totals = IngestFuzzTest.ingestTotals(harness.driver.metrics());
        }

        // Then: three read, one of each outcome; the dead letter is the bad metric alone, saying where it was
        assertThat(totals.get(IngestMetrics.READ)).isEqualTo(3.0);
        assertThat(totals.get(IngestMetrics.PARSED)).isEqualTo(1.0);
        assertThat(totals.get(IngestMetrics.IGNORED)).isEqualTo(1.0);
        assertThat(totals.get(IngestMetrics.DEAD_LETTERED)).isEqualTo(1.0);
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).value(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"three\"")
                .doesNotContain("Processor");
        assertThat(DeadLetterHeaders.get(deadLetters.get(0).headers(), DeadLetterHeaders.REASON))
                .startsWith("metric 2 of 3 in a Telegraf batch: ");
    }

    @Test
    void anUndecodableRecordOnTheNormalisedTopicDoesNotStopProcessing() {
        // Given: someone wrote a non-Avro record to the normalised events topic, then the episode follows
        final byte[] foreign = "not avro at all".getBytes();
        final Scenario scenario = new Scenario(MORNING);
        scenario.q181721Episode("EXCH1", "EXCH2", 30, 80, 50);

        // When
        final List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> deadLetters;
        final List<Incident> incidents;
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.pipeRaw("mta.events", foreign, MORNING.toEpochMilli());
            incidents = harness.pipe(scenario.lines()).incidents();
            deadLetters = harness.deadLetters();
        }

        // Then: correlation was not disturbed. (TopologyTestDriver does not capture the records a
        // deserialization handler hands back, so the dead letter itself is checked on the real broker.)
        assertThat(deadLetters).isEmpty();
        assertThat(incidents).extracting(Incident::getStatus).startsWith(IncidentStatus.OPEN).endsWith(IncidentStatus.RESOLVED);
    }

    @Test
    void aDataRecordThatCarriesTheControlHeaderIsStillReadAndCounted() {
        // Given: a record with a value and, wrongly, the end-of-input header
        final var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(ControlRecords.CONTROL, ControlRecords.END_OF_INPUT.getBytes());
        final byte[] value = "not a record".getBytes();

        // When
        final java.util.List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> deadLetters;
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.driver.createInputTopic(Scenario.EVENTLOG_TOPIC, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())
                    .pipeInput(new org.apache.kafka.streams.test.TestRecord<>(null, value, headers, MORNING.toEpochMilli()));
            deadLetters = harness.deadLetters();
        }

        // Then: it is data, so it is parsed like any record (and, unreadable, dead-lettered)
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).value()).isEqualTo(value);
    }
}
