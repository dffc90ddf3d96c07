package io.mtacorrelator.connect.source;

import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.ingest.DatePattern;
import io.mtacorrelator.ingest.InputSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The archive source's configuration. */
public final class ArchiveSourceConfig extends AbstractConfig {

    public static final String FILES = "files";
    public static final String TOPIC = "topic";
    public static final String COMPUTER = "computer";
    public static final String BATCH_SIZE = "batch.size";
    public static final String MAX_RECORD_BYTES = "max.record.bytes";
    public static final String INPUT_TIMEZONE = "input.timezone";
    public static final String INPUT_DATE_PATTERN = "input.date.pattern";
    /** The files of one task (set by the connector, not by users). */
    static final String TASK_FILES = "task.files";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FILES, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Export files on the worker's file system, comma-separated: rendered EVTX XML (a stream of <Event>, "
                            + "with or without <Events>, pretty-printed or not), Event Viewer CSV or tab-delimited text, "
                            + "NDJSON. A directory stands for its regular files, in name order. Each file is read once, "
                            + "in order, from where the connector's offsets say it stopped.")
            .define(TOPIC, Type.STRING, "mta.raw.eventlog", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The raw topic the records go to (one of the correlator's mta.topic.raw).")
            .define(COMPUTER, Type.STRING, "", Importance.MEDIUM,
                    "The computer that wrote an Event Viewer export whose rows name none (Vista and later: Level,Date and "
                            + "Time,Source,Event ID,Task Category); added to each such row. Rows with a Computer column keep "
                            + "theirs.")
            .define(INPUT_TIMEZONE, Type.STRING, "UTC", ArchiveSourceConfig::validZone, Importance.MEDIUM,
                    "Time zone of event times written without one (Event Viewer exports, NXLog's EventTime), as the "
                            + "correlator's mta.input.timezone: the records' Kafka timestamps are their event times read "
                            + "this way. Archives of MTAs in different zones: one connector per zone.")
            .define(INPUT_DATE_PATTERN, Type.STRING, "", ArchiveSourceConfig::validDatePattern, Importance.MEDIUM,
                    "Order of day, month and year in Event Viewer exports, as the correlator's mta.input.date.pattern "
                            + "(e.g. dd-MM-yyyy); empty: told from each date where it can be.")
            .define(BATCH_SIZE, Type.INT, 500, Range.between(1, 100_000), Importance.LOW,
                    "Records returned by one poll.")
            .define(MAX_RECORD_BYTES, Type.INT, ExportOptions.DEFAULT_MAX_RECORD_BYTES, Range.atLeast(1024), Importance.LOW,
                    "Longer records are cut to this many bytes (their real length in the header "
                            + "mta.record.original.bytes); the correlator dead-letters anything over 1 MiB anyway.");

    static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(TASK_FILES, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "The files this task reads.");

    public ArchiveSourceConfig(final Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    ArchiveSourceConfig(final ConfigDef definition, final Map<?, ?> props) {
        super(definition, props);
    }

    static ArchiveSourceConfig forTask(final Map<String, String> props) {
        return new ArchiveSourceConfig(TASK_CONFIG_DEF, props);
    }

    /** How the correlator's parser reads the records' times, for their Kafka timestamps. */
    InputSettings inputSettings() {
        return new InputSettings(ZoneId.of(getString(INPUT_TIMEZONE).strip()), Map.of(),
                DatePattern.of(getString(INPUT_DATE_PATTERN)), getString(COMPUTER));
    }

    private static void validZone(final String key, final Object value) {
        try {
            ZoneId.of(String.valueOf(value).strip());
        } catch (DateTimeException e) {
            throw new ConfigException(key, value, "not a time zone: use an IANA name such as Europe/Berlin, UTC, or an "
                    + "offset such as +01:00");
        }
    }

    private static void validDatePattern(final String key, final Object value) {
        try {
            DatePattern.of(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, value, e.getMessage());
        }
    }

    ExportOptions exportOptions() {
        return ExportOptions.DEFAULTS.withComputer(getString(COMPUTER)).withMaxRecordBytes(getInt(MAX_RECORD_BYTES));
    }

    /**
     * The files to read, directories expanded (regular files, by name), absolute; a ConfigException naming the
     * first path that does not exist or cannot be listed.
     */
    List<Path> expandedFiles() {
        final List<Path> files = new ArrayList<>();
        for (final String name : getList(FILES)) {
            final Path path = Path.of(name.strip()).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    listing.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new ConfigException(FILES, name, "cannot list the directory: " + e.getMessage());
                }
            } else if (Files.exists(path)) {
                files.add(path);
            } else {
                throw new ConfigException(FILES, name, "no such file or directory on the worker");
            }
        }
        if (files.isEmpty()) {
            throw new ConfigException(FILES, getList(FILES), "names no file to read");
        }
        return files;
    }
}
