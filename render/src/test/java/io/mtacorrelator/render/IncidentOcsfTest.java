package io.mtacorrelator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.CloseReason;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OCSF Detection Findings checked against a JSON Schema written from the class definition of OCSF 1.8.0
 * ({@link OcsfConformance}), and against the class's enums.
 */
class IncidentOcsfTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> validate(final String json) {
        return OcsfConformance.problems(json);
    }

    @Test
    void everyIncidentIsAValidDetectionFinding() {
        for (final Incident incident : SampleIncidents.all()) {
            final String line = IncidentOcsf.toLine(incident);
            assertThat(validate(line)).as(line).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsWhatTheClassForbids() throws IOException {
        // Given: a valid finding (positive control) and copies breaking one rule of the class each
        final ObjectNode valid = IncidentOcsf.toNode(SampleIncidents.open());
        assertThat(validate(valid.toString())).isEmpty();
        final ObjectNode wrongTypeUid = valid.deepCopy().put("type_uid", 200402);
        final ObjectNode noFindingUid = valid.deepCopy();
        ((ObjectNode) noFindingUid.get("finding_info")).remove("uid");
        final ObjectNode remediationWithoutDesc = valid.deepCopy();
        ((ObjectNode) remediationWithoutDesc.get("remediation")).remove("desc");
        final ObjectNode unknownAttribute = valid.deepCopy().put("incident_id", "x");
        final ObjectNode articleWithoutId = valid.deepCopy();
        final ObjectNode article = (ObjectNode) articleWithoutId.at("/remediation/kb_article_list/0");
        article.remove("uid");
        article.remove("src_url");

        // Then
        for (final ObjectNode broken : List.of(wrongTypeUid, noFindingUid, remediationWithoutDesc, unknownAttribute, articleWithoutId)) {
            assertThat(validate(broken.toString())).as(broken.toString()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(IncidentStatus.class)
    void theActivityFollowsTheStatusAndTypeUidIsComputedFromIt(final IncidentStatus status) throws IOException {
        // Given
        final Incident incident = status == IncidentStatus.RESOLVED ? SampleIncidents.resolved() : SampleIncidents.q181721(status).build();

        // When
        final JsonNode f = MAPPER.readTree(IncidentOcsf.toLine(incident));

        // Then: Create 1 / Update 2 / Close 3 (finding.json), type_uid = class_uid * 100 + activity_id (base_event)
        final int activity = switch (status) {
            case OPEN -> 1;
            case UPDATED -> 2;
            case RESOLVED -> 3;
        };
        assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
        assertThat(f.get("category_uid").asInt()).isEqualTo(2);
        assertThat(f.get("activity_id").asInt()).isEqualTo(activity);
        assertThat(f.get("type_uid").asLong()).isEqualTo(2004L * 100 + activity);
        assertThat(f.get("is_alert").asBoolean()).isEqualTo(status != IncidentStatus.RESOLVED);
        assertThat(f.get("status_id").asInt()).isEqualTo(status == IncidentStatus.RESOLVED ? 4 : 1);
        assertThat(f.at("/finding_info/uid").asText()).isEqualTo(incident.getIncidentId());
        assertThat(f.get("time").asLong()).isEqualTo(ChangeTime.of(incident).toEpochMilli());
    }

    @Test
    void aStaleCloseIsNotCalledResolved() throws IOException {
        // Given: closed because data stopped, and (positive control) closed because delivery resumed
        final JsonNode stale = MAPPER.readTree(IncidentOcsf.toLine(SampleIncidents.stale()));
        final JsonNode recovered = MAPPER.readTree(IncidentOcsf.toLine(SampleIncidents.resolved()));

        // Then: both close the finding; only the recovery says it is resolved
        assertThat(SampleIncidents.stale().getCloseReason()).isEqualTo(CloseReason.STALE);
        assertThat(stale.get("activity_id").asInt()).isEqualTo(3);
        assertThat(stale.get("status_id").asInt()).isEqualTo(99);
        assertThat(stale.get("status").asText()).isEqualTo("Stale");
        assertThat(recovered.get("status_id").asInt()).isEqualTo(4);
        assertThat(recovered.get("status_detail").asText()).isEqualTo(SampleIncidents.resolved().getEvidence().getResolution());
    }

    @Test
    void theFindingCarriesSeverityConfidenceResourcesEvidenceAndRemediation() throws IOException {
        // Given
        final Incident open = SampleIncidents.open();

        // When
        final JsonNode f = MAPPER.readTree(IncidentOcsf.toLine(open));

        // Then: severity_id High 4, confidence_id High 3 (dictionary.json), the article's risk score
        assertThat(f.get("severity_id").asInt()).isEqualTo(4);
        assertThat(f.get("confidence_id").asInt()).isEqualTo(3);
        assertThat(f.get("risk_score").asInt()).isEqualTo(open.getRiskScore());
        assertThat(f.at("/metadata/version").asText()).isEqualTo("1.8.0");
        assertThat(f.at("/metadata/product/name").asText()).isEqualTo(Product.NAME);
        assertThat(f.at("/metadata/product/version").asText()).isEqualTo(Product.VERSION);
        assertThat(f.at("/finding_info/title").asText()).isEqualTo(open.getTitle());
        assertThat(f.at("/finding_info/desc").asText()).isEqualTo(open.getSummary());
        assertThat(f.at("/finding_info/first_seen_time").asLong()).isEqualTo(open.getFirstSeen().toEpochMilli());
        assertThat(f.at("/finding_info/last_seen_time").asLong()).isEqualTo(open.getLastSeen().toEpochMilli());
        assertThat(f.at("/finding_info/analytic/uid").asText()).isEqualTo(open.getKb());
        assertThat(f.get("resources")).extracting(r -> r.get("name").asText()).containsExactly(open.getMta(), open.getRemoteMta());
        assertThat(f.at("/resources/0/role_id").asInt()).isEqualTo(3);
        // one evidence for the queue, one per listed RPC event
        assertThat(f.get("evidences")).hasSize(1 + open.getEvidence().getSymptoms().size());
        assertThat(f.at("/evidences/0/data/queue_length").asInt()).isEqualTo(open.getEvidence().getQueueLength());
        assertThat(f.at("/evidences/1/data/event_id").asInt()).isEqualTo(open.getEvidence().getSymptoms().get(0).getEventId());
        assertThat(f.at("/remediation/desc").asText()).startsWith(open.getRemediation().getSummary())
                .contains(open.getRemediation().getActions().get(0));
        assertThat(f.at("/remediation/kb_article_list")).extracting(a -> a.get("uid").asText()).containsExactly("Q181721", "Q152734");
    }
}
