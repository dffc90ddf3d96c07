package io.mtacorrelator.connect.source;

import io.mtacorrelator.connect.PluginVersion;
import io.mtacorrelator.exports.ExportReader;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads event-log and counter archives (rendered EVTX XML, Event Viewer CSV and text, NDJSON) into a raw topic of the
 * correlator, one record per event as a shipper would have published it, with the event's own time as the Kafka
 * timestamp and the MTA as the key (so one MTA's records stay in one partition, in order). The files are split by
 * the shared export reader ({@link ExportReader}, the same code as {@code correlate} and {@code replay}); each
 * record's time and MTA come from the correlator's own parser. Files are shared out among the tasks; each is read
 * once, and a restarted task resumes after the last record whose offset was committed.
 */
public class ArchiveSourceConnector extends SourceConnector {

    private Map<String, String> props;
    private List<Path> files;

    @Override
    public void start(final Map<String, String> props) {
        final ArchiveSourceConfig config = new ArchiveSourceConfig(props);
        final List<Path> expanded = config.expandedFiles();
        for (final Path file : expanded) {
            final String problem = ExportReader.unreadable(file);
            if (problem != null) {
                throw new ConfigException(problem);
            }
        }
        this.props = Map.copyOf(props);
        this.files = expanded;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ArchiveSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        final List<Map<String, String>> configs = new ArrayList<>();
        for (final List<Path> group : ConnectorUtils.groupPartitions(files, Math.min(maxTasks, files.size()))) {
            final Map<String, String> task = new HashMap<>(props);
            task.put(ArchiveSourceConfig.TASK_FILES, String.join(",", group.stream().map(Path::toString).toList()));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // the tasks hold the open files
    }

    @Override
    public ConfigDef config() {
        return ArchiveSourceConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
