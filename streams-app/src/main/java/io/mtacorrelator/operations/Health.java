package io.mtacorrelator.operations;

import org.apache.kafka.streams.KafkaStreams;

/**
 * What {@code /health/live} and {@code /health/ready} answer, from the Kafka Streams state.
 * Live unless the application has failed (a stream thread died: ERROR or PENDING_ERROR, or stopped after a failure):
 * a supervisor restarts a dead instance, not one that is busy rebalancing. Ready only when RUNNING: while it starts,
 * rebalances, restores or closes it processes nothing.
 *
 * @param failed whether a stream thread has failed (the state alone cannot tell NOT_RUNNING after a failure from
 *               NOT_RUNNING after a clean close)
 */
public record Health(KafkaStreams.State state, boolean failed) {

    public boolean live() {
        return !failed && state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    public boolean ready() {
        return state == KafkaStreams.State.RUNNING;
    }

    /** The short JSON body of both answers: the state by name, and the two verdicts. */
    public String json() {
        return "{\"state\":\"" + state + "\",\"live\":" + live() + ",\"ready\":" + ready() + "}";
    }
}
