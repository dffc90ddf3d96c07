package io.mtacorrelator.diagnosis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The primitive counters of a point keep "not shipped" apart from every shipped value, 0 and NaN included. */
class QueuePointTest {

    @Test
    void aCounterNotShippedIsUnknownAndAShippedZeroOrNaNIsKnown() {
        // Given: the same sample without its counters, with zeros, and with a NaN total
        final QueuePoint bare = new QueuePoint(15_000, 3, 1, null, null, null);
        final QueuePoint zeros = new QueuePoint(15_000, 3, 1, 0d, 0d, 0d);
        final QueuePoint nan = new QueuePoint(15_000, 3, 1, Double.NaN, null, null);

        // Then
        assertThat(bare.showsSends()).isFalse();
        assertThat(zeros.showsSends()).isTrue();
        assertThat(nan.has(QueuePoint.OUTBOUND_TOTAL)).isTrue();
        assertThat(bare).isNotEqualTo(zeros);
        assertThat(new QueuePoint(0, 3, 1, 5d, 7d, 9d, 0)).as("values of counters not shipped do not count").isEqualTo(
                new QueuePoint(0, 3, 1, 0, 0, 0, 0));
    }

    @Test
    void printsAsTheBoxedRecordDid() {
        // The text orders two samples of one connection at one time (Signal's sort key): it must not change.
        assertThat(new QueuePoint(15_000, 3, 1, 1000d, null, 0.5)).hasToString(
                "QueuePoint[time=15000, queueLength=3, associations=1, outboundTotal=1000.0, sendRate=null, failedOutbound=0.5]");
        assertThat(new QueuePoint(0, 0, 0, null, -0.0, null)).hasToString(
                "QueuePoint[time=0, queueLength=0, associations=0, outboundTotal=null, sendRate=-0.0, failedOutbound=null]");
    }
}
