package io.mtacorrelator.jmh;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.diagnosis.DiagnosisSettings;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The correlator's step for one counter sample of a healthy MTA with 5 or with 50 connections, with a full retention
 * of history behind it (the steady state of a live estate): the cost of a sample should not grow with the number of
 * connections of its MTA. Plain objects, no Kafka, no state store.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CorrelatorStepBenchmark {

    private static final long INTERVAL_MS = 15_000;

    @Param({"5", "50"})
    public int connections;

    private MtaCorrelator correlator;
    private MtaState state;
    private CounterSample[] samples;
    private long[] totals;
    private long time;
    private int next;
    private long step;

    @Setup(Level.Iteration)
    public void setUp() {
        final DiagnosisSettings settings = DiagnosisSettings.defaults();
        correlator = new MtaCorrelator(settings);
        state = new MtaState("EXCH1");
        samples = new CounterSample[connections];
        totals = new long[connections];
        for (int c = 0; c < connections; c++) {
            final Map<String, Double> counters = new HashMap<>();
            samples[c] = CounterSample.newBuilder().setMta("EXCH1").setTimestamp(Instant.EPOCH).setObjectName("MSExchangeMTA Connections")
                    .setInstance("REMOTE" + c).setCounters(counters).setShipper("telegraf").build();
            totals[c] = 1000;
        }
        time = Instant.parse("1999-03-01T06:00:00Z").toEpochMilli();
        // Each connection samples every 15 s, spread over the interval; a retention and a grace of history first.
        step = INTERVAL_MS / connections;
        final long warm = (settings.stateRetentionMs() + settings.graceMs()) / step + connections;
        for (long i = 0; i < warm; i++) {
            sample();
        }
    }

    @Benchmark
    public Object sample() {
        final int c = next;
        next = (next + 1) % connections;
        time += step;
        totals[c] += 2;
        final CounterSample s = samples[c];
        s.setTimestamp(Instant.ofEpochMilli(time / 1000 * 1000));
        final Map<String, Double> counters = s.getCounters();
        counters.put("Queue Length", (double) (totals[c] % 3));
        counters.put("Associations", 1d);
        counters.put("Outbound Messages Total", (double) totals[c]);
        return correlator.onSample(state, s);
    }
}
