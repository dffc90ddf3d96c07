package io.mtacorrelator.topology;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.diagnosis.MtaCorrelator;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.diagnosis.PendingItem;
import io.mtacorrelator.diagnosis.PendingSignals;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves the signals of each MTA through {@link MtaCorrelator} with its state from the store, and forwards
 * incidents, and late signals (to be set aside). A wall-clock punctuator tells the correlator which MTAs went
 * quiet (it decides what that means: see {@link MtaCorrelator#onIdle}) and closes the incidents of MTAs that
 * went silent, so no incident stays open for data that is not coming.
 */
final class CorrelationProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CorrelationProcessor.class);

    /** Header on a late signal: why it was set aside. */
    static final String LATE_BY_MS = "mta.late.by.ms";

    private final MtaCorrelator correlator;
    private final String storeName;
    private final String pendingStoreName;
    private final Set<String> inputTopics;
    private final long idleFlushMs;
    private final long staleMs;
    private final long punctuateIntervalMs;
    /** Wall-clock time of the last record per MTA; not state: after a restart every MTA counts as just heard. */
    private final Map<String, Long> lastArrival = new HashMap<>();
    /** End-of-input markers seen, per input topic: the raw partitions they came through. */
    private final Map<String, Set<String>> endOfInputSeen = new HashMap<>();
    /**
     * Decoded states of recently seen MTAs. Every change is still written to the store at once (so the
     * changelog and commits are exactly as without it); this only saves decoding the state on every record.
     * All writes to the store go through this processor, and the cache is dropped whenever the task is
     * (re)initialised or closed, when the store may have been restored from the changelog.
     */
    private final Map<String, MtaState> decoded = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, MtaState> eldest) {
            return size() > DECODED_CACHE_SIZE;
        }
    };
    private static final int DECODED_CACHE_SIZE = 10_000;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, MtaState> store;
    private PendingSignals pending;
    private Sensor late;

    CorrelationProcessor(final MtaCorrelator correlator, final String storeName, final String pendingStoreName,
                         final Set<String> inputTopics, final long idleFlushMs, final long staleMs, final long punctuateIntervalMs) {
        this.correlator = correlator;
        this.storeName = storeName;
        this.pendingStoreName = pendingStoreName;
        this.inputTopics = Set.copyOf(inputTopics);
        this.idleFlushMs = idleFlushMs;
        this.staleMs = staleMs;
        this.punctuateIntervalMs = punctuateIntervalMs;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        decoded.clear();
        this.store = context.getStateStore(storeName);
        this.pending = new StorePendingSignals(context.getStateStore(pendingStoreName));
        this.late = context.metrics().addRateTotalSensor(IngestMetrics.SCOPE, IngestMetrics.ENTITY, IngestMetrics.LATE,
                Sensor.RecordingLevel.INFO);
        context.schedule(Duration.ofMillis(punctuateIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::checkIdle);
    }

    @Override
    public void process(final Record<String, SpecificRecord> record) {
        final SpecificRecord value = record.value();
        if (value == null) {
            if (ControlRecords.isEndOfInput(record.headers())) {
                endOfInput(record);
            }
            return;
        }
        final String mta;
        if (value instanceof MtaEvent e) {
            mta = e.getMta();
        } else if (value instanceof CounterSample s) {
            mta = s.getMta();
        } else {
            throw new IllegalStateException("unexpected signal type " + value.getClass().getName());
        }
        MtaState state = decoded.get(mta);
        if (state == null) {
            state = store.get(mta);
        }
        if (state == null) {
            state = new MtaState(mta);
        }
        decoded.put(mta, state);
        lastArrival.put(mta, context.currentSystemTimeMs());
        final MtaCorrelator.Outcome outcome = value instanceof MtaEvent e
                ? correlator.onEvent(state, e, pending)
                : correlator.onSample(state, (CounterSample) value, pending);
        store.put(mta, state);
        if (outcome.late()) {
            late.record();
            final RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, "late: " + outcome.latenessMs() + " ms behind the evaluation "
                    + "horizon of " + mta + " (grace " + correlator.settings().graceMs() + " ms); not used");
            DeadLetterHeaders.put(headers, DeadLetterHeaders.PARSER, "correlator");
            context.recordMetadata().ifPresent(m -> {
                DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TOPIC, m.topic());
                DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_PARTITION, m.partition());
                DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_OFFSET, m.offset());
            });
            DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Instant.ofEpochMilli(record.timestamp()));
            DeadLetterHeaders.put(headers, DeadLetterHeaders.REJECTED_AT, Instant.ofEpochMilli(context.currentSystemTimeMs()));
            DeadLetterHeaders.put(headers, DeadLetterHeaders.APPLICATION_ID, context.applicationId());
            DeadLetterHeaders.put(headers, LATE_BY_MS, outcome.latenessMs());
            context.forward(new Record<>(record.key(), value, record.timestamp(), headers));
        }
        forward(outcome.incidents());
    }

    @Override
    public void close() {
        decoded.clear();
    }

    private void endOfInput(final Record<String, SpecificRecord> record) {
        final String source = DeadLetterHeaders.get(record.headers(), ControlRecords.SOURCE);
        final String sources = DeadLetterHeaders.get(record.headers(), ControlRecords.SOURCES);
        final int expected;
        try {
            expected = Integer.parseInt(sources == null ? "" : sources.trim());
        } catch (NumberFormatException e) {
            // Without the count it cannot be known when the input is complete: flushing now could be too early.
            LOG.warn("Ignoring an end-of-input marker without a valid {} header ({}): nothing is flushed for it",
                    ControlRecords.SOURCES, sources);
            return;
        }
        final String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        endOfInputSeen.computeIfAbsent(topic, t -> new HashSet<>()).add(source);
        final boolean complete = inputTopics.stream()
                .allMatch(t -> endOfInputSeen.getOrDefault(t, Set.of()).size() >= expected);
        if (complete) {
            endOfInputSeen.clear();
            flushAll();
        }
    }

    private void checkIdle(final long now) {
        if (idleFlushMs < 0 && staleMs < 0) {
            return;
        }
        final List<KeyValue<String, MtaState>> changed = new ArrayList<>();
        final List<Incident> out = new ArrayList<>();
        try (KeyValueIterator<String, MtaState> it = store.all()) {
            while (it.hasNext()) {
                final KeyValue<String, MtaState> kv = it.next();
                final long idle = now - lastArrival.computeIfAbsent(kv.key, k -> now);
                final MtaState state = decoded.getOrDefault(kv.key, kv.value);
                if (staleMs >= 0 && idle >= staleMs && correlator.hasOpenIncidents(state)) {
                    out.addAll(correlator.closeStale(state, "nothing received from " + state.mta + " for " + idle / 60_000
                            + " min (wall clock): cannot tell whether mail flows; check the shippers", pending));
                    changed.add(KeyValue.pair(kv.key, state));
                } else if (idleFlushMs >= 0 && idle >= idleFlushMs && state.pendingCount > 0) {
                    out.addAll(correlator.onIdle(state, pending));
                    changed.add(KeyValue.pair(kv.key, state));
                }
            }
        }
        changed.forEach(kv -> {
            store.put(kv.key, kv.value);
            decoded.put(kv.key, kv.value);
        });
        forward(out);
    }

    private void flushAll() {
        final List<KeyValue<String, MtaState>> changed = new ArrayList<>();
        final List<Incident> out = new ArrayList<>();
        try (KeyValueIterator<String, MtaState> it = store.all()) {
            while (it.hasNext()) {
                final KeyValue<String, MtaState> kv = it.next();
                final MtaState state = decoded.getOrDefault(kv.key, kv.value);
                out.addAll(correlator.flush(state, pending));
                changed.add(KeyValue.pair(kv.key, state));
            }
        }
        changed.forEach(kv -> store.put(kv.key, kv.value));
        forward(out);
    }

    private void forward(final List<Incident> incidents) {
        for (final Incident incident : incidents) {
            final long eventTime = incident.getResolvedAt() != null
                    ? incident.getResolvedAt().toEpochMilli()
                    : incident.getLastSeen().toEpochMilli();
            context.forward(new Record<>(incident.getIncidentId(), incident, eventTime));
        }
    }

    /**
     * Waiting signals in their own store, one entry each, keyed MTA, event time, sequence: adding is an
     * append, and taking those up to the horizon is a range scan of that MTA's keys in time order.
     */
    static final class StorePendingSignals implements PendingSignals {
        private static final char SEPARATOR = '\u0001';
        private static final char AFTER_SEPARATOR = '\u0002';
        private final KeyValueStore<String, PendingItem> store;

        StorePendingSignals(final KeyValueStore<String, PendingItem> store) {
            this.store = store;
        }

        static String key(final String mta, final long time, final long seq) {
            return mta + SEPARATOR + String.format("%019d", Math.max(0, time)) + SEPARATOR + String.format("%019d", seq);
        }

        @Override
        public void add(final String mta, final long seq, final PendingItem item) {
            store.put(key(mta, item.time(), seq), item);
        }

        @Override
        public List<PendingItem> take(final String mta, final long after, final long upTo) {
            final List<KeyValue<String, PendingItem>> due = new ArrayList<>();
            if (after >= upTo) {
                return List.of();
            }
            final long fromTime = after == Long.MIN_VALUE ? 0 : after + 1;
            final String from = mta + SEPARATOR + String.format("%019d", Math.max(0, fromTime));
            final String to = mta + SEPARATOR + String.format("%019d", Math.max(0, upTo)) + AFTER_SEPARATOR;
            try (KeyValueIterator<String, PendingItem> it = store.range(from, to)) {
                it.forEachRemaining(due::add);
            }
            due.forEach(kv -> store.delete(kv.key));
            return due.stream().map(kv -> kv.value).toList();
        }
    }
}
