package io.mtacorrelator.render;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Validates OCSF Detection Findings against {@code ocsf-1.8.0-detection_finding.schema.json}, a JSON Schema (draft
 * 2020-12) written for these tests from the class definition of OCSF 1.8.0 (ocsf/ocsf-schema, tag 1.8.0:
 * {@code events/findings/detection_finding.json} extending {@code finding.json} and {@code base_event.json}, the objects
 * they use and {@code dictionary.json}). Shared with the streams app's and the Connect plugin's tests.
 */
public final class OcsfConformance {

    private static final Schema SCHEMA;

    static {
        try (InputStream in = OcsfConformance.class.getResourceAsStream("/ocsf-1.8.0-detection_finding.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("ocsf-1.8.0-detection_finding.schema.json is not on the test classpath");
            }
            SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OcsfConformance() {
    }

    /** The schema's complaints about this JSON text, one message each; empty when it is a valid Detection Finding. */
    public static List<String> problems(final String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }
}
