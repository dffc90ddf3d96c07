package io.mtacorrelator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECS documents checked against the published field definitions ({@link EcsConformance}: ECS 9.4.0's
 * {@code ecs_flat.yml}, transcribed): every field outside our namespace is an ECS field, its value has the field's
 * type, allowed values are allowed, and the category goes with its expected event type.
 */
class IncidentEcsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyFieldIsAnEcsFieldOfItsTypeOrInOurNamespace() throws IOException {
        for (final Incident incident : SampleIncidents.all()) {
            // Given / When
            final JsonNode doc = MAPPER.readTree(IncidentEcs.toLine(incident));

            // Then
            final List<String> checked = new ArrayList<>();
            assertThat(EcsConformance.problems(doc, IncidentEcs.NAMESPACE, checked)).as(doc.toString()).isEmpty();
            assertThat(checked).as("positive control: the ECS fields were walked").contains("event.kind", "@timestamp", "rule.id");
        }
    }

    @Test
    void theCheckFindsWhatEcsForbids() throws IOException {
        // Given: a conforming document (positive control) and copies breaking one ECS definition each
        final ObjectNode valid = (ObjectNode) MAPPER.readTree(IncidentEcs.toLine(SampleIncidents.open()));
        assertThat(EcsConformance.problems(valid, IncidentEcs.NAMESPACE, new ArrayList<>())).isEmpty();
        final ObjectNode severityAsText = valid.deepCopy();
        ((ObjectNode) severityAsText.get("event")).put("severity", "high");
        final ObjectNode unknownKind = valid.deepCopy();
        ((ObjectNode) unknownKind.get("event")).put("kind", "incident");
        final ObjectNode typeNotForEmail = valid.deepCopy();
        ((ObjectNode) typeNotForEmail.get("event")).putArray("type").add("connection");
        final ObjectNode notEcs = valid.deepCopy();
        ((ObjectNode) notEcs.get("event")).put("incident_id", "x");

        // Then
        for (final ObjectNode broken : List.of(severityAsText, unknownKind, typeNotForEmail, notEcs)) {
            assertThat(EcsConformance.problems(broken, IncidentEcs.NAMESPACE, new ArrayList<>())).as(broken.toString()).isNotEmpty();
        }
    }

    @Test
    void ourNamespaceIsNoEcsFieldSet() {
        assertThat(EcsConformance.topLevelNames()).as("positive control").contains("event", "rule", "host");
        assertThat(EcsConformance.topLevelNames()).doesNotContain(IncidentEcs.NAMESPACE);
    }

    @Test
    void anAlertOfTheIncidentWithItsRuleHostsAndTimes() throws IOException {
        // Given: the Q181721 incident as it opens
        final Incident open = SampleIncidents.open();

        // When
        final JsonNode doc = MAPPER.readTree(IncidentEcs.toLine(open));

        // Then
        assertThat(doc.at("/@timestamp").asText()).isEqualTo(SampleIncidents.DETECTED.toString());
        assertThat(doc.at("/ecs/version").asText()).isEqualTo(IncidentEcs.ECS_VERSION);
        assertThat(doc.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(doc.at("/event/category/0").asText()).isEqualTo("email");
        assertThat(doc.at("/event/type/0").asText()).isEqualTo("info");
        assertThat(doc.at("/event/id").asText()).isEqualTo(open.getIncidentId());
        assertThat(doc.at("/event/action").asText()).isEqualTo("incident-opened");
        assertThat(doc.at("/event/severity").asInt()).isEqualTo(open.getRiskScore());
        assertThat(doc.at("/event/risk_score").asDouble()).isEqualTo(open.getRiskScore());
        assertThat(doc.at("/event/start").asText()).isEqualTo(open.getFirstSeen().toString());
        assertThat(doc.at("/event/end").asText()).isEqualTo(open.getLastSeen().toString());
        assertThat(doc.at("/rule/id").asText()).isEqualTo(open.getKb());
        assertThat(doc.at("/rule/uuid").asText()).isEqualTo(Articles.ruleUuid(open.getKb()));
        assertThat(doc.at("/rule/name").asText()).isEqualTo(open.getTitle());
        assertThat(doc.at("/rule/description").asText()).isEqualTo(open.getRemediation().getSummary());
        assertThat(doc.at("/rule/reference").asText()).isEqualTo("https://support.microsoft.com/kb/181721");
        assertThat(doc.at("/rule/ruleset").asText()).isEqualTo(IncidentEcs.RULESET);
        assertThat(doc.at("/host/name").asText()).isEqualTo(open.getMta());
        assertThat(doc.at("/related/hosts")).extracting(JsonNode::asText).containsExactly(open.getMta(), open.getRemoteMta());
        assertThat(doc.at("/message").asText()).isEqualTo(open.getSummary());
        assertThat(doc.at("/mta_correlator/incident/status").asText()).isEqualTo("OPEN");
        assertThat(doc.at("/mta_correlator/evidence/queue_length").asInt()).isEqualTo(open.getEvidence().getQueueLength());
        assertThat(doc.at("/mta_correlator/evidence/symptom_counts")).hasSize(open.getEvidence().getSymptomCounts().size());
        assertThat(doc.at("/mta_correlator/remediation/actions")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(open.getRemediation().getActions());
        assertThat(doc.at("/mta_correlator/remediation/references/1/id").asText()).isEqualTo("Q152734");
    }

    @Test
    void theResolutionClosesTheSameEventIdAtItsOwnTime() throws IOException {
        // Given: OPEN and RESOLVED of one incident
        final JsonNode open = MAPPER.readTree(IncidentEcs.toLine(SampleIncidents.open()));
        final Incident resolved = SampleIncidents.resolved();

        // When
        final JsonNode doc = MAPPER.readTree(IncidentEcs.toLine(resolved));

        // Then
        assertThat(doc.at("/event/id").asText()).isEqualTo(open.at("/event/id").asText());
        assertThat(doc.at("/event/action").asText()).isEqualTo("incident-resolved");
        assertThat(doc.at("/@timestamp").asText()).isEqualTo(SampleIncidents.RESOLVED.toString());
        assertThat(doc.at("/event/end").asText()).isEqualTo(SampleIncidents.RESOLVED.toString());
        assertThat(doc.at("/event/reason").asText()).isEqualTo(resolved.getEvidence().getResolution());
        assertThat(doc.at("/mta_correlator/incident/close_reason").asText()).isEqualTo("RECOVERED");
        assertThat(doc.at("/mta_correlator/incident/status").asText()).isEqualTo(IncidentStatus.RESOLVED.name());
    }

    @Test
    void anIncidentOfTheWholeMtaRelatesOneHost() throws IOException {
        final JsonNode doc = MAPPER.readTree(IncidentEcs.toLine(SampleIncidents.mtaWide()));
        assertThat(doc.at("/related/hosts")).extracting(JsonNode::asText).containsExactly("EXCH1");
        assertThat(doc.at("/event/severity").asInt()).isEqualTo(21);
        assertThat(doc.at("/mta_correlator/incident/remote_mta").isNull()).isTrue();
    }
}
