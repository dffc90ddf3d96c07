package io.mtacorrelator.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's workload: deterministic from its seed, readable by the parsers, and its list of planted faults true to
 * the records. (What the correlator makes of it is measured by the bench, not asserted here.)
 */
class EstateGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 30 MTAs x 5 connections: 180 records per 15 s tick, so 60,000 records are a bit over 83 minutes. */
    private static final EstateSpec ESTATE = EstateSpec.of(42, 30, 5, 60_000, 2.0);
    private static final long INTERVAL_MS = ESTATE.sampleSeconds() * 1000L;

    @Test
    void theSameSeedGivesTheSameRecordsAndEpisodes() {
        // Given two generators of the same estate
        // When both generate
        final Digest first = digest(ESTATE);
        final Digest second = digest(ESTATE);
        // Then every byte and every planted episode is the same
        assertThat(second.sha256).isEqualTo(first.sha256);
        assertThat(second.result.planted()).isEqualTo(first.result.planted());
        assertThat(first.result.records()).isEqualTo(ESTATE.records());
    }

    @Test
    void everyConnectionOfAnMtaHasItsOwnRemoteEvenWithMoreConnectionsThanMtas() {
        // Given an estate of 2 MTAs with 6 connections each (more connections than the estate has other MTAs)
        final EstateSpec wide = EstateSpec.of(5, 2, 6, 2 * 7, 0);
        final Map<String, Set<String>> remotes = new HashMap<>();
        // When one tick of samples is generated (2 x (6 + 1) records)
        new EstateGenerator(wide).generate(r -> {
            final JsonNode json = read(r.value());
            final String remote = json.path("tags").path("instance").asText(json.path("windows").path("perfmon").path("instance").asText(""));
            if (!remote.isEmpty()) {
                remotes.computeIfAbsent(r.mta(), k -> new HashSet<>()).add(remote);
            }
        });
        // Then each MTA has 6 distinct remotes, none of them itself
        assertThat(remotes).hasSize(2);
        remotes.forEach((mta, set) -> assertThat(set).hasSize(6).doesNotContain(mta));
    }

    @Test
    void anotherSeedGivesAnotherEstate() {
        // Given the same estate with another seed (positive control: the same seed matches, above)
        final EstateSpec other = EstateSpec.of(43, 30, 5, 60_000, 2.0);
        // When both generate
        // Then the records differ
        assertThat(digest(other).sha256).isNotEqualTo(digest(ESTATE).sha256);
    }

    @Test
    void recordsComeInEventTimeOrderAndEveryOneIsReadable() {
        // Given the estate
        final RecordParser parser = new RecordParser();
        final Map<String, Integer> outcomes = new HashMap<>();
        final long[] previous = {Long.MIN_VALUE};
        final boolean[] ordered = {true};
        // When each record is parsed as the correlator would
        new EstateGenerator(ESTATE).generate(r -> {
            ordered[0] &= r.eventTimeMs() >= previous[0];
            previous[0] = r.eventTimeMs();
            final ParseOutcome outcome = parser.parse(r.value());
            outcomes.merge(outcome.getClass().getSimpleName(), 1, Integer::sum);
            if (outcome instanceof ParseOutcome.Sample s) {
                assertThat(s.sample().getMta()).isEqualTo(r.mta());
                assertThat(s.sample().getTimestamp().toEpochMilli()).isEqualTo(r.eventTimeMs());
            } else if (outcome instanceof ParseOutcome.Event e) {
                assertThat(e.event().getMta()).isEqualTo(r.mta());
                assertThat(e.event().getTimestamp().toEpochMilli()).isEqualTo(r.eventTimeMs());
            }
        });
        // Then they are in event-time order, and every one is an event or a sample: nothing dead-lettered or ignored
        assertThat(ordered[0]).isTrue();
        assertThat(outcomes.keySet()).containsOnly("Event", "Sample");
        assertThat(outcomes.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(ESTATE.records());
    }

    @Test
    void everyPlantedEpisodeShowsItsArticlesPictureInTheRecords() {
        // Given the estate's records, grouped by MTA
        final Map<String, List<JsonNode>> byMta = new HashMap<>();
        final EstateGenerator.Result result = new EstateGenerator(ESTATE).generate(r -> byMta
                .computeIfAbsent(r.mta(), k -> new ArrayList<>()).add(read(r.value())));
        // Then there are planted episodes of several articles
        assertThat(result.planted()).isNotEmpty();
        assertThat(result.planted().stream().map(PlantedEpisode::kb).distinct().count()).isGreaterThan(1);
        final Set<String> mtasWithEpisodes = new HashSet<>();
        for (final PlantedEpisode p : result.planted()) {
            mtasWithEpisodes.add(p.mta());
            assertThat(p.startMs()).isLessThanOrEqualTo(p.decisiveMs());
            assertThat(p.decisiveMs()).isLessThanOrEqualTo(p.endMs());
            assertThat(p.decisiveMs()).isLessThanOrEqualTo(result.lastMs());
            final List<JsonNode> records = byMta.get(p.mta());
            // And up to the decisive time, each shows its article's picture
            switch (p.kb()) {
                case "Q181721" -> {
                    // From the last healthy sample (one interval before the start) to the decisive one
                    final List<JsonNode> samples = connectionSamples(records, p.remote(), p.startMs() - INTERVAL_MS, p.decisiveMs());
                    assertThat(samples).hasSizeGreaterThanOrEqualTo(EstateGenerator.DECISIVE_SAMPLES + 1);
                    assertThat(samples).allSatisfy(s -> assertThat(field(s, "Associations")).isEqualTo(1));
                    // nothing sent over the open association, while the queue grew
                    assertThat(samples).allSatisfy(s -> assertThat(field(s, "Outbound_Messages_Total"))
                            .isEqualTo(field(samples.get(0), "Outbound_Messages_Total")));
                    assertThat(field(samples.get(samples.size() - 1), "Queue_Length") - field(samples.get(0), "Queue_Length"))
                            .isGreaterThanOrEqualTo(EstateGenerator.DECISIVE_Q181721_GROWTH);
                    assertThat(eventIds(records, p.startMs(), p.decisiveMs())).containsAnyOf(9277, 9316);
                }
                case "Q170056" -> {
                    final List<JsonNode> samples = connectionSamples(records, p.remote(), p.startMs(), p.decisiveMs());
                    assertThat(samples).allSatisfy(s -> assertThat(field(s, "Associations")).isZero());
                    assertThat(eventIds(records, p.startMs(), p.decisiveMs())).contains(9318);
                }
                case "Q228901" -> assertThat(eventIds(records, p.startMs(), p.decisiveMs())).contains(5719, 9316);
                case "Q181513" -> assertThat(eventIds(records, p.startMs(), p.decisiveMs())).contains(9316, 1294);
                case "Q189494" -> assertThat(eventIds(records, p.startMs(), p.decisiveMs()).stream().filter(id -> id == 9277).count())
                        .isGreaterThanOrEqualTo(10);
                case "Q194589" -> assertThat(eventIds(records, p.startMs(), p.decisiveMs())).contains(57);
                default -> throw new AssertionError("unexpected article " + p.kb());
            }
        }
        // And one MTA carries at most one fault at a time
        for (final String mta : mtasWithEpisodes) {
            final List<PlantedEpisode> own = result.planted().stream().filter(p -> p.mta().equals(mta)).toList();
            for (int i = 1; i < own.size(); i++) {
                assertThat(own.get(i).startMs()).isGreaterThan(own.get(i - 1).endMs());
            }
        }
    }

    private record Digest(String sha256, EstateGenerator.Result result) {
    }

    private static Digest digest(final EstateSpec spec) {
        final MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        final EstateGenerator.Result result = new EstateGenerator(spec).generate(r -> {
            sha.update(r.mta().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(r.value());
        });
        return new Digest(java.util.HexFormat.of().formatHex(sha.digest()), result);
    }

    private static JsonNode read(final byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Telegraf or Metricbeat samples of the connection to {@code remote} between two event times, as Telegraf names. */
    private static List<JsonNode> connectionSamples(final List<JsonNode> records, final String remote, final long from, final long to) {
        final List<JsonNode> out = new ArrayList<>();
        for (final JsonNode r : records) {
            final long t = time(r);
            if (t < from || t > to) {
                continue;
            }
            if (remote.equals(r.path("tags").path("instance").asText(null))) {
                out.add(r.path("fields"));
            } else if (remote.equals(r.path("windows").path("perfmon").path("instance").asText(null))) {
                final JsonNode m = r.path("windows").path("perfmon").path("metrics");
                out.add(JSON.createObjectNode().put("Associations", m.path("associations").asInt())
                        .put("Queue_Length", m.path("queue_length").asInt())
                        .put("Outbound_Messages_Total", m.path("outbound_messages_total").asLong()));
            }
        }
        return out;
    }

    private static long field(final JsonNode fields, final String name) {
        return fields.path(name).asLong();
    }

    private static List<Integer> eventIds(final List<JsonNode> records, final long from, final long to) {
        final List<Integer> ids = new ArrayList<>();
        for (final JsonNode r : records) {
            final long t = time(r);
            if (t < from || t > to) {
                continue;
            }
            if (r.has("winlog")) {
                ids.add(r.path("winlog").path("event_id").asInt());
            } else if (r.has("EventID")) {
                ids.add(r.path("EventID").asInt());
            }
        }
        return ids;
    }

    private static long time(final JsonNode r) {
        if (r.has("timestamp")) {
            return r.get("timestamp").asLong() * 1000;
        }
        if (r.has("@timestamp")) {
            return java.time.Instant.parse(r.get("@timestamp").asText()).toEpochMilli();
        }
        return java.time.LocalDateTime.parse(r.path("EventTime").asText().replace(' ', 'T'))
                .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }
}
