package io.mtacorrelator.topology;

import io.mtacorrelator.diagnosis.DiagnosisSettings;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a finite input is a commit point: the correlation asks Kafka Streams to commit as soon as the marker
 * has come through every normalised topic, so that correlate (and a replay with its marker) see the input consumed
 * without waiting for the next commit interval.
 */
class EndOfInputCommitTest {

    private static final String EVENTS = "mta.events";
    private static final String COUNTERS = "mta.counters";
    /** 1999-03-01T08:00:00Z, the marker's record time. */
    private static final long MARKER_TIME = 920_275_200_000L;

    @Test
    void theCorrelationCommitsOnceTheMarkerHasComeThroughEveryNormalisedTopic() {
        // Given a correlation task reading both normalised topics, fed by one raw partition
        final MockProcessorContext<String, CorrelationOutput> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(MARKER_TIME);
        final WriteBackStore<MtaState> store = new WriteBackStore<>(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CorrelatorTopology.STATE_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build(), new MtaStateCodec(), 100);
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        final CorrelationProcessor correlation = new CorrelationProcessor(new MtaCorrelator(DiagnosisSettings.defaults()),
                CorrelatorTopology.STATE_STORE, Set.of(EVENTS, COUNTERS), -1, Long.MAX_VALUE, 60_000);
        correlation.init(context);

        // When the marker has come through the events topic only
        context.setRecordMetadata(EVENTS, 0, 10);
        correlation.process(marker());

        // Then the input is not complete yet: nothing asks for a commit (the control for the step below)
        assertThat(context.committed()).isFalse();

        // When it comes through the counters topic too
        context.setRecordMetadata(COUNTERS, 0, 20);
        correlation.process(marker());

        // Then the input is complete and a commit is asked for at once
        assertThat(context.committed()).isTrue();
    }

    /** The end-of-input marker as the parse step passes it on: from raw partition 0 of one. */
    private static Record<String, Arrival> marker() {
        final RecordHeaders headers = new RecordHeaders();
        ControlRecords.put(headers, ControlRecords.CONTROL, ControlRecords.END_OF_INPUT);
        ControlRecords.put(headers, ControlRecords.SOURCE, "mta.raw.eventlog-0");
        ControlRecords.put(headers, ControlRecords.SOURCES, 1);
        return new Record<>(null, null, MARKER_TIME, headers);
    }
}
