package io.mtacorrelator.bench;

import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Evidence;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.avro.Remediation;
import io.mtacorrelator.avro.Severity;
import io.mtacorrelator.workload.PlantedEpisode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's bookkeeping of planted episodes against reported incidents. */
class PlantedScoreTest {

    private static final long MIN = 60_000L;
    private static final long T0 = Instant.parse("1999-03-01T08:00:00Z").toEpochMilli();
    private static final long GRACE = 2 * MIN;
    private static final long INTERVAL = 15_000L;

    @Test
    void anEpisodeIsFoundByAnOpenIncidentOfItsArticleAndConnectionWhileItLasts() {
        // Given two planted Q181721 episodes that were decisive well before the end (08:30), and one decisive too late
        final PlantedEpisode found = new PlantedEpisode("Q181721", "EXCH1", "EXCH2", T0, T0 + 4 * MIN, T0 + 20 * MIN);
        final PlantedEpisode missed = new PlantedEpisode("Q181721", "EXCH3", "EXCH4", T0, T0 + 4 * MIN, T0 + 20 * MIN);
        final long end = T0 + 30 * MIN;
        final PlantedEpisode tooLate = new PlantedEpisode("Q181721", "EXCH5", "EXCH6", end - 3 * MIN, end - GRACE, end);
        // And incidents: one for the first episode (its UPDATED too), one where nothing was planted, one of another
        // article on the missed episode's connection
        final List<Incident> incidents = List.of(
                incident("Q181721", IncidentStatus.OPEN, "EXCH1", "EXCH2", T0 + MIN),
                incident("Q181721", IncidentStatus.UPDATED, "EXCH1", "EXCH2", T0 + MIN),
                incident("Q181721", IncidentStatus.OPEN, "EXCH7", "EXCH8", T0 + MIN),
                incident("Q170056", IncidentStatus.OPEN, "EXCH3", "EXCH4", T0 + MIN));

        // When scored
        final PlantedScore score = PlantedScore.of(List.of(found, missed, tooLate), incidents, end, GRACE, INTERVAL);

        // Then the late one is not counted; of the other two one is found; the stray OPEN is unplanted (its UPDATED not
        // counted twice), and so is the other article's incident
        assertThat(score.undecidedAtEnd()).isEqualTo(1);
        assertThat(score.article("Q181721").planted()).isEqualTo(2);
        assertThat(score.article("Q181721").found()).isEqualTo(1);
        assertThat(score.article("Q181721").missed()).containsExactly("EXCH3->EXCH4@" + T0);
        assertThat(score.article("Q181721").unplanted()).isEqualTo(1);
        assertThat(score.article("Q170056").unplanted()).isEqualTo(1);
        assertThat(score.article("Q170056").planted()).isZero();
    }

    @Test
    void anIncidentOutsideTheEpisodeOrOnAnotherRemoteIsNotAFind() {
        // Given one planted episode 08:00-08:20 on EXCH1 -> EXCH2
        final PlantedEpisode planted = new PlantedEpisode("Q181721", "EXCH1", "EXCH2", T0, T0 + 4 * MIN, T0 + 20 * MIN);
        final long end = T0 + 60 * MIN;
        // When the only incidents began after it ended, or concern another remote MTA
        final PlantedScore late = PlantedScore.of(List.of(planted),
                List.of(incident("Q181721", IncidentStatus.OPEN, "EXCH1", "EXCH2", T0 + 21 * MIN)), end, GRACE, INTERVAL);
        final PlantedScore elsewhere = PlantedScore.of(List.of(planted),
                List.of(incident("Q181721", IncidentStatus.OPEN, "EXCH1", "EXCH9", T0 + MIN)), end, GRACE, INTERVAL);
        // And, as a positive control, one began within the match margin before the planted start
        final PlantedScore early = PlantedScore.of(List.of(planted),
                List.of(incident("Q181721", IncidentStatus.OPEN, "EXCH1", "EXCH2", T0 - PlantedScore.MATCH_MARGIN_MS)), end, GRACE,
                INTERVAL);
        // Then neither of the first two finds it, and both are unplanted; the third finds it
        assertThat(late.article("Q181721").found()).isZero();
        assertThat(late.article("Q181721").unplanted()).isEqualTo(1);
        assertThat(elsewhere.article("Q181721").found()).isZero();
        assertThat(elsewhere.article("Q181721").unplanted()).isEqualTo(1);
        assertThat(early.article("Q181721").found()).isEqualTo(1);
        assertThat(early.article("Q181721").unplanted()).isZero();
    }

    private static Incident incident(final String kb, final IncidentStatus status, final String mta, final String remote,
                                     final long firstSeen) {
        return Incident.newBuilder().setIncidentId(kb + mta + remote + firstSeen).setKb(kb).setTitle(kb).setStatus(status)
                .setSeverity(Severity.HIGH).setConfidence(Confidence.HIGH).setMta(mta).setRemoteMta(remote)
                .setFirstSeen(Instant.ofEpochMilli(firstSeen)).setLastSeen(Instant.ofEpochMilli(firstSeen))
                .setDetectedAt(Instant.ofEpochMilli(firstSeen)).setSummary("")
                .setEvidence(Evidence.newBuilder().setQueueLength(0).setQueueAtStart(0).setQueueThreshold(50)
                        .setQueueGrowthPerMinute(0).setAssociations(1).setMessagesSentDuringGrowth(0).setSamples(0)
                        .setSymptoms(List.of()).setSymptomCounts(Map.of()).build())
                .setRemediation(Remediation.newBuilder().setSummary("").setActions(List.of()).setReferences(List.of()).build())
                .build();
    }
}
