package io.mtacorrelator.topology;

import io.mtacorrelator.diagnosis.Alternative;
import io.mtacorrelator.diagnosis.ConnectionState;
import io.mtacorrelator.diagnosis.DiagnosisSettings;
import io.mtacorrelator.diagnosis.Episode;
import io.mtacorrelator.diagnosis.LoggedEvent;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.diagnosis.QueuePoint;
import io.mtacorrelator.diagnosis.Signal;
import io.mtacorrelator.workload.CorrelatedEstate;
import io.mtacorrelator.workload.EstateSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written codec writes exactly the bytes Avro's datum writer writes for the state's schema
 * ({@link AvroStateEntries}, the codec's former path), and reads back every stored field: on the states of generated
 * estates at every few steps (history, waiting signals, mappings, restarts, open incidents with alternatives) and on
 * hand-built states with the values a generator does not make (empty lists, extreme times, non-ASCII names, odd doubles).
 */
class MtaStateCodecTest {

    private final MtaStateCodec codec = new MtaStateCodec();

    /** What a generated estate's states showed, so that the test is seen to cover each part of the state. */
    private final Map<String, Integer> seen = new TreeMap<>();

    @Test
    void writesAvrosBytesAndReadsThemBackOnGeneratedEstates() {
        // Given: estates with faults planted, 12 connections per MTA and 50, as the bench and the retention test run them
        final List<EstateSpec> estates = List.of(
                new EstateSpec(3, 3, 12, 2L * 3600 / 15 * 3 * 13, 1.0, 15, EstateSpec.DEFAULT_START),
                new EstateSpec(5, 1, 50, 3600L / 15 * 51, 2.0, 15, EstateSpec.DEFAULT_START));
        for (final EstateSpec spec : estates) {
            final int[] step = {0};
            // When: every seventh state, as it is after a signal, is encoded by both and decoded (every one costs a minute)
            CorrelatedEstate.run(spec, DiagnosisSettings.defaults(), (state, signal) -> {
                if (step[0]++ % 7 == 0) {
                    // Then: the same bytes, and the same state read back
                    assertEncodesAsAvroAndReadsBack(state, "seed " + spec.seed() + ", " + state.mta + " after the signal at " + signal.time());
                    tally(state);
                }
            });
        }
        // and the states compared held these parts of the state (the hand-built ones below hold the others: restarts,
        // slot and address mappings, alternatives, an ended incident of the MTA, a total not shipped)
        assertThat(seen).as("states compared, by what they held").containsOnlyKeys("waiting event", "waiting point", "waiting work queue",
                "events", "seen events", "open connection incident", "ended connection incident", "ltab address", "last work queue",
                "incident of the MTA", "send rate", "failed outbound");
    }

    @Test
    void writesAvrosBytesAndReadsThemBackOnValuesAGeneratorDoesNotMake() {
        // Given: an empty state, and one with extreme times, non-ASCII names, odd doubles and lists of many elements
        final MtaState empty = new MtaState("");
        final MtaState odd = new MtaState("EXCH-Zürich-東京-🙂");
        odd.maxEventTime = Long.MAX_VALUE;
        odd.evaluatedUntil = -1;
        odd.grace.add(new Signal.WorkQueue(Long.MIN_VALUE / 2, -7));
        odd.grace.add(new Signal.Point("ÄÖÜ", new QueuePoint(-5, Integer.MIN_VALUE, Integer.MAX_VALUE, Double.NaN, -0.0, Double.NEGATIVE_INFINITY)));
        odd.grace.add(new Signal.Event(new LoggedEvent(0, 9277, -1, "", 0, null, "10.0.0.1", "text ff", "ÄÖÜ")));
        final ConnectionState c = new ConnectionState("ÄÖÜ");
        for (int i = 0; i < 300; i++) {
            c.points.add(new QueuePoint(1000L * i - 150_000, i, i % 2, i % 3 == 0 ? null : i * 1e300, Double.MIN_VALUE, i % 2 == 0 ? null : 0.0));
        }
        c.runFrom = Long.MIN_VALUE;
        c.episodeEnded = Long.MAX_VALUE;
        c.episode = episode("Q181721", "ÄÖÜ");
        odd.connections.put(c.remoteMta, c);
        odd.openConnectionEpisodes = 1;
        for (int i = 0; i < 70; i++) {
            odd.events.add(new LoggedEvent(-i * 1_000_000_000L, 9316, i == 0 ? null : Integer.MIN_VALUE, null, null, "Ω" + i, null, "record " + i, null));
            odd.seenEvents.put((long) -i, i == 0 ? new ArrayList<>() : new ArrayList<>(List.of("record " + i, "ü")));
            odd.restarts.add(Long.MIN_VALUE + i);
        }
        odd.ltabToRemote.put(Integer.MIN_VALUE, "ÄÖÜ");
        odd.ltabLearnt.put(Integer.MIN_VALUE, Long.MIN_VALUE);
        odd.ltabAddress.put(-1, "");
        odd.addressToRemote.put("fe80::1", "ÄÖÜ");
        odd.addressLearnt.put("fe80::1", 0L);
        odd.lastWorkQueue = new long[] {Long.MAX_VALUE, Long.MIN_VALUE};
        odd.mtaEpisodes.put("Q189494", episode("Q189494", null));
        odd.mtaEpisodeEnded.put("Q194589", -1L);
        odd.recheckMtaRules = true;

        // Then
        assertEncodesAsAvroAndReadsBack(empty, "empty state");
        assertEncodesAsAvroAndReadsBack(odd, "odd values");
    }

    @Test
    void refusesAnEntryOfAnotherFormatVersion() {
        // Given: an entry a newer correlator wrote
        final byte[] newer = codec.encode(new MtaState("EXCH1"));
        newer[0] = MtaStateCodec.VERSION + 1;

        // Then: it is not read as this version's
        assertThatThrownBy(() -> codec.decode(newer)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format version 2").hasMessageContaining("reads [1]");
    }

    private void assertEncodesAsAvroAndReadsBack(final MtaState state, final String what) {
        final byte[] bytes = codec.encode(state);
        assertThat(bytes).as("bytes of %s", what).isEqualTo(AvroStateEntries.encode(state));
        final MtaState read = codec.decode(bytes);
        // Every stored field, through the schema's record, and what is derived from them at reading
        assertThat(AvroStateEntries.toEntry(read)).as("read back: %s", what).isEqualTo(AvroStateEntries.toEntry(state));
        assertThat(AvroStateEntries.read(bytes)).as("Avro's reading of %s", what).isEqualTo(AvroStateEntries.toEntry(state));
        assertThat(read.openConnectionEpisodes).as("open connection incidents of %s", what).isEqualTo(state.openConnectionEpisodes);
        assertThat(codec.encode(read)).as("encoded again: %s", what).isEqualTo(bytes);
    }

    private static Episode episode(final String kb, final String remote) {
        final Episode ep = new Episode();
        ep.incidentId = "inc-" + kb;
        ep.kb = kb;
        ep.remote = remote;
        ep.runStart = Long.MIN_VALUE;
        ep.evidenceStart = -1;
        ep.queueAtStart = Integer.MIN_VALUE;
        ep.peakQueue = Integer.MAX_VALUE;
        ep.firstSeen = 1;
        ep.detectedAt = 2;
        ep.lastSeen = Long.MAX_VALUE;
        ep.confidence = "décisive";
        ep.levelReported = -3;
        ep.evidenceKinds = new TreeSet<>(List.of("9316/1727", "9277/MtaBind", "ü"));
        ep.alternatives = List.of(new Alternative("Q170056", "5719 ✓, 1294 ✗"), new Alternative("", ""));
        return ep;
    }

    private void tally(final MtaState s) {
        for (final Signal signal : s.grace.signals()) {
            count(signal instanceof Signal.Event ? "waiting event" : signal instanceof Signal.Point ? "waiting point" : "waiting work queue", true);
        }
        count("events", !s.events.isEmpty());
        count("seen events", !s.seenEvents.isEmpty());
        for (final ConnectionState c : s.connections.values()) {
            count("open connection incident", c.episode != null);
            count("ended connection incident", c.episodeEnded != Long.MIN_VALUE);
            count("alternatives", c.episode != null && !c.episode.alternatives.isEmpty());
            for (final QueuePoint p : c.points) {
                count("send rate", p.has(QueuePoint.SEND_RATE));
                count("failed outbound", p.has(QueuePoint.FAILED_OUTBOUND));
                count("total not shipped", !p.has(QueuePoint.OUTBOUND_TOTAL));
            }
        }
        count("ltab mapping", !s.ltabToRemote.isEmpty());
        count("ltab address", !s.ltabAddress.isEmpty());
        count("address mapping", !s.addressToRemote.isEmpty());
        count("last work queue", s.lastWorkQueue != null);
        count("restart", !s.restarts.isEmpty());
        count("incident of the MTA", !s.mtaEpisodes.isEmpty());
        count("ended incident of the MTA", !s.mtaEpisodeEnded.isEmpty());
    }

    private void count(final String part, final boolean present) {
        if (present) {
            seen.merge(part, 1, Integer::sum);
        }
    }
}
