package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import io.mtacorrelator.topology.MtaStateCodec;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention trims only the connections whose samples the horizon passed, and expires address and slot mappings
 * only once the horizon passes the earliest confirmation ({@link PointTrimOrder}, {@link MtaState#earliestMappingConfirmed}).
 * That must keep exactly what a pass over every connection and mapping at every step keeps: the same state, byte for
 * byte, and the same incidents, on estates with many connections sampled at the same second, faults and restarts.
 */
class IncrementalRetentionTest {

    @Test
    void keepsWhatAFullPassAtEveryStepKeeps() {
        for (final long seed : new long[] {3, 11}) {
            // Given: a generated estate of 4 MTAs with 12 connections each, faults planted, over two hours
            final int mtas = 4;
            final int connections = 12;
            final int sampleSeconds = 15;
            final long records = 2L * 3600 / sampleSeconds * mtas * (connections + 1);
            final EstateSpec spec = new EstateSpec(seed, mtas, connections, records, 1.0, sampleSeconds, EstateSpec.DEFAULT_START);
            final RecordParser parser = new RecordParser();
            final MtaCorrelator correlator = new MtaCorrelator(DiagnosisSettings.defaults());
            final MtaStateCodec codec = new MtaStateCodec();
            final Map<String, MtaState> incremental = new HashMap<>();
            final Map<String, MtaState> fullPass = new HashMap<>();
            final List<Incident> incrementalIncidents = new ArrayList<>();
            final List<Incident> fullPassIncidents = new ArrayList<>();
            final int[] compared = {0};

            // When: each record goes to both; the full-pass state forgets its trim order and mapping bound before each
            new EstateGenerator(spec).generate(r -> {
                final ParseOutcome outcome = parser.parse(r.value());
                final Signal signal;
                final String mta;
                if (outcome instanceof ParseOutcome.Event e) {
                    mta = e.event().getMta();
                    signal = MtaCorrelator.signalOf(e.event()).orElse(null);
                } else if (outcome instanceof ParseOutcome.Sample s) {
                    mta = s.sample().getMta();
                    signal = MtaCorrelator.signalOf(s.sample()).orElse(null);
                } else {
                    throw new AssertionError("the generator wrote a record the parser does not read: " + outcome);
                }
                if (signal == null) {
                    return;
                }
                final MtaState a = incremental.computeIfAbsent(mta, MtaState::new);
                final MtaState b = fullPass.computeIfAbsent(mta, MtaState::new);
                b.trimOrder = null;
                b.earliestMappingConfirmed = Long.MIN_VALUE;
                incrementalIncidents.addAll(correlator.accept(a, signal).incidents());
                fullPassIncidents.addAll(correlator.accept(b, signal).incidents());

                // Then, at every step: the same state
                assertThat(Arrays.equals(codec.encode(a), codec.encode(b))).as("state of %s after %s", mta, signal.describe()).isTrue();
                compared[0]++;
            });
            incremental.values().forEach(s -> incrementalIncidents.addAll(correlator.flush(s)));
            fullPass.values().forEach(s -> fullPassIncidents.addAll(correlator.flush(s)));

            // and the same incidents, of which there are some (faults were planted)
            assertThat(compared[0]).as("seed %d: steps compared", seed).isGreaterThan((int) (records / 2));
            assertThat(fullPassIncidents).as("seed %d: the full pass found the planted faults", seed).isNotEmpty();
            assertThat(incrementalIncidents).as("seed %d", seed).isEqualTo(fullPassIncidents);
        }
    }

    @Test
    void trimsAConnectionThatFellSilentAndARunLongerThanTheRetention() {
        // Given: eight connections sampled at the same second every 15 s for three hours (three retentions); EXCH9
        // falls silent after 20 minutes, EXCH2's queue grows by one a sample with nothing sent all the time, the
        // others send and keep a short queue
        final DiagnosisSettings settings = DiagnosisSettings.defaults();
        final MtaCorrelator correlator = new MtaCorrelator(settings);
        final MtaStateCodec codec = new MtaStateCodec();
        final MtaState incremental = new MtaState("EXCH1");
        final MtaState fullPass = new MtaState("EXCH1");
        final long start = 920_275_200_000L; // 1999-03-01T08:00:00Z
        final long end = start + 3 * settings.stateRetentionMs();
        int steps = 0;
        for (long t = start; t < end; t += 15_000) {
            for (int c = 2; c <= 9; c++) {
                if (c == 9 && t - start > 20 * 60_000) {
                    continue;
                }
                final int sample = (int) ((t - start) / 15_000);
                final QueuePoint point = c == 2
                        ? new QueuePoint(t, 1 + sample, 1, 1000d, null, null)
                        : new QueuePoint(t, sample % 3, 1, 1000d + 2 * sample, null, null);
                final Signal signal = new Signal.Point("EXCH" + c, point);

                // When: the full-pass state forgets its trim order before each signal
                fullPass.trimOrder = null;
                fullPass.earliestMappingConfirmed = Long.MIN_VALUE;
                assertThat(correlator.accept(incremental, signal).incidents())
                        .isEqualTo(correlator.accept(fullPass, signal).incidents());

                // Then: the same state at every step
                assertThat(Arrays.equals(codec.encode(incremental), codec.encode(fullPass))).as("state after %s", signal.describe()).isTrue();
                steps++;
            }
        }
        // and the retention did bound them: EXCH2's run is three retentions long, yet an hour (and the grace) of it is
        // kept; the silent connection keeps one sample
        final long samplesPerRetention = settings.stateRetentionMs() / 15_000;
        assertThat(steps).isGreaterThan((int) (3 * samplesPerRetention * 7));
        assertThat(incremental.connections.get("EXCH2").points.size()).isLessThanOrEqualTo((int) (samplesPerRetention + settings.graceMs() / 15_000 + 2));
        assertThat(incremental.connections.get("EXCH9").points).hasSize(1);
    }
}
