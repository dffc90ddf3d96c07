package io.mtacorrelator.topology;

import io.mtacorrelator.avro.Incident;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;

import java.util.HashMap;
import java.util.Map;

/**
 * What one correlation task reports about its incidents and its evaluation horizon, as Kafka Streams metrics in
 * the application's group ({@link IngestMetrics#GROUP}), beside the ingest counters: one place holds every metric
 * of the application, and {@code run}'s /metrics endpoint reads them from there.
 * <ul>
 *   <li>{@value #INCIDENT_CHANGES}: incident state changes forwarded, tags {@value #ARTICLE} and {@value #STATUS}
 *       (per stream thread, like the ingest counters);</li>
 *   <li>{@value #OPEN_INCIDENTS}: incidents open in the task's MTAs, tag {@value #PARTITION};</li>
 *   <li>{@value #HORIZON}: the task's evaluation horizon, epoch ms, tag {@value #PARTITION}: the newest event time up
 *       to which one of its MTAs has been evaluated; absent until one has.</li>
 * </ul>
 * Every metric also carries the stream thread ({@value #THREAD}): a task moving between the threads of one client
 * never meets its old metric under the same name.
 * The task's metrics go when the task goes (another instance now reports that partition).
 */
public final class CorrelationMetrics {

    public static final String INCIDENT_CHANGES = "incident-changes-total";
    public static final String OPEN_INCIDENTS = "incidents-open";
    public static final String HORIZON = "evaluation-horizon-ms";
    public static final String ARTICLE = "article";
    public static final String STATUS = "status";
    public static final String PARTITION = "partition";
    public static final String THREAD = "thread-id";

    private final StreamsMetrics metrics;
    private final String thread;
    private final String partition;
    /** Sensors are global to the Kafka Streams client by name: the name carries the thread, or the task. */
    private final String sensorPrefix;
    private final Map<String, Sensor> changes = new HashMap<>();
    private final Sensor open;
    private Sensor horizon;
    private long openIncidents;
    private long horizonMs = Long.MIN_VALUE;

    CorrelationMetrics(final StreamsMetrics metrics, final int partition) {
        this.metrics = metrics;
        this.thread = Thread.currentThread().getName();
        this.partition = String.valueOf(partition);
        this.sensorPrefix = IngestMetrics.SCOPE + "." + thread + ".";
        this.open = metrics.addSensor(sensorPrefix + "partition-" + partition + "." + OPEN_INCIDENTS, Sensor.RecordingLevel.INFO);
        open.add(new MetricName(OPEN_INCIDENTS, IngestMetrics.GROUP, "Incidents open in the MTAs of this partition.",
                Map.of(THREAD, thread, PARTITION, this.partition)), new Value());
        open.record(0);
    }

    void incidentChanged(final Incident incident) {
        final String article = incident.getKb();
        final String status = incident.getStatus().name();
        changes.computeIfAbsent(article + "." + status, k -> {
            // Shared by the thread's tasks: Metrics.sensor returns the one already there, and adding its metric again does nothing.
            final Sensor sensor = metrics.addSensor(sensorPrefix + INCIDENT_CHANGES + "." + k, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(INCIDENT_CHANGES, IngestMetrics.GROUP, "Incident state changes forwarded to the incident topic.",
                    Map.of(THREAD, thread, ARTICLE, article, STATUS, status)), new CumulativeCount());
            return sensor;
        }).record();
    }

    /** An MTA's open incidents went from {@code before} to {@code after}. */
    void openChanged(final int before, final int after) {
        if (before != after) {
            openIncidents += after - before;
            open.record(openIncidents);
        }
    }

    /** An MTA of the task has been evaluated up to {@code evaluatedUntil} (Long.MIN_VALUE: not yet). */
    void evaluatedUntil(final long evaluatedUntil) {
        if (evaluatedUntil == Long.MIN_VALUE || evaluatedUntil <= horizonMs) {
            return;
        }
        horizonMs = evaluatedUntil;
        if (horizon == null) {
            horizon = metrics.addSensor(sensorPrefix + "partition-" + partition + "." + HORIZON, Sensor.RecordingLevel.INFO);
            horizon.add(new MetricName(HORIZON, IngestMetrics.GROUP, "Newest event time (epoch ms) up to which an MTA of "
                    + "this partition has been evaluated.", Map.of(THREAD, thread, PARTITION, partition)), new Value());
        }
        horizon.record(horizonMs);
    }

    /** The task is closed (revoked, or the application stops): its partition is no longer ours to report. */
    void close() {
        metrics.removeSensor(open);
        if (horizon != null) {
            metrics.removeSensor(horizon);
        }
    }
}
