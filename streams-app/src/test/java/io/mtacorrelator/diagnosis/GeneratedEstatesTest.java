package io.mtacorrelator.diagnosis;

import io.mtacorrelator.EstateReshipper;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.ingest.ParseOutcome;
import io.mtacorrelator.ingest.RecordParser;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import io.mtacorrelator.workload.PlantedEpisode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties over many generated estates (the bench's {@link EstateGenerator}, seeded), each shipped through a seeded
 * mix of every event format and both counter shippers, with and without sent counters: a healthy estate with
 * realistic noise (bursts of mail, stray MtaBind cancels and 9316s, restarts, domain controllers rebooting, RPC
 * inactive cancels) never gives a Q181721, nor any other incident; an estate with planted faults gives exactly the
 * planted incidents, each with the right article, MTA and remote MTA.
 */
class GeneratedEstatesTest {

    /** Estates checked by each property. */
    private static final int CASES = 50;
    private static final int MTAS = 3;
    private static final int CONNECTIONS = 3;
    /** Sampling intervals the shippers are configured with (Telegraf's and Metricbeat's period). */
    private static final int[] SAMPLE_SECONDS = {15, 30, 60};
    private static final long HOURS = 2;
    private static final DiagnosisSettings SETTINGS = DiagnosisSettings.defaults();
    /** An incident's first evidence may come from the symptom window before the growth began. */
    private static final long MATCH_MARGIN_MS = SETTINGS.symptomWindowMs() + 5 * 60_000L;

    /** One generated estate and what the correlator made of it. */
    private record Case(long seed, EstateSpec spec, EstateGenerator.Result generated, List<Incident> incidents, String shipping) {

        String describe() {
            return "seed " + seed + ", " + spec.sampleSeconds() + " s samples; " + shipping;
        }
    }

    private static EstateSpec spec(final long seed, final double episodesPerMtaHour) {
        final int interval = SAMPLE_SECONDS[(int) Math.floorMod(seed, SAMPLE_SECONDS.length)];
        final long records = HOURS * 3600 / interval * MTAS * (CONNECTIONS + 1);
        return new EstateSpec(seed, MTAS, CONNECTIONS, records, episodesPerMtaHour, interval, EstateSpec.DEFAULT_START);
    }

    /** Generates, ships through the seed's mix (with {@code noise} for healthy ones) and correlates in event-time order. */
    private static Case correlate(final long seed, final double episodesPerMtaHour, final boolean noise) {
        final EstateSpec spec = spec(seed, episodesPerMtaHour);
        final EstateReshipper shippers = new EstateReshipper(seed, 0.5);
        final HealthyNoise bursts = noise ? new HealthyNoise(seed, spec.sampleSeconds()) : null;
        final RecordParser parser = new RecordParser();
        final PlainCorrelation correlation = new PlainCorrelation(SETTINGS);
        final EstateGenerator.Result generated = new EstateGenerator(spec).generate(r -> {
            final ParseOutcome outcome = parser.parse(r.value());
            if (outcome instanceof ParseOutcome.Event e) {
                correlation.feed(shippers.event(e.event()));
            } else if (outcome instanceof ParseOutcome.Sample s) {
                final CounterSample sample = bursts == null ? s.sample() : bursts.apply(s.sample(), shippers, parser, correlation);
                correlation.feed(shippers.sample(sample));
            } else {
                throw new AssertionError("the generator wrote a record the parser does not read: " + outcome);
            }
        });
        final List<Incident> incidents = correlation.end();
        assertThat(correlation.late()).as("records late in event-time order plus stray events within the grace").isZero();
        return new Case(seed, spec, generated, incidents, shippers.describe());
    }

    @Test
    void healthyEstatesWithRealisticNoiseNeverGiveAQ181721() {
        int bursts = 0;
        for (long seed = 1; seed <= CASES; seed++) {
            // Given: a healthy estate (no planted fault) with bursts of mail and stray MtaBind cancels
            // When
            final Case c = correlate(seed, 0, true);

            // Then
            assertThat(c.incidents()).as(c.describe()).extracting(PlainCorrelation::brief).isEmpty();
            bursts++;
        }
        // Positive control: the same estate with faults planted gives incidents
        final Case planted = correlate(1, 1.0, true);
        assertThat(planted.generated().planted()).isNotEmpty();
        assertThat(planted.incidents()).as(planted.describe()).extracting(Incident::getKb).contains("Q181721");
        assertThat(bursts).isEqualTo(CASES);
    }

    @Test
    void estatesWithPlantedFaultsGiveExactlyThePlantedIncidents() {
        final Map<String, Integer> found = new HashMap<>();
        for (long seed = 1; seed <= CASES; seed++) {
            // Given: an estate with faults planted (Q181721 and its look-alikes)
            // When
            final Case c = correlate(seed, 1.0, false);

            // Then: every fault that was over before the input ended was found, with its article, MTA and remote
            final long horizon = c.generated().lastMs() - SETTINGS.graceMs() - c.spec().sampleSeconds() * 1000L;
            final List<Incident> opened = c.incidents().stream().filter(i -> i.getStatus() == IncidentStatus.OPEN).toList();
            for (final PlantedEpisode p : c.generated().planted()) {
                if (p.endMs() < horizon) {
                    assertThat(opened).as("%s: %s planted on %s -> %s at %s, incidents %s", c.describe(), p.kb(), p.mta(),
                                    p.remote(), Instant.ofEpochMilli(p.startMs()), opened.stream().map(PlainCorrelation::brief).toList())
                            .anyMatch(i -> matches(p, i));
                    found.merge(p.kb(), 1, Integer::sum);
                }
            }
            // and nothing else
            for (final Incident i : opened) {
                assertThat(c.generated().planted()).as("%s: %s matches no planted fault", c.describe(), PlainCorrelation.brief(i))
                        .anyMatch(p -> matches(p, i));
            }
        }
        // Q181721 and at least three look-alikes were among the faults found
        assertThat(found).containsKey("Q181721");
        assertThat(found.keySet()).hasSizeGreaterThanOrEqualTo(4);
    }

    private static boolean matches(final PlantedEpisode p, final Incident i) {
        return p.matches(i.getKb(), i.getMta(), i.getRemoteMta(), i.getFirstSeen().toEpochMilli(), MATCH_MARGIN_MS);
    }

    /**
     * What healthy estates also do: a connection's queue now and then takes a burst of mail (it rises over a few
     * samples and drains as the MTA sends it, the sends showing where the sent counter is shipped), and a stray
     * 9277 MtaBind cancel may be logged shortly before.
     */
    private static final class HealthyNoise {
        /** Queue added over the samples of a burst: up over three samples, then drained. */
        private static final int[] BURST = {6, 11, 15, 9, 3, 0};
        private final Random random;
        private final long burstEveryMs;
        private final Map<String, Integer> step = new HashMap<>();
        /** Messages sent for bursts so far, per connection: added to its Outbound Messages Total. */
        private final Map<String, Long> extraSent = new HashMap<>();

        HealthyNoise(final long seed, final int sampleSeconds) {
            this.random = new Random(seed * 31 + 7);
            // About one burst per connection every 40 minutes.
            this.burstEveryMs = 40 * 60_000L / (sampleSeconds * 1000L);
        }

        CounterSample apply(final CounterSample sample, final EstateReshipper shippers, final RecordParser parser,
                            final PlainCorrelation correlation) {
            if (sample.getInstance() == null) {
                return sample;
            }
            final String key = sample.getMta() + "|" + sample.getInstance();
            int at = step.getOrDefault(key, -1);
            if (at < 0 && random.nextLong(burstEveryMs) == 0) {
                at = 0;
                if (random.nextBoolean()) {
                    // A stray cancel logged shortly before the burst shows in the counters (within the grace).
                    final Instant when = sample.getTimestamp().minusSeconds(45);
                    final MtaEvent cancel = ((ParseOutcome.Event) parser.parse(ShipperRecords.rpcCancel(when, sample.getMta(), 53,
                            "MtaBind").getBytes(StandardCharsets.UTF_8))).event();
                    correlation.feed(shippers.event(cancel));
                }
            }
            if (at < 0) {
                return adjusted(sample, key, 0);
            }
            final int offset = BURST[at];
            final int before = at == 0 ? 0 : BURST[at - 1];
            // The MTA keeps sending while the burst arrives, and sends the burst as it drains.
            extraSent.merge(key, (long) (offset > before ? 2 : before - offset), Long::sum);
            step.put(key, at + 1 < BURST.length ? at + 1 : -1);
            return adjusted(sample, key, offset);
        }

        private CounterSample adjusted(final CounterSample sample, final String key, final int queueOffset) {
            final Map<String, Double> counters = new HashMap<>(sample.getCounters());
            counters.computeIfPresent("Queue Length", (k, v) -> v + queueOffset);
            counters.computeIfPresent("Outbound Messages Total", (k, v) -> v + extraSent.getOrDefault(key, 0L));
            return CounterSample.newBuilder(sample).setCounters(counters).build();
        }
    }
}
