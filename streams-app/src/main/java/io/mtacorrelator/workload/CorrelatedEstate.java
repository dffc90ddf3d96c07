package io.mtacorrelator.workload;

import io.mtacorrelator.diagnosis.DiagnosisSettings;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.diagnosis.Signal;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A generated estate run through the parser and the correlator, one state per MTA, as the engine keeps them: states
 * with the history, waiting signals, mappings and episodes of a live estate, for what must be checked or timed on
 * realistic states rather than hand-built ones (the state codec, the retention).
 */
public final class CorrelatedEstate {

    /** Called after each signal is accepted, with the state of its MTA. */
    public interface Step {
        void after(MtaState state, Signal signal);
    }

    private CorrelatedEstate() {
    }

    /** Runs every record of the estate in order; returns the states by MTA as they are after the last record. */
    public static Map<String, MtaState> run(final EstateSpec spec, final DiagnosisSettings settings, final Step step) {
        final RecordParser parser = new RecordParser();
        final MtaCorrelator correlator = new MtaCorrelator(settings);
        final Map<String, MtaState> states = new TreeMap<>();
        new EstateGenerator(spec).generate(r -> {
            final ParseOutcome outcome = parser.parse(r.value());
            final String mta;
            final Optional<Signal> signal;
            if (outcome instanceof ParseOutcome.Event e) {
                mta = e.event().getMta();
                signal = MtaCorrelator.signalOf(e.event());
            } else if (outcome instanceof ParseOutcome.Sample s) {
                mta = s.sample().getMta();
                signal = MtaCorrelator.signalOf(s.sample());
            } else {
                throw new IllegalStateException("the generator wrote a record the parser does not read: " + outcome);
            }
            signal.ifPresent(sig -> {
                final MtaState state = states.computeIfAbsent(mta, MtaState::new);
                correlator.accept(state, sig);
                step.after(state, sig);
            });
        });
        return states;
    }
}
