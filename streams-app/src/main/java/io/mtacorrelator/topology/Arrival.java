package io.mtacorrelator.topology;

import io.mtacorrelator.diagnosis.Signal;

import java.util.function.Supplier;

/**
 * A signal on its way into the correlation of its MTA, with the record to set aside if it turns out late: the raw
 * shipper record when it was parsed in the same task, or its normalised Avro when it came through a normalised topic.
 */
public sealed interface Arrival permits Arrival.Local, Arrival.Rerouted {

    Signal signal();

    /** The value the dead-letter topic keeps for it when it is late. */
    byte[] lateValue();

    /** Parsed in the task that correlates its MTA: the raw record is at hand. */
    record Local(Signal signal, byte[] raw) implements Arrival {
        @Override
        public byte[] lateValue() {
            return raw;
        }
    }

    /** Came through a normalised topic: its Avro bytes are made only if it is late. */
    record Rerouted(Signal signal, Supplier<byte[]> avro) implements Arrival {
        @Override
        public byte[] lateValue() {
            return avro.get();
        }
    }
}
