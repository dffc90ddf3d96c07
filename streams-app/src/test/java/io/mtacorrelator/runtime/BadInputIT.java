package io.mtacorrelator.runtime;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.topology.DeadLetterHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real broker: bad records interleaved with a valid scenario change nothing in the incidents, and the
 * dead-letter topic holds exactly the bad records, unchanged, each saying why and from which offset.
 */
class BadInputIT {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    private static List<byte[]> badRecords() {
        final byte[] garbage = new byte[300];
        new Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n' || garbage[i] == '\r') {
                garbage[i] = 'x';
            }
        }
        final String bigMessage = "a".repeat(1024 * 1024 + 10);
        return List.of(
                "{\"@timestamp\":\"1999-03-01T08:10:00Z\",\"winlog\":{\"provider_name\":\"MSExchangeMTA\"".getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                garbage,
                ("{\"@timestamp\":\"1999-03-01T08:11:00Z\",\"message\":\"" + bigMessage + "\",\"winlog\":{\"provider_name\":"
                        + "\"MSExchangeMTA\",\"event_id\":\"9316\",\"computer_name\":\"EXCH1\"}}").getBytes(StandardCharsets.UTF_8),
                ("{\"@timestamp\":\"1970-01-01T00:00:00Z\",\"message\":\"x\",\"winlog\":{\"provider_name\":\"MSExchangeMTA\","
                        + "\"event_id\":\"9316\",\"computer_name\":\"EXCH1\"}}").getBytes(StandardCharsets.UTF_8),
                "{\"fields\":{\"Queue_Length\":\"lots\"},\"tags\":{\"host\":\"EXCH1\",\"instance\":\"EXCH2\",\"objectname\":\"MSExchangeMTA Connections\"},\"timestamp\":920275200}".getBytes(StandardCharsets.UTF_8),
                "{\"winlog\":{\"event_id\":{\"nested\":true},\"provider_name\":\"MSExchangeMTA\"},\"@timestamp\":42}".getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                "Unable to bind over RPC".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badRecordsInterleavedWithAScenarioChangeNothingAndAreAllDeadLettered(@TempDir final Path dir)
            throws IOException, InterruptedException {
        // Given: the article's episode, alone and with the bad records spread through it
        final Scenario scenario = new Scenario(MORNING);
        scenario.q181721Episode("EXCH1", "EXCH2", 15, 50, 50);
        final List<byte[]> valid = scenario.lines().stream().map(l -> l.json().getBytes(StandardCharsets.UTF_8)).toList();
        final List<byte[]> bad = badRecords();
        final List<byte[]> mixed = new ArrayList<>(valid);
        final List<Integer> badOffsets = new ArrayList<>();
        final int step = valid.size() / (bad.size() + 1);
        for (int i = 0; i < bad.size(); i++) {
            final int at = (i + 1) * step + i;
            mixed.add(at, bad.get(i));
            badOffsets.add(at);
        }
        final Path validFile = write(dir.resolve("valid.ndjson"), valid);
        final Path mixedFile = write(dir.resolve("mixed.ndjson"), mixed);

        // When
        final FileCorrelation correlation = new FileCorrelation(Map.of(), Duration.ofMinutes(3), line -> { });
        final FileCorrelation.Result alone = correlation.run(List.of(validFile));
        final FileCorrelation.Result withBad = correlation.run(List.of(mixedFile));

        // Then: the same incidents
        assertThat(alone.incidents()).isNotEmpty();
        assertThat(decisive(withBad.incidents())).isEqualTo(decisive(alone.incidents()));
        // and every record accounted for
        assertThat(withBad.read()).isEqualTo(mixed.size());
        assertThat(withBad.deadLettered()).isEqualTo(bad.size());
        assertThat(withBad.parsed() + withBad.ignored()).isEqualTo(valid.size());
        // and the dead-letter topic holds exactly the bad records, unchanged, with reason and origin
        assertThat(withBad.deadLetters()).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            final FileCorrelation.DeadLetter dead = withBad.deadLetters().get(i);
            assertThat(dead.value()).as("dead letter %d", i).isEqualTo(bad.get(i));
            assertThat(dead.headers().get(DeadLetterHeaders.REASON)).as("reason %d", i).isNotBlank();
            assertThat(dead.headers().get(DeadLetterHeaders.PARSER)).isNotBlank();
            assertThat(dead.headers().get(DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("mta.raw.eventlog");
            assertThat(dead.headers().get(DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(dead.headers().get(DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(String.valueOf(badOffsets.get(i)));
            assertThat(Instant.parse(dead.headers().get(DeadLetterHeaders.REJECTED_AT))).isAfter(Instant.now().minusSeconds(600));
        }
        assertThat(withBad.deadLetters().get(3).headers().get(DeadLetterHeaders.REASON)).contains("exceeds the 1048576-byte limit");
        assertThat(withBad.deadLetters().get(4).headers().get(DeadLetterHeaders.REASON)).contains("before 1990");
    }

    private static List<String> decisive(final List<Incident> incidents) {
        return incidents.stream()
                .map(i -> String.join("|", i.getIncidentId(), i.getKb(), i.getStatus().name(), i.getMta(), i.getRemoteMta(),
                        String.valueOf(i.getDetectedAt()), String.valueOf(i.getResolvedAt()),
                        String.valueOf(i.getEvidence().getQueueLength()), i.getConfidence().name()))
                .toList();
    }

    private static Path write(final Path file, final List<byte[]> lines) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] line : lines) {
            out.write(line);
            out.write('\n');
        }
        return Files.write(file, out.toByteArray());
    }
}
