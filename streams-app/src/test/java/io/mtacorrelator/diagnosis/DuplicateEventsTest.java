package io.mtacorrelator.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtacorrelator.FormatTranslator;
import io.mtacorrelator.Scenario;
import io.mtacorrelator.ShipperRecords;
import io.mtacorrelator.avro.Confidence;
import io.mtacorrelator.avro.Incident;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At-least-once shippers deliver some events twice; MTA threads log genuine events in the same second. The first
 * must count once, the second twice, whether or not the shipper carries a record number.
 */
class DuplicateEventsTest {

    private static final Instant MORNING = Instant.parse("1999-03-01T08:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FLOOD = DiagnosisSettings.defaults().floodCount();

    /** The event as the shipper writes it; NXLog here without RecordNumber, as im_file exports of old logs come. */
    private static String shipped(final String winlogbeat, final FormatTranslator.EventFormat format) {
        final String out = FormatTranslator.event(winlogbeat, format);
        if (format != FormatTranslator.EventFormat.NXLOG) {
            return out;
        }
        try {
            final ObjectNode nxlog = (ObjectNode) MAPPER.readTree(out);
            nxlog.remove("RecordNumber");
            return nxlog.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = FormatTranslator.EventFormat.class, names = {"WINLOGBEAT", "NXLOG", "CSV_NT4"})
    void genuineSameSecondEventsCountApartAndRedeliveriesCountOnce(final FormatTranslator.EventFormat format) {
        // Given: exactly the flood count of RPC inactive cancels, two threads cancelling in the same second each
        // time, and every record delivered twice by the shipper
        final Scenario s = new Scenario(MORNING);
        s.healthy("EXCH1", "EXCH2", 0, 30, 1000);
        for (int i = 0; i < FLOOD; i++) {
            final Instant time = s.at(5 + i / 2, 40);
            final String record = shipped(ShipperRecords.rpcCancel(time, "EXCH1", 160, "RPC inactive", 1 + i % 2), format);
            s.event(record, time);
            s.event(record, time);
        }

        // When
        final List<Incident> incidents = PlainCorrelation.run(s.lines());

        // Then: a flood of exactly FLOOD cancels (not half, not twice as many)
        assertThat(incidents).as("incidents from %s", format).extracting(Incident::getKb).contains("Q189494");
        final Incident flood = incidents.stream().filter(i -> "Q189494".equals(i.getKb())).findFirst().orElseThrow();
        assertThat(flood.getEvidence().getSymptomCounts()).containsEntry("9277/RPC inactive", FLOOD);
        assertThat(flood.getConfidence()).isEqualTo(Confidence.MEDIUM);
    }
}
