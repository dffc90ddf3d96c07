package io.mtacorrelator.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw shipper records from src/test/resources/fixtures, editable per test, and typed views of parse outcomes. */
final class Fixtures {

    static final String WINLOGBEAT_8_MTA_9316 = "winlogbeat-8-mta-9316.json";
    static final String WINLOGBEAT_7_MTA_9277 = "winlogbeat-7-mta-9277.json";
    static final String TELEGRAF_MTA_CONNECTIONS = "telegraf-mta-connections.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static JsonNode load(final String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Winlogbeat 8 record of another provider (Windows PowerShell event 600, "Provider Lifecycle") in the shape
     * of Winlogbeat's own golden test files for its PowerShell module ({@code *.evtx.golden.json}: a JSON array of
     * the events as Winlogbeat publishes them, ECS fields plus {@code winlog.*}). Written for this repository with
     * our own values, so the tests that need a third-party record run everywhere.
     */
    static JsonNode goldenSample() {
        return load(GOLDEN_SAMPLE);
    }

    private static final String GOLDEN_SAMPLE = "winlogbeat-8-powershell-600-golden.json";

    /** A fresh, mutable copy of an object fixture. */
    static ObjectNode object(final String name) {
        return (ObjectNode) load(name).deepCopy();
    }

    /** The fixture with an edit applied, as the bytes a shipper would put on the topic. */
    static byte[] bytes(final String name, final Consumer<ObjectNode> edit) {
        final ObjectNode record = object(name);
        edit.accept(record);
        return bytes(record);
    }

    static byte[] bytes(final String name) {
        return bytes(object(name));
    }

    static byte[] bytes(final JsonNode record) {
        return record.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON record as the detector hands it to a format. */
    static RawRecord raw(final JsonNode record) {
        return RawRecord.ofJson(record.toString(), record);
    }

    static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode winlog(final ObjectNode record) {
        return (ObjectNode) record.get("winlog");
    }

    static ParseOutcome.Event event(final ParseOutcome outcome) {
        assertThat(outcome).isInstanceOf(ParseOutcome.Event.class);
        return (ParseOutcome.Event) outcome;
    }

    static ParseOutcome.Sample sample(final ParseOutcome outcome) {
        assertThat(outcome).isInstanceOf(ParseOutcome.Sample.class);
        return (ParseOutcome.Sample) outcome;
    }

    static ParseOutcome.Ignored ignored(final ParseOutcome outcome) {
        assertThat(outcome).isInstanceOf(ParseOutcome.Ignored.class);
        return (ParseOutcome.Ignored) outcome;
    }

    static ParseOutcome.Rejected rejected(final ParseOutcome outcome) {
        assertThat(outcome).isInstanceOf(ParseOutcome.Rejected.class);
        return (ParseOutcome.Rejected) outcome;
    }
}
