package io.mtacorrelator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code correlate} of input with nothing readable does not "succeed": exit 3 and one line, unless --allow-empty. */
class NothingReadableIT {

    @Test
    void inputWhoseEveryRecordIsDeadLetteredExitsThreeWithTheFirstReason(@TempDir final Path dir) throws IOException {
        // Given: two lines, neither of them a record any parser reads
        final List<String> lines = List.of("this is not json", "{\"@timestamp\":\"1999-03-01T08:10:00Z\",\"winlog\":{\"provider_na");
        final Path input = Files.write(dir.resolve("garbage.ndjson"), lines, StandardCharsets.UTF_8);

        // When
        final Path deadLetters = dir.resolve("dead.ndjson");
        final CliHarness refused = CliHarness.run("correlate", "--dead-letters", deadLetters.toString(), input.toString());
        final CliHarness allowed = CliHarness.run("correlate", "--allow-empty", input.toString());

        // Then: every record is accounted for, and the run says it read nothing
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.NO_READABLE_RECORDS);
        assertThat(refused.err()).contains("read " + lines.size() + ", parsed 0, ignored 0 (unrelated sources), dead-lettered "
                + lines.size());
        final String last = refused.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("correlate: no readable records in " + input + " (" + lines.size()
                + " dead-lettered; first reason: ").endsWith("); --allow-empty accepts that");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.err()).doesNotContain("no readable records");
        // and each dead letter says which file and line it came from
        final List<com.fasterxml.jackson.databind.JsonNode> letters = new java.util.ArrayList<>();
        for (final String line : Files.readAllLines(deadLetters)) {
            letters.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        assertThat(letters).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            final var headers = letters.get(i).get("headers");
            assertThat(headers.get("mta.dlt.source.file").asText()).isEqualTo(input.toString());
            assertThat(headers.get("mta.dlt.source.line").asText()).isEqualTo(String.valueOf(i + 1));
            assertThat(headers.get("mta.dlt.source.record").asText()).isEqualTo(String.valueOf(i + 1));
            assertThat(letters.get(i).get("value").asText()).isEqualTo(lines.get(i));
        }
    }

    @Test
    void anEmptyInputExitsThreeAndOneReadableRecordIsEnough(@TempDir final Path dir) throws IOException {
        // Given: an empty file, and (the positive control) a file with one unrelated but readable record
        final Path empty = Files.writeString(dir.resolve("empty.ndjson"), "");
        final Path unrelated = Files.writeString(dir.resolve("unrelated.ndjson"), "{\"@timestamp\":\"1999-03-01T08:10:00Z\","
                + "\"winlog\":{\"provider_name\":\"Service Control Manager\",\"event_id\":\"7036\",\"computer_name\":\"EXCH1\","
                + "\"channel\":\"System\"},\"message\":\"The service entered the running state.\"}\n");

        // When
        final CliHarness fromEmpty = CliHarness.run("correlate", empty.toString());
        final CliHarness fromUnrelated = CliHarness.run("correlate", unrelated.toString());

        // Then
        assertThat(fromEmpty.exitCode()).as(fromEmpty.err()).isEqualTo(ExitCodes.NO_READABLE_RECORDS);
        assertThat(fromEmpty.err().strip()).endsWith("correlate: no readable records in " + empty
                + " (0 dead-lettered; the input holds no records); --allow-empty accepts that");
        assertThat(fromUnrelated.exitCode()).as(fromUnrelated.err()).isZero();
        assertThat(fromUnrelated.err()).contains("read 1, parsed 0, ignored 1");
    }
}
