package io.mtacorrelator.registry;

import io.mtacorrelator.avro.Incident;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Incident schema stays BACKWARD compatible with the versions released before: a consumer on the current schema
 * reads what an older correlator wrote. Each released version is kept under {@code schema-history/}.
 */
class IncidentSchemaEvolutionTest {

    private static Schema released(final String resource) throws IOException {
        try (InputStream in = IncidentSchemaEvolutionTest.class.getResourceAsStream("/schema-history/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void theCurrentSchemaReadsIncidentsWrittenWithTheFirstOne() throws IOException {
        // Given: the first released schema (before alternatives and sentCounter) and the current one
        final Schema v1 = released("Incident-v1.avsc");
        final Schema current = Incident.getClassSchema();

        // When
        final SchemaCompatibility.SchemaPairCompatibility readsOld = SchemaCompatibility.checkReaderWriterCompatibility(current, v1);
        // (the positive control: the same schema with a field added without a default could not read v1)
        final Schema withoutDefault = new Schema.Parser().parse(current.toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"probe\",\"type\":\"string\"},"));
        final SchemaCompatibility.SchemaPairCompatibility broken = SchemaCompatibility.checkReaderWriterCompatibility(withoutDefault, v1);

        // Then
        assertThat(current.getField("evidence").schema().getField("alternatives")).isNotNull();
        assertThat(v1.getField("evidence").schema().getField("alternatives")).isNull();
        assertThat(readsOld.getType()).as(readsOld.getDescription()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(broken.getType()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    }
}
