package io.mtacorrelator.topology;

import io.mtacorrelator.Scenario;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.render.IncidentFormat;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code mta.incident.format}: the incident topic carries the chosen rendering of the same incidents as Avro. */
class IncidentFormatTopologyTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");

    private static Scenario scenario;
    /** The scenario's incidents on the default (Avro) incident topic. */
    private static List<Incident> avro;

    @BeforeAll
    static void incidentsAsAvro() {
        // Given: the Q181721 episode from minute 30 (threshold reached 25 minutes later), its incidents as Avro
        scenario = new Scenario(MORNING);
        scenario.q181721Episode("EXCH1", "EXCH2", 30, 80, 50);
        try (TopologyHarness harness = new TopologyHarness()) {
            avro = harness.run(scenario.lines());
        }
        assertThat(avro).as("positive control: the episode gives incidents").isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = IncidentFormat.class, names = {"JSON", "ECS", "OCSF", "CEF"})
    void theIncidentTopicCarriesTheRenderingOfEachStateChange(final IncidentFormat format) {
        // When: the same records with mta.incident.format set
        final List<KeyValue<String, String>> records;
        try (TopologyHarness harness = new TopologyHarness(Map.of(CorrelatorConfig.INCIDENT_FORMAT, format.id()))) {
            harness.pipe(scenario.lines()).endOfInput(scenario.lines().get(scenario.lines().size() - 1).time().toEpochMilli());
            records = harness.renderedIncidents();
        }

        // Then: one record per state change, keyed by incident id, the rendering of that incident
        assertThat(records).extracting(r -> r.key).containsExactlyElementsOf(avro.stream().map(Incident::getIncidentId).toList());
        assertThat(records).extracting(r -> r.value).containsExactlyElementsOf(avro.stream().map(format::render).toList());
    }

    @Test
    void theTextRenderingAndUnknownNamesAreRefused() {
        // Given / When / Then: every one-line format is accepted (positive control), text and others are not
        assertThat(CorrelatorConfig.INCIDENT_FORMATS).containsExactly("avro", "json", "ecs", "ocsf", "cef");
        assertThat(new CorrelatorConfig(Map.of(CorrelatorConfig.INCIDENT_FORMAT, "ocsf")).getString(CorrelatorConfig.INCIDENT_FORMAT))
                .isEqualTo("ocsf");
        for (final String refused : List.of("text", "leef")) {
            assertThatThrownBy(() -> new CorrelatorConfig(Map.of(CorrelatorConfig.INCIDENT_FORMAT, refused)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(CorrelatorConfig.INCIDENT_FORMAT);
        }
    }
}
