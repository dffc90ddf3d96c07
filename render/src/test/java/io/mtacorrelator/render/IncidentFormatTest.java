package io.mtacorrelator.render;

import io.mtacorrelator.avro.Incident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentFormatTest {

    @ParameterizedTest
    @EnumSource(IncidentFormat.class)
    void eachFormatIsFoundByItsNameAndRendersWithItsRenderer(final IncidentFormat format) {
        // Given
        final Incident incident = SampleIncidents.awkward();

        // When
        final String rendered = IncidentFormat.of(format.id().toUpperCase(java.util.Locale.ROOT)).render(incident);

        // Then: the shape's own renderer, and the one-line formats hold no line break even for multi-line text
        final String expected = switch (format) {
            case TEXT -> IncidentText.render(incident);
            case JSON -> IncidentJson.toLine(incident);
            case ECS -> IncidentEcs.toLine(incident);
            case OCSF -> IncidentOcsf.toLine(incident);
            case CEF -> IncidentCef.toLine(incident);
        };
        assertThat(rendered).isEqualTo(expected);
        if (format.isOneLine()) {
            assertThat(rendered).doesNotContain("\n").doesNotContain("\r");
        } else {
            assertThat(rendered).contains("\n");
        }
    }

    @Test
    void anUnknownNameIsOneLineNamingTheKnownOnes() {
        assertThat(IncidentFormat.of(" ocsf ")).isEqualTo(IncidentFormat.OCSF);
        assertThatThrownBy(() -> IncidentFormat.of("leef")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown incident format 'leef' (known: text, json, ecs, ocsf, cef)");
    }
}
