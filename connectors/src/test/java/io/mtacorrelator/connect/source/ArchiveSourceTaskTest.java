package io.mtacorrelator.connect.source;

import io.mtacorrelator.connect.PluginVersion;
import io.mtacorrelator.render.Product;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive source's task on its own: one record per event of a multi-line XML export, stamped and keyed. */
class ArchiveSourceTaskTest {

    private static final Pattern SYSTEM_TIME = Pattern.compile("SystemTime=\"([^\"]+)\"");

    @Test
    void aMultiLineXmlExportBecomesOneRecordPerEventAtItsEventTime() throws Exception {
        // Given: Event Viewer's <Events> document, pretty-printed over many lines; the event times it holds
        final Path xml = fixture("exch1-mta-9316.xml");
        final List<Instant> times = new ArrayList<>();
        final Matcher m = SYSTEM_TIME.matcher(Files.readString(xml, StandardCharsets.UTF_8));
        while (m.find()) {
            times.add(Instant.parse(m.group(1)));
        }
        assertThat(times).as("the fixture's events").hasSizeGreaterThan(1);

        // When
        final List<SourceRecord> records = readAll(task(xml, Map.of()));

        // Then: one record per <Event>, each a whole event, at its own time, keyed by the MTA
        assertThat(records).hasSameSizeAs(times);
        for (int k = 0; k < records.size(); k++) {
            final SourceRecord r = records.get(k);
            final String value = new String((byte[]) r.value(), StandardCharsets.UTF_8);
            assertThat(value).startsWith("<Event").endsWith("</Event>").containsOnlyOnce("<EventID");
            assertThat(r.timestamp()).isEqualTo(times.get(k).toEpochMilli());
            assertThat(new String((byte[]) r.key(), StandardCharsets.UTF_8)).isEqualTo("EXCH1");
            assertThat(r.topic()).isEqualTo("mta.raw.eventlog");
            assertThat(r.sourcePartition()).isEqualTo(Map.of(ArchiveSourceTask.FILE, xml.toString()));
            assertThat(r.sourceOffset()).isEqualTo(Map.of(ArchiveSourceTask.RECORD, (long) k + 1));
        }
    }

    @Test
    void aRestartResumesAfterTheCommittedRecord() throws Exception {
        // Given: the first two events were committed before a restart
        final Path xml = fixture("exch1-mta-9316.xml");
        final int all = readAll(task(xml, Map.of())).size();
        final Map<Map<String, String>, Map<String, Object>> committed = Map.of(
                Map.of(ArchiveSourceTask.FILE, xml.toString()), Map.of(ArchiveSourceTask.RECORD, 2L));

        // When
        final List<SourceRecord> records = readAll(task(xml, committed));

        // Then: only the rest, from the third
        assertThat(records).hasSize(all - 2);
        assertThat(records.get(0).sourceOffset()).isEqualTo(Map.of(ArchiveSourceTask.RECORD, 3L));
    }

    @Test
    void aMissingFileIsOneLineNamingIt(@TempDir final Path dir) {
        // Given: a file that exists (positive control) and one that does not
        final ArchiveSourceConnector connector = new ArchiveSourceConnector();
        connector.start(Map.of(ArchiveSourceConfig.FILES, fixtureQuietly("exch1-mta-9316.xml").toString()));
        assertThat(connector.taskConfigs(4)).hasSize(1);

        // When / Then
        final String missing = dir.resolve("nope.xml").toString();
        assertThatThrownBy(() -> new ArchiveSourceConnector().start(Map.of(ArchiveSourceConfig.FILES, missing)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing).hasMessageContaining("no such file");
    }

    @Test
    void theConnectorAndItsTaskHaveAConfigDefAndVersionAndAreRegisteredForServiceLoading() {
        // Given: the plugin's source connectors, as ServiceLoader finds them (plugin.discovery=service_load)
        final List<String> ours = ServiceLoader.load(SourceConnector.class).stream()
                .map(ServiceLoader.Provider::type).map(Class::getName)
                .filter(n -> n.startsWith("io.mtacorrelator.")).toList();

        // Then
        assertThat(ours).containsExactly(ArchiveSourceConnector.class.getName());
        final ArchiveSourceConnector connector = new ArchiveSourceConnector();
        assertThat(connector.version()).isEqualTo(PluginVersion.VERSION).isEqualTo(Product.VERSION);
        assertThat(new ArchiveSourceTask().version()).isEqualTo(PluginVersion.VERSION);
        assertThat(connector.taskClass()).isEqualTo(ArchiveSourceTask.class);
        assertThat(connector.config().names()).contains(ArchiveSourceConfig.FILES, ArchiveSourceConfig.TOPIC,
                ArchiveSourceConfig.COMPUTER, ArchiveSourceConfig.INPUT_TIMEZONE, ArchiveSourceConfig.INPUT_DATE_PATTERN,
                ArchiveSourceConfig.BATCH_SIZE, ArchiveSourceConfig.MAX_RECORD_BYTES);
        // files is the one key without a default: a connector without it is refused when Connect validates it
        assertThat(connector.config().configKeys().get(ArchiveSourceConfig.FILES).hasDefault()).isFalse();
        assertThat(connector.config().configKeys().values()).filteredOn(k -> !k.name.equals(ArchiveSourceConfig.FILES))
                .allSatisfy(k -> assertThat(k.hasDefault()).as(k.name).isTrue());
    }

    private static ArchiveSourceTask task(final Path file, final Map<Map<String, String>, Map<String, Object>> offsets) {
        final ArchiveSourceTask task = new ArchiveSourceTask();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> Map<String, Object> offset(final Map<String, T> partition) {
                        return offsets.get((Map<String, String>) partition);
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(final Collection<Map<String, T>> partitions) {
                        final Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                        partitions.forEach(p -> out.put(p, offset(p)));
                        return out;
                    }
                };
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        });
        final Map<String, String> props = new HashMap<>();
        props.put(ArchiveSourceConfig.FILES, file.toString());
        props.put(ArchiveSourceConfig.TASK_FILES, file.toString());
        props.put(ArchiveSourceConfig.BATCH_SIZE, "2");
        task.start(props);
        return task;
    }

    /** Polls until the task has nothing more (it waits a second on the empty poll that ends the file). */
    private static List<SourceRecord> readAll(final ArchiveSourceTask task) throws InterruptedException {
        final List<SourceRecord> all = new ArrayList<>();
        List<SourceRecord> batch;
        while ((batch = task.poll()) != null) {
            all.addAll(batch);
        }
        task.stop();
        return all;
    }

    static Path fixture(final String name) throws URISyntaxException {
        return Path.of(ArchiveSourceTaskTest.class.getResource("/archive/" + name).toURI());
    }

    private static Path fixtureQuietly(final String name) {
        try {
            return fixture(name);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
