package io.mtacorrelator.operations;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the health endpoints say for each Kafka Streams state. */
class HealthTest {

    @Test
    void runningIsLiveAndReady() {
        // When
        final Health health = new Health(State.RUNNING, false);

        // Then
        assertThat(health.live()).isTrue();
        assertThat(health.ready()).isTrue();
        assertThat(health.json()).isEqualTo("{\"state\":\"RUNNING\",\"live\":true,\"ready\":true}");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"CREATED", "REBALANCING", "PENDING_SHUTDOWN", "NOT_RUNNING"})
    void startingRebalancingOrClosingIsLiveButNotReady(final State state) {
        // When: no failure (positive control for liveness: the same states with a failure below are not live)
        final Health health = new Health(state, false);

        // Then
        assertThat(health.live()).isTrue();
        assertThat(health.ready()).isFalse();
        assertThat(health.json()).contains("\"state\":\"" + state + "\"");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"PENDING_ERROR", "ERROR"})
    void aFailedApplicationIsNeitherLiveNorReady(final State state) {
        // When
        final Health health = new Health(state, false);

        // Then
        assertThat(health.live()).isFalse();
        assertThat(health.ready()).isFalse();
        assertThat(health.json()).isEqualTo("{\"state\":\"" + state + "\",\"live\":false,\"ready\":false}");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"PENDING_SHUTDOWN", "NOT_RUNNING"})
    void stoppingAfterAFailureIsNotLive(final State state) {
        // When: the same states as a clean close, but a stream thread failed first
        final Health health = new Health(state, true);

        // Then
        assertThat(health.live()).isFalse();
        assertThat(health.ready()).isFalse();
    }
}
