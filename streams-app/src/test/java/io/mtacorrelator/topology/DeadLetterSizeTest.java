package io.mtacorrelator.topology;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead letter above mta.deadletter.max.bytes is written as its headers, with its size and origin, before it is sent:
 * under exactly-once a send the broker refuses would fail the transaction and stop the application (found by
 * PoisonAtVolumeIT); below the limit, and with no limit, it is written whole.
 */
class DeadLetterSizeTest {

    private static final long T = 920_275_200_000L; // 1999-03-01T08:00:00Z

    @Test
    void aDeadLetterAboveTheLimitIsWrittenAsItsHeadersWithItsSizeAndOneBelowItWhole() {
        // Given: two unreadable records (not UTF-8), of 1,000 and 5,000 bytes, and a limit of 3,000 bytes
        final byte[] small = unreadable(1_000);
        final byte[] large = unreadable(5_000);
        try (TopologyHarness harness = new TopologyHarness(Map.of(CorrelatorConfig.DEAD_LETTER_MAX_BYTES, "3000"))) {
            // When
            final String raw = harness.topics.rawNames().get(0);
            harness.pipeRaw(raw, small, T).pipeRaw(raw, large, T + 1);
            final List<TestRecord<byte[], byte[]>> dead = harness.deadLetters();

            // Then: the small one whole, the large one empty, with its size, why, and where it is
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo(small);
            assertThat(dead.get(0).headers().lastHeader(DeadLetterProductionHandler.ORIGINAL_SIZE)).isNull();
            assertThat(dead.get(1).value()).isEmpty();
            assertThat(header(dead.get(1), DeadLetterProductionHandler.ORIGINAL_SIZE)).isEqualTo("5000");
            assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).contains("not valid UTF-8", "too large for the dead-letter topic");
            assertThat(header(dead.get(1), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        }
        // and without a limit (the default, and correlate's) both are written whole
        try (TopologyHarness harness = new TopologyHarness()) {
            final String raw = harness.topics.rawNames().get(0);
            harness.pipeRaw(raw, small, T).pipeRaw(raw, large, T + 1);
            assertThat(harness.deadLetters()).extracting(TestRecord::value).containsExactly(small, large);
        }
    }

    private static byte[] unreadable(final int size) {
        final byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'a');
        bytes[0] = (byte) 0xFF;
        return bytes;
    }

    private static String header(final TestRecord<byte[], byte[]> record, final String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
