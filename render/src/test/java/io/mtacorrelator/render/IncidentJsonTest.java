package io.mtacorrelator.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.avro.Incident;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentJsonTest {

    @Test
    void everyIncidentReadsBackAsItWasWritten() {
        for (final Incident incident : SampleIncidents.all()) {
            // Given: an incident as run --incident-format json writes it
            final String line = IncidentJson.toLine(incident);

            // When
            final Incident read = IncidentJson.fromLine(line);

            // Then: field for field the same record
            assertThat(read).as(line).isEqualTo(incident);
        }
    }

    @Test
    void timesMayBeEpochMillisecondsAsAConverterWritesThem() {
        // Given: the OPEN incident with its times as numbers (Connect's view of Avro timestamp-millis)
        final Incident open = SampleIncidents.open();
        final ObjectNode node = IncidentJson.toNode(open);
        node.put("firstSeen", open.getFirstSeen().toEpochMilli());
        node.put("detectedAt", open.getDetectedAt().toEpochMilli());

        // When / Then
        assertThat(IncidentJson.fromNode(node)).isEqualTo(open);
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        // Given: a complete incident (positive control) and two damaged copies
        final ObjectNode complete = IncidentJson.toNode(SampleIncidents.open());
        assertThat(IncidentJson.fromNode(complete).getIncidentId()).isEqualTo(SampleIncidents.ID);
        final ObjectNode noMta = complete.deepCopy();
        noMta.remove("mta");
        final ObjectNode badStatus = complete.deepCopy();
        badStatus.put("status", "CLOSED");

        // When / Then
        assertThatThrownBy(() -> IncidentJson.fromNode(noMta)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an incident in JSON: mta is missing or not text");
        assertThatThrownBy(() -> IncidentJson.fromNode(badStatus)).hasMessageContaining("status 'CLOSED' is not a known value");
        assertThatThrownBy(() -> IncidentJson.fromLine("{\"incidentId\":")).hasMessageStartingWith("not an incident in JSON: malformed JSON");
        assertThatThrownBy(() -> IncidentJson.fromNode(new ObjectMapper().createArrayNode())).hasMessageContaining("expected an object");
    }
}
