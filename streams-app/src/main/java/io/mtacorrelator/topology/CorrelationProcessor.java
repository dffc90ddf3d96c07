package io.mtacorrelator.topology;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;

/** Moves signals of one MTA through {@link MtaCorrelator} with its state from the store; forwards incidents. */
final class CorrelationProcessor implements Processor<String, SpecificRecord, String, Incident> {

    private final MtaCorrelator correlator;
    private final String storeName;
    private ProcessorContext<String, Incident> context;
    private KeyValueStore<String, MtaState> store;

    CorrelationProcessor(final MtaCorrelator correlator, final String storeName) {
        this.correlator = correlator;
        this.storeName = storeName;
    }

    @Override
    public void init(final ProcessorContext<String, Incident> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, SpecificRecord> record) {
        final SpecificRecord value = record.value();
        if (value == null) {
            return;
        }
        final String mta;
        if (value instanceof MtaEvent e) {
            mta = e.getMta();
        } else if (value instanceof CounterSample s) {
            mta = s.getMta();
        } else {
            throw new IllegalStateException("unexpected signal type " + value.getClass().getName());
        }
        MtaState state = store.get(mta);
        if (state == null) {
            state = new MtaState(mta);
        }
        final List<Incident> incidents = value instanceof MtaEvent e
                ? correlator.onEvent(state, e)
                : correlator.onSample(state, (CounterSample) value);
        store.put(mta, state);
        for (final Incident incident : incidents) {
            final long eventTime = incident.getResolvedAt() != null
                    ? incident.getResolvedAt().toEpochMilli()
                    : incident.getLastSeen().toEpochMilli();
            context.forward(new Record<>(incident.getIncidentId(), incident, eventTime, record.headers()));
        }
    }
}
