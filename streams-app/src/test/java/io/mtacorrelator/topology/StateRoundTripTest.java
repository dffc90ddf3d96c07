package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.diagnosis.DiagnosisSettings;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store holds restores to the same correlation: an MTA's state, with the signals waiting in its grace,
 * encoded by {@link MtaStateCodec} and decoded again after every record (as after a crash and a restore from the changelog) give the incidents an
 * uninterrupted run gives, with every part of the state in use: open episodes with competing explanations,
 * redelivery identities, LTAB and address attributions, restarts.
 */
class StateRoundTripTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    private static final MtaStateCodec CODEC = new MtaStateCodec();

    private static List<Scenario.Line> scenario() {
        final Scenario s = new Scenario(MORNING);
        s.event(ShipperRecords.bindFailedNamingRemote(s.at(1), "EXCH1", 53, "EXCH2"), s.at(1));
        s.event(ShipperRecords.netlogonNoDc(s.at(18), "EXCH1"), s.at(18));
        s.q181721Episode("EXCH1", "EXCH2", 20, 70, 50);
        s.event(ShipperRecords.mtaStarted(s.at(75), "EXCH1"), s.at(75));
        final String redelivered = ShipperRecords.rpcCancel(s.at(30, 5), "EXCH1", 160, "RPC inactive");
        s.event(redelivered, s.at(30, 5)).event(redelivered, s.at(30, 5));
        return s.lines();
    }

    private static MtaState roundTrip(final MtaState state) {
        return CODEC.decode(CODEC.encode(state));
    }

    private static List<Incident> correlate(final List<Scenario.Line> lines, final boolean restoreEachTime) {
        final MtaCorrelator correlator = new MtaCorrelator(DiagnosisSettings.defaults());
        final RecordParser parser = new RecordParser();
        final List<Incident> out = new ArrayList<>();
        MtaState state = new MtaState("EXCH1");
        for (final Scenario.Line line : lines) {
            final ParseOutcome o = parser.parse(line.json().getBytes(StandardCharsets.UTF_8));
            if (o instanceof ParseOutcome.Event e) {
                out.addAll(correlator.onEvent(state, e.event()).incidents());
            } else if (o instanceof ParseOutcome.Sample s) {
                out.addAll(correlator.onSample(state, s.sample()).incidents());
            }
            state = restoreEachTime ? roundTrip(state) : state;
        }
        out.addAll(correlator.flush(state));
        return out;
    }

    @Test
    void stateReadBackAfterEveryRecordGivesTheSameIncidents() {
        // Given
        final List<Scenario.Line> lines = scenario();

        // When
        final List<Incident> uninterrupted = correlate(lines, false);
        final List<Incident> restored = correlate(lines, true);

        // Then: the episode with its competing explanation (the 5719), and the same from the restored state
        assertThat(uninterrupted).isNotEmpty().allSatisfy(i -> assertThat(i.getEvidence().getAlternatives()).isNotEmpty());
        assertThat(restored).isEqualTo(uninterrupted);
    }
}
