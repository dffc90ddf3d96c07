package io.mtacorrelator.topology;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Moves each arriving signal through {@link MtaCorrelator} with its MTA's state, and forwards the incidents and the
 * late signals (to be set aside). The state lives in a {@link WriteBackStore}: decoded in memory, written once per
 * commit. A wall-clock punctuator closes the incidents of MTAs that went silent and, when waiting for the end of a
 * finite input, evaluates MTAs that went quiet; it walks an in-memory index of the task's MTAs, not the store.
 * Each incident state change is logged at INFO, one line with its id; records themselves are never logged at INFO.
 */
final class CorrelationProcessor implements Processor<String, Arrival, String, CorrelationOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(CorrelationProcessor.class);

    /** Header on a late signal: by how much it missed the horizon. */
    static final String LATE_BY_MS = "mta.late.by.ms";

    private final MtaCorrelator correlator;
    private final String storeName;
    private final Set<String> markerTopics;
    private final long idleFlushMs;
    private final long staleMs;
    private final long punctuateIntervalMs;
    /**
     * Wall-clock time of the last record per MTA of this task, in MTA order; not state: after a restart every MTA
     * of the store counts as just heard.
     */
    private final Map<String, Long> lastArrival = new TreeMap<>();
    private ProcessorContext<String, CorrelationOutput> context;
    private WriteBackStore<MtaState> store;
    private EndOfInput endOfInput;
    private Sensor late;
    private CorrelationMetrics metrics;

    CorrelationProcessor(final MtaCorrelator correlator, final String storeName, final Set<String> markerTopics,
                         final long idleFlushMs, final long staleMs, final long punctuateIntervalMs) {
        this.correlator = correlator;
        this.storeName = storeName;
        this.markerTopics = Set.copyOf(markerTopics);
        this.idleFlushMs = idleFlushMs;
        this.staleMs = staleMs;
        this.punctuateIntervalMs = punctuateIntervalMs;
    }

    @Override
    public void init(final ProcessorContext<String, CorrelationOutput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.endOfInput = new EndOfInput(markerTopics);
        this.late = context.metrics().addRateTotalSensor(IngestMetrics.SCOPE, IngestMetrics.ENTITY, IngestMetrics.LATE,
                Sensor.RecordingLevel.INFO);
        this.metrics = new CorrelationMetrics(context.metrics(), context.taskId().partition());
        lastArrival.clear();
        final long now = context.currentSystemTimeMs();
        // Each state is decoded once here, so that the task's open incidents and horizon are right from its first
        // scrape, not only for the MTAs heard since the assignment.
        store.forEachKey(mta -> {
            lastArrival.put(mta, now);
            final MtaState state = store.get(mta);
            if (state != null) {
                metrics.openChanged(0, correlator.openIncidents(state));
                metrics.evaluatedUntil(state.evaluatedUntil);
            }
        });
        context.schedule(Duration.ofMillis(punctuateIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::checkIdle);
    }

    @Override
    public void process(final Record<String, Arrival> record) {
        final Arrival arrival = record.value();
        if (arrival == null) {
            if (ControlRecords.isEndOfInput(record.headers())
                    && endOfInput.arrived(context.recordMetadata().map(m -> m.topic()).orElse(""), record.headers())) {
                flushAll();
                // The input is complete: commit now, not at the next interval, so that whoever waits for its end
                // (correlate, a replay with its marker) sees it as soon as it is processed.
                context.commit();
            }
            return;
        }
        final String mta = record.key();
        MtaState state = store.get(mta);
        if (state == null) {
            state = new MtaState(mta);
        }
        lastArrival.put(mta, context.currentSystemTimeMs());
        final int openBefore = correlator.openIncidents(state);
        final MtaCorrelator.Outcome outcome = correlator.accept(state, arrival.signal());
        store.put(mta, state);
        measure(state, openBefore);
        if (outcome.late()) {
            setAside(record, mta, outcome.latenessMs());
        }
        forward(outcome.incidents());
    }

    private void setAside(final Record<String, Arrival> record, final String mta, final long latenessMs) {
        late.record();
        final RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        // The file and line it came from, where the record was parsed in this task (see ParseProcessor).
        DeadLetterHeaders.moveOrigin(headers, true);
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, "late: " + latenessMs + " ms behind the evaluation horizon of "
                + mta + " (grace " + correlator.settings().graceMs() + " ms); not used");
        DeadLetterHeaders.put(headers, DeadLetterHeaders.PARSER, "correlator");
        context.recordMetadata().ifPresent(m -> {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TOPIC, m.topic());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_PARTITION, m.partition());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_OFFSET, m.offset());
        });
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Instant.ofEpochMilli(record.timestamp()));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REJECTED_AT, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.APPLICATION_ID, context.applicationId());
        DeadLetterHeaders.put(headers, LATE_BY_MS, latenessMs);
        context.forward(new Record<>(mta, new CorrelationOutput.Late(record.value().lateValue()), record.timestamp(), headers));
    }

    private void checkIdle(final long now) {
        if (idleFlushMs < 0 && staleMs < 0) {
            return;
        }
        final List<Incident> out = new ArrayList<>();
        for (final Map.Entry<String, Long> e : lastArrival.entrySet()) {
            final long idle = now - e.getValue();
            final boolean stale = staleMs >= 0 && idle >= staleMs;
            final boolean quiet = idleFlushMs >= 0 && idle >= idleFlushMs;
            if (!stale && !quiet) {
                continue;
            }
            final MtaState state = store.get(e.getKey());
            if (state == null) {
                continue;
            }
            final int openBefore = correlator.openIncidents(state);
            if (stale && openBefore > 0) {
                out.addAll(correlator.closeStale(state, "nothing received from " + state.mta + " for " + idle / 60_000
                        + " min (wall clock): cannot tell whether mail flows; check the shippers"));
                store.put(e.getKey(), state);
                measure(state, openBefore);
            } else if (quiet && !state.grace.isEmpty()) {
                out.addAll(correlator.onIdle(state));
                store.put(e.getKey(), state);
                measure(state, openBefore);
            }
        }
        forward(out);
    }

    /** The input has ended: every MTA of the task evaluates what it still holds. */
    private void flushAll() {
        final List<Incident> out = new ArrayList<>();
        for (final String mta : lastArrival.keySet()) {
            final MtaState state = store.get(mta);
            if (state != null) {
                final int openBefore = correlator.openIncidents(state);
                out.addAll(correlator.flush(state));
                store.put(mta, state);
                measure(state, openBefore);
            }
        }
        forward(out);
    }

    private void measure(final MtaState state, final int openBefore) {
        metrics.openChanged(openBefore, correlator.openIncidents(state));
        metrics.evaluatedUntil(state.evaluatedUntil);
    }

    private void forward(final List<Incident> incidents) {
        for (final Incident incident : incidents) {
            metrics.incidentChanged(incident);
            // Written as the change is forwarded: should the transaction abort, the retry logs it again.
            LOG.info("Incident {} {}: {} on {}{}{}", incident.getIncidentId(), incident.getStatus(), incident.getKb(), incident.getMta(),
                    incident.getRemoteMta() == null ? "" : " to " + incident.getRemoteMta(),
                    incident.getCloseReason() == null ? "" : " (" + incident.getCloseReason() + ")");
            final long eventTime = incident.getResolvedAt() != null
                    ? incident.getResolvedAt().toEpochMilli()
                    : incident.getLastSeen().toEpochMilli();
            context.forward(new Record<>(incident.getIncidentId(), new CorrelationOutput.IncidentChange(incident), eventTime));
        }
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
