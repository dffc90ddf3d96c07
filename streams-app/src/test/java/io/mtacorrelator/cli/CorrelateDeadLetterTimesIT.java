package io.mtacorrelator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.ShipperRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead letter of {@code correlate} carries the record's own time in {@code mta.dlt.source.timestamp} where the record
 * has one, and the time it was published where it has none: never a 1999 record stamped with today's date.
 */
class CorrelateDeadLetterTimesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLateRecordKeepsItsEventTimeAndAnUnreadableOneGetsThePublishTime(@TempDir final Path dir) throws IOException {
        // Given, on one MTA and with no grace (mta.grace.ms=0): events at 08:10:00Z and 08:20:00Z, then one at
        // 08:05:00Z, which arrives behind the horizon (late); and a line no parser reads, which has no time of its own
        final Instant late = Instant.parse("1999-03-01T08:05:00Z");
        final List<String> lines = List.of(
                ShipperRecords.mtaStarted(Instant.parse("1999-03-01T08:10:00Z"), "EXCH1"),
                ShipperRecords.associationLimit(Instant.parse("1999-03-01T08:20:00Z"), "EXCH1"),
                ShipperRecords.associationLimit(late, "EXCH1"),
                "not a record at all");
        final Path input = Files.write(dir.resolve("input.ndjson"), lines, StandardCharsets.UTF_8);
        final Path deadLetters = dir.resolve("dead.ndjson");

        // When
        final Instant before = Instant.now();
        final CliHarness run = CliHarness.run("correlate", "--set", "mta.grace.ms=0", "--dead-letters", deadLetters.toString(),
                input.toString());
        final Instant after = Instant.now();

        // Then two dead letters, one per line set aside, each naming its line
        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<JsonNode> letters = new ArrayList<>();
        for (final String line : Files.readAllLines(deadLetters)) {
            letters.add(JSON.readTree(line));
        }
        assertThat(letters).extracting(l -> l.get("headers").get("mta.dlt.source.line").asText())
                .containsExactlyInAnyOrder("3", "4");
        for (final JsonNode letter : letters) {
            final JsonNode headers = letter.get("headers");
            final Instant sourceTime = Instant.parse(headers.get("mta.dlt.source.timestamp").asText());
            if (headers.get("mta.dlt.source.line").asText().equals("3")) {
                // the late record: its own event time, and the reason says why it was set aside
                assertThat(headers.get("mta.dlt.reason").asText()).startsWith("late: ");
                assertThat(sourceTime).isEqualTo(late);
            } else {
                // the unreadable line (positive control: a record without a time is stamped while correlate runs)
                assertThat(sourceTime).isBetween(before.minusSeconds(1), after.plusSeconds(1));
            }
        }
    }
}
