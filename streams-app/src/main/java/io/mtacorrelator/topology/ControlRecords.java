package io.mtacorrelator.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The end-of-input marker of a finite input (correlate, a replay): a record with a null value and the header
 * {@code mta.control=end-of-input}, published once to every raw partition after the data. The parse step
 * passes it to every partition of the normalised topics; the correlation evaluates everything still waiting
 * once the marker has arrived from every raw partition on every normalised topic it reads: only then is it
 * sure nothing of the input is still on its way.
 */
public final class ControlRecords {

    public static final String CONTROL = "mta.control";
    public static final String END_OF_INPUT = "end-of-input";
    /** Raw topic-partition the marker passed through (set by the parse step). */
    public static final String SOURCE = "mta.control.source";
    /** How many raw partitions the producer of the input sent the marker to. */
    public static final String SOURCES = "mta.control.sources";

    private ControlRecords() {
    }

    public static boolean isEndOfInput(final Headers headers) {
        return END_OF_INPUT.equals(DeadLetterHeaders.get(headers, CONTROL));
    }

    static void put(final Headers headers, final String key, final Object value) {
        DeadLetterHeaders.put(headers, key, value);
    }

    /** Sends every record (the control sinks carry only markers) to every partition. */
    static <K, V> StreamPartitioner<K, V> broadcast() {
        return (topic, key, value, numPartitions) ->
                Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
}
