package io.mtacorrelator.diagnosis;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.render.IncidentJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mixed evidence: one event that could also fit a look-alike does not silence a fault. The incident is
 * reported with a lower confidence and the competing explanation named; only a look-alike whose own
 * pattern is there in full explains the symptoms away.
 */
class CompetingExplanationsTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    /** One stray event, and the look-alike it belongs to. */
    static Stream<Arguments> strayEvents() {
        return Stream.of(
                Arguments.of("Netlogon 5719 (a domain controller rebooting)", "Q228901",
                        (BiFunction<Instant, String, String>) ShipperRecords::netlogonNoDc),
                Arguments.of("RAS failure 1294", "Q181513", (BiFunction<Instant, String, String>) ShipperRecords::rasFailure),
                Arguments.of("association limit 57", "Q194589", (BiFunction<Instant, String, String>) ShipperRecords::associationLimit));
    }

    private static Scenario episode() {
        final Scenario s = new Scenario(MORNING);
        s.q181721Episode("EXCH1", "EXCH2", 20, 70, 50);
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strayEvents")
    void oneStrayEventShortlyBeforeAnEpisodeLowersTheConfidenceAndIsNamedButDoesNotSilenceIt(
            final String what, final String lookAlike, final BiFunction<Instant, String, String> stray) {
        // Given: the article's episode from minute 20, and the same with one stray event at minute 18
        final List<Incident> clean = PlainCorrelation.run(episode().lines());
        final Scenario mixed = episode();
        mixed.event(stray.apply(mixed.at(18), "EXCH1"), mixed.at(18));

        // When
        final List<Incident> incidents = PlainCorrelation.run(mixed.lines());

        // Then: the same episode is reported, from OPEN to RESOLVED, one step less sure than without the stray event
        assertThat(clean).isNotEmpty().last().extracting(Incident::getConfidence).isEqualTo(Confidence.HIGH);
        final List<Incident> episode = incidents.stream().filter(i -> "Q181721".equals(i.getKb())).toList();
        assertThat(episode).as("incidents with a stray %s", what).extracting(Incident::getStatus)
                .startsWith(IncidentStatus.OPEN).endsWith(IncidentStatus.RESOLVED);
        assertThat(episode).extracting(Incident::getIncidentId).containsOnly(clean.get(0).getIncidentId());
        assertThat(episode.get(episode.size() - 1).getConfidence()).isEqualTo(Confidence.MEDIUM);
        // with the competing explanation named
        assertThat(episode).allSatisfy(i -> assertThat(i.getEvidence().getAlternatives()).singleElement()
                .satisfies(a -> assertThat(a.getKb()).isEqualTo(lookAlike)));
        assertThat(IncidentJson.toNode(episode.get(0)).at("/evidence/alternatives/0/kb").asText()).isEqualTo(lookAlike);
        assertThat(clean).allSatisfy(i -> assertThat(i.getEvidence().getAlternatives()).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void aStrayNetlogon5719DoesNotSilenceARemoteThatIsDown() {
        // Given: EXCH2 down from minute 10 (no association, 9318/1722 and 9215/10061), with and without one
        // Netlogon 5719 at minute 9
        final BiFunction<Boolean, Void, Scenario> remoteDown = (withStray, unused) -> {
            final Scenario s = new Scenario(MORNING);
            s.remoteDown("EXCH1", "EXCH2", 10, 40, s.healthy("EXCH1", "EXCH2", 0, 10, 1000));
            if (withStray) {
                s.event(ShipperRecords.netlogonNoDc(s.at(9), "EXCH1"), s.at(9));
            }
            return s;
        };
        final List<Incident> clean = PlainCorrelation.run(remoteDown.apply(false, null).lines());

        // When
        final List<Incident> incidents = PlainCorrelation.run(remoteDown.apply(true, null).lines());

        // Then
        assertThat(clean).isNotEmpty().last().satisfies(i -> {
            assertThat(i.getKb()).isEqualTo("Q170056");
            assertThat(i.getConfidence()).isEqualTo(Confidence.HIGH);
        });
        assertThat(incidents).as("incidents with a stray 5719").extracting(Incident::getKb).containsOnly("Q170056");
        assertThat(incidents).extracting(Incident::getIncidentId).containsOnly(clean.get(0).getIncidentId());
        assertThat(incidents.get(incidents.size() - 1).getConfidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(incidents).allSatisfy(i -> assertThat(i.getEvidence().getAlternatives()).extracting(a -> a.getKb())
                .containsExactly("Q228901"));
    }

    /** EXCH1 → EXCH2's episode from minute 40, and EXCH1 → EXCH3 stuck (growing, nothing sent) over [from, to). */
    private static Scenario withAnotherStuckConnection(final int from, final int to) {
        final Scenario s = new Scenario(MORNING);
        s.q181721Episode("EXCH1", "EXCH2", 40, 90, 50);
        final long total = s.healthy("EXCH1", "EXCH3", 0, from, 9000);
        s.stuck("EXCH1", "EXCH3", from, to, 1, total, 1);
        return s;
    }

    @org.junit.jupiter.api.Test
    void anotherConnectionStuckLongBeforeTheWindowDoesNotMakeTheSymptomsAmbiguous() {
        // Given: the symptoms carry an LTAB index that names no remote; EXCH3's queue was stuck from 08:00 to 08:15
        // and then its counters stopped, ten minutes before the window of EXCH2's episode (which begins 15 minutes
        // before its growth at 08:39);
        // the positive control: EXCH3 stuck during EXCH2's episode
        final int window = (int) (DiagnosisSettings.defaults().symptomWindowMs() / 60_000);
        final Scenario longBefore = withAnotherStuckConnection(0, 40 - window - 10);
        final Scenario during = withAnotherStuckConnection(30, 60);

        // When
        final List<Incident> afterOldTrouble = PlainCorrelation.run(longBefore.lines());
        final List<Incident> withConcurrentTrouble = PlainCorrelation.run(during.lines());

        // Then: only trouble inside the window makes the unnamed symptoms ambiguous
        assertThat(withConcurrentTrouble).filteredOn(i -> "EXCH2".equals(i.getRemoteMta())).isNotEmpty()
                .last().extracting(Incident::getConfidence).isEqualTo(Confidence.MEDIUM);
        assertThat(afterOldTrouble).filteredOn(i -> "EXCH2".equals(i.getRemoteMta())).isNotEmpty()
                .last().extracting(Incident::getConfidence).isEqualTo(Confidence.HIGH);
    }
}
