package io.mtacorrelator.jmh;

import io.mtacorrelator.diagnosis.DiagnosisSettings;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.topology.MtaStateCodec;
import io.mtacorrelator.workload.CorrelatedEstate;
import io.mtacorrelator.workload.EstateSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The state codec alone, on the state of one MTA with 5 or with 50 connections after two hours of a generated estate
 * (a retention of points per connection, waiting signals, events, mappings, faults planted): what the commit-time
 * write-back pays per changed MTA ({@link MtaStateCodec#encode}), and what a restore or a cache miss pays
 * ({@link MtaStateCodec#decode}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StateCodecBenchmark {

    @Param({"5", "50"})
    public int connections;

    private final MtaStateCodec codec = new MtaStateCodec();
    private MtaState state;
    private byte[] encoded;

    @Setup
    public void setUp() {
        final long records = 2L * 3600 / 15 * (connections + 1);
        final EstateSpec spec = new EstateSpec(7, 1, connections, records, 1.0, 15, EstateSpec.DEFAULT_START);
        state = CorrelatedEstate.run(spec, DiagnosisSettings.defaults(), (s, signal) -> { }).values().iterator().next();
        encoded = codec.encode(state);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(state);
    }

    @Benchmark
    public MtaState decode() {
        return codec.decode(encoded);
    }
}
