package io.mtacorrelator.connect.source;

import io.mtacorrelator.connect.PluginVersion;
import io.mtacorrelator.exports.ExportOptions;
import io.mtacorrelator.exports.ExportReader;
import io.mtacorrelator.exports.ExportRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads its files one after the other with the shared export reader and returns their records in file order. Source
 * partition: the file ({@value #FILE}); source offset: the number of the last record returned ({@value #RECORD}),
 * so a restart skips what was already committed. Once every file is read, polls wait and return nothing.
 */
public class ArchiveSourceTask extends SourceTask {

    static final String FILE = "file";
    static final String RECORD = "record";
    private static final long IDLE_WAIT_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSourceTask.class);

    private EventStamp.Reader stamps;
    private final Deque<Path> pending = new ArrayDeque<>();
    private String topic;
    private int batchSize;
    private ExportOptions options;
    private ExportReader reader;
    private Path current;
    private Map<String, String> partition;
    private long resumeAfter;
    private long published;
    /** The file's last event time, for records without one of their own (unrelated or unreadable ones). */
    private Long lastTime;
    private volatile boolean stopping;

    @Override
    public void start(final Map<String, String> props) {
        final ArchiveSourceConfig config = ArchiveSourceConfig.forTask(props);
        this.topic = config.getString(ArchiveSourceConfig.TOPIC);
        this.batchSize = config.getInt(ArchiveSourceConfig.BATCH_SIZE);
        this.options = config.exportOptions();
        this.stamps = new EventStamp.Reader(config.inputSettings());
        config.getList(ArchiveSourceConfig.TASK_FILES).forEach(f -> pending.add(Path.of(f)));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        final List<SourceRecord> batch = new ArrayList<>();
        try {
            while (batch.size() < batchSize && !stopping) {
                if (reader == null && !openNext()) {
                    break;
                }
                final ExportRecord record = reader.next();
                if (record == null) {
                    LOG.info("archive {}: {} record(s) published to {}{}", current, published, topic,
                            resumeAfter > 0 ? " after the " + resumeAfter + " published before" : "");
                    closeReader();
                    continue;
                }
                if (record.ordinal() <= resumeAfter) {
                    continue;
                }
                batch.add(toSourceRecord(record));
                published++;
            }
        } catch (IOException e) {
            closeReader();
            throw new ConnectException("cannot read archive " + current + ": " + e.getMessage(), e);
        }
        if (stopping) {
            closeReader();
        }
        if (batch.isEmpty()) {
            // Everything is read (or we are stopping): wait a little rather than spin the worker's poll loop.
            Thread.sleep(IDLE_WAIT_MS);
            return null;
        }
        return batch;
    }

    /** Opens the next file not finished yet; false when there is none. */
    private boolean openNext() throws IOException {
        while (!pending.isEmpty()) {
            final Path file = pending.poll();
            final Map<String, String> sourcePartition = Map.of(FILE, file.toString());
            final Map<String, Object> offset = context.offsetStorageReader().offset(sourcePartition);
            final Object done = offset == null ? null : offset.get(RECORD);
            this.resumeAfter = done instanceof Number n ? n.longValue() : 0L;
            this.partition = sourcePartition;
            this.published = 0;
            this.lastTime = null;
            this.current = file;
            this.reader = ExportReader.open(file, options);
            LOG.info("archive {}: reading as {}{}", file, reader.format(), resumeAfter > 0 ? ", resuming after record " + resumeAfter : "");
            return true;
        }
        return false;
    }

    private SourceRecord toSourceRecord(final ExportRecord record) {
        final EventStamp stamp = stamps.of(record);
        if (stamp.time() != null) {
            lastTime = stamp.time();
        }
        final ConnectHeaders headers = new ConnectHeaders();
        if (record.truncated()) {
            headers.addString(ExportRecord.ORIGINAL_LENGTH_HEADER, String.valueOf(record.originalLength()));
        }
        return new SourceRecord(partition, Map.of(RECORD, record.ordinal()), topic, null,
                Schema.OPTIONAL_BYTES_SCHEMA, stamp.key(), Schema.BYTES_SCHEMA, record.value(),
                stamp.time() != null ? stamp.time() : lastTime, headers);
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.warn("archive {}: closing failed: {}", reader.file(), e.getMessage());
            }
            reader = null;
        }
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
