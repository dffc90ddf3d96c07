package io.mtacorrelator.diagnosis;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raw shipper lines through the parser and the plain-Java correlator, one state per MTA, in arrival order, then
 * flushed as at the end of an input: what the topology does, without Kafka (fast enough for many runs per test).
 */
public final class PlainCorrelation {

    private final RecordParser parser = new RecordParser();
    private final MtaCorrelator correlator;
    private final Map<String, MtaState> states = new TreeMap<>();
    private final List<Incident> incidents = new ArrayList<>();
    private long late;

    public PlainCorrelation(final DiagnosisSettings settings) {
        this.correlator = new MtaCorrelator(settings);
    }

    /** The lines with the default settings, flushed at the end. */
    public static List<Incident> run(final List<Scenario.Line> lines) {
        return new PlainCorrelation(DiagnosisSettings.defaults()).feed(lines).end();
    }

    public PlainCorrelation feed(final List<Scenario.Line> lines) {
        lines.forEach(l -> feed(l.json()));
        return this;
    }

    public PlainCorrelation feed(final String json) {
        final ParseOutcome outcome = parser.parse(json.getBytes(StandardCharsets.UTF_8));
        final MtaCorrelator.Outcome result;
        if (outcome instanceof ParseOutcome.Event e) {
            result = correlator.onEvent(state(e.event().getMta()), e.event());
        } else if (outcome instanceof ParseOutcome.Sample s) {
            result = correlator.onSample(state(s.sample().getMta()), s.sample());
        } else {
            return this;
        }
        incidents.addAll(result.incidents());
        late += result.late() ? 1 : 0;
        return this;
    }

    /** Evaluates everything still waiting (the end of the input) and returns every incident state change. */
    public List<Incident> end() {
        states.values().forEach(s -> incidents.addAll(correlator.flush(s)));
        return List.copyOf(incidents);
    }

    /** One line per incident state change, for assertion messages. */
    public static String brief(final Incident i) {
        return i.getStatus() + " " + i.getKb() + " " + i.getMta() + (i.getRemoteMta() == null ? "" : " -> " + i.getRemoteMta())
                + " detected " + i.getDetectedAt() + " confidence " + i.getConfidence() + " id " + i.getIncidentId();
    }

    public long late() {
        return late;
    }

    private MtaState state(final String mta) {
        return states.computeIfAbsent(mta, MtaState::new);
    }
}
