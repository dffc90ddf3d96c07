package io.mtacorrelator.render;

import io.mtacorrelator.avro.Incident;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CEF lines read back by a third-party parser, ParCEFone, with the escapes undone as the standard defines
 * ({@link CefConformance}).
 */
class IncidentCefTest {

    @Test
    void everyIncidentParsesWithItsHeaderAndExtension() throws Exception {
        for (final Incident incident : SampleIncidents.all()) {
            // Given / When
            final String line = IncidentCef.toLine(incident);
            final CefConformance.Cef event = CefConformance.parse(line);

            // Then
            final Map<String, Object> header = event.header();
            assertThat(header.get("version")).isEqualTo(0);
            assertThat(header.get("deviceVendor")).isEqualTo(Product.VENDOR);
            assertThat(header.get("deviceProduct")).isEqualTo(Product.NAME);
            assertThat(header.get("deviceVersion")).isEqualTo(Product.VERSION);
            assertThat(header.get("deviceEventClassId")).isEqualTo(incident.getKb());
            assertThat(header.get("name")).isEqualTo(incident.getTitle().replace('\n', ' ').replace('\r', ' '));
            assertThat(header.get("severity")).isEqualTo(String.valueOf(IncidentCef.severity(incident)));

            final Map<String, Object> x = event.extension();
            assertThat(x.get("externalId")).isEqualTo(incident.getIncidentId());
            assertThat(x.get("msg")).isEqualTo(incident.getSummary());
            assertThat(x.get("shost")).isEqualTo(incident.getMta());
            assertThat(x.get("dhost")).isEqualTo(incident.getRemoteMta());
            assertThat(((Date) x.get("rt")).toInstant()).isEqualTo(ChangeTime.of(incident));
            assertThat(((Date) x.get("start")).toInstant()).isEqualTo(incident.getFirstSeen());
            assertThat(((Date) x.get("end")).toInstant()).isEqualTo(ChangeTime.end(incident));
            assertThat(x.get("cs1Label")).isEqualTo("status");
            assertThat(x.get("cs1")).isEqualTo(incident.getStatus().name());
            assertThat(x.get("cn1Label")).isEqualTo("queueLength");
            assertThat(x.get("cn1")).isEqualTo((long) incident.getEvidence().getQueueLength());
            assertThat(x.get("cn2")).isEqualTo((long) incident.getEvidence().getQueueThreshold());
            assertThat(x.get("cfp1")).isEqualTo((float) incident.getEvidence().getQueueGrowthPerMinute());
            assertThat((String) x.get("cs4")).startsWith(incident.getRemediation().getSummary())
                    .contains(incident.getRemediation().getActions().get(1));
        }
    }

    @Test
    void headerAndExtensionEscapingRoundTrips() throws Exception {
        // Given: text with |, \, = and line breaks in the header (title) and in extension values (summary, actions)
        final Incident awkward = SampleIncidents.awkward();

        // When
        final String line = IncidentCef.toLine(awkward);
        final CefConformance.Cef event = CefConformance.parse(line);

        // Then: one line whose escapes, undone as the standard says, give back the text
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(line).startsWith("CEF:0|" + Product.VENDOR + "|" + Product.NAME + "|" + Product.VERSION
                + "|Q181721|Queue \\| stuck \\\\ at \"EXCH2\" second line|8|");
        assertThat(event.header().get("name")).isEqualTo("Queue | stuck \\ at \"EXCH2\" second line");
        final Map<String, Object> x = event.extension();
        assertThat(x.get("msg")).isEqualTo(awkward.getSummary());
        assertThat(x.get("dhost")).isEqualTo("EXCH|2");
        assertThat((String) x.get("cs4")).contains("Set x=1").contains("C:\\exchsrvr\\mtadata");
    }

    @Test
    void theReaderRefusesTheLineWithoutItsEscapes() {
        // Given: the awkward incident's line, which reads back (positive control)
        final String line = IncidentCef.toLine(SampleIncidents.awkward());
        assertThat(CefConformance.parse(line).extension().get("msg")).isEqualTo(SampleIncidents.awkward().getSummary());

        // When: the escapes of '=' in the extension, or of '|' in the header, left out
        final String bareEquals = line.replace("\\=", "=");
        final String barePipe = line.replace("Queue \\| stuck", "Queue | stuck");

        // Then: the third-party parser refuses the bare '=', and takes the bare '|' for the end of the name
        assertThat(bareEquals).isNotEqualTo(line);
        assertThatThrownBy(() -> CefConformance.parse(bareEquals)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ParCEFone cannot read the CEF line");
        assertThat(barePipe).isNotEqualTo(line);
        assertThat(CefConformance.parse(barePipe).header().get("name")).isEqualTo("Queue ")
                .isNotEqualTo(CefConformance.parse(line).header().get("name"));
    }

    @Test
    void severityIsOnTheZeroToTenScale() {
        assertThat(IncidentCef.severity(SampleIncidents.mtaWide())).isEqualTo(3);
        assertThat(IncidentCef.severity(SampleIncidents.open())).isEqualTo(8);
    }

    @Test
    void longValuesAreCutToTheDictionaryLength() throws Exception {
        // Given: a summary longer than msg's 1023 characters
        final String longSummary = "queue=" + "x".repeat(2000);
        final Incident incident = SampleIncidents.q181721(io.mtacorrelator.avro.IncidentStatus.OPEN).setSummary(longSummary).build();

        // When
        final String line = IncidentCef.toLine(incident);

        // Then: the escaped text (queue\=xxx...) fills the key's 1023 characters exactly
        assertThat((String) CefConformance.rawExtension(line).get("msg")).hasSize(IncidentCef.MSG_LENGTH)
                .startsWith("queue\\=xxx").endsWith("...");
        assertThat((String) CefConformance.parse(line).extension().get("msg")).hasSize(IncidentCef.MSG_LENGTH - 1);
    }
}
