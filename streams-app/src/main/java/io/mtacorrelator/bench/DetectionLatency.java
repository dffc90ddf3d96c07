package io.mtacorrelator.bench;

import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.IncidentStatus;
import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import io.mtacorrelator.workload.WorkloadRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Detection latency at a steady offered load: records are produced at a fixed rate to a correlator that is already
 * running, and for each incident that opens, the wall time is taken from the append of the record that made the
 * episode decisive to the append of the OPEN incident (the incident topic stamps append times).
 * <p>
 * The decisive record is the first record of the MTA whose event time moves the MTA's evaluation horizon (newest
 * event time minus the grace) past the sample the incident was detected at: before it arrives, the correlator may
 * not yet decide, by design.
 */
final class DetectionLatency {

    /** The figures of one run; latencies in ms. */
    record Result(double offeredRate, double achievedRate, long records, int episodes, int undecided, long p50Ms, long p99Ms,
                  long maxMs) {
    }

    /** What the incident reader saw of one OPEN incident. */
    record Opened(String mta, long detectedAtMs, long appendedAtMs) {
    }

    private DetectionLatency() {
    }

    /**
     * Produces the first {@code records} records of the estate at {@code rate} records/s and collects the OPEN incidents.
     *
     * @param clientProps   connection settings (bootstrap servers and security) for the producer and the reader
     * @param rawEventTopic raw topic for event-log records; {@code rawCounterTopic} for counter samples
     * @param incidents     incident topic, created with message.timestamp.type=LogAppendTime
     * @param settle        called after the last record was acked: returns once the correlator has caught up
     */
    static Result measure(final Map<String, Object> clientProps, final EstateSpec spec, final long records, final double rate,
                          final String rawEventTopic, final String rawCounterTopic, final String incidents,
                          final Deserializer<Incident> incidentValues, final long graceMs, final Settle settle)
            throws InterruptedException {
        final ConcurrentLinkedQueue<Opened> opened = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        final Thread reader = new Thread(() -> {
            try {
                read(clientProps, incidents, incidentValues, opened, stop);
            } catch (RuntimeException e) {
                readerFailure.set(e);
            }
        }, "bench-incident-reader");
        reader.setDaemon(true);
        reader.start();

        final int n = (int) Math.min(records, Integer.MAX_VALUE - 8);
        final long[] ackMs = new long[n];
        final long[] eventMs = new long[n];
        final int[] mtaOf = new int[n];
        final Map<String, Integer> mtaIndex = new HashMap<>();
        final AtomicReference<Exception> sendFailure = new AtomicReference<>();
        final Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        final long[] sent = {0};
        final long started;
        final long finished;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            final long intervalNs = (long) (1e9 / rate);
            started = System.nanoTime();
            new EstateGenerator(new EstateSpec(spec.seed(), spec.mtas(), spec.connectionsPerMta(), n, spec.episodesPerMtaHour(),
                    spec.sampleSeconds(), spec.start())).generate((WorkloadRecord r) -> {
                        final int i = (int) sent[0]++;
                        final long due = started + i * intervalNs;
                        final long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        eventMs[i] = r.eventTimeMs();
                        mtaOf[i] = mtaIndex.computeIfAbsent(r.mta(), k -> mtaIndex.size());
                        producer.send(new ProducerRecord<>(r.counter() ? rawCounterTopic : rawEventTopic, null, r.eventTimeMs(),
                                r.mta().getBytes(StandardCharsets.UTF_8), r.value()), (meta, e) -> {
                                    if (e != null) {
                                        sendFailure.compareAndSet(null, e);
                                    } else {
                                        ackMs[i] = System.currentTimeMillis();
                                    }
                                });
                    });
            producer.flush();
            finished = System.nanoTime();
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("producing at the offered rate failed: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        settle.await();
        stop.set(true);
        reader.join(60_000);
        if (readerFailure.get() != null) {
            throw new IllegalStateException("reading incidents failed: " + readerFailure.get().getMessage(), readerFailure.get());
        }
        final int produced = (int) sent[0];
        // Per MTA, the records in production order (event times never decrease along it).
        final Map<Integer, List<Integer>> byMta = new HashMap<>();
        for (int i = 0; i < produced; i++) {
            byMta.computeIfAbsent(mtaOf[i], k -> new ArrayList<>()).add(i);
        }
        final List<Long> latencies = new ArrayList<>();
        int undecided = 0;
        for (final Opened o : opened) {
            final Integer m = mtaIndex.get(o.mta());
            final List<Integer> idx = m == null ? List.of() : byMta.getOrDefault(m, List.of());
            final long needed = o.detectedAtMs() + Math.max(0, graceMs) + 1;
            final int decisive = firstAtOrAfter(idx, eventMs, needed);
            if (decisive < 0) {
                // Decided by an idle flush or the end of input, not by a record: no latency to measure.
                undecided++;
                continue;
            }
            latencies.add(Math.max(0, o.appendedAtMs() - ackMs[decisive]));
        }
        final long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(rate, produced / ((finished - started) / 1e9), produced, latencies.size(), undecided,
                percentile(sorted, 50), percentile(sorted, 99), sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
    }

    /** Blocks until the correlator has caught up with everything produced. */
    interface Settle {
        void await() throws InterruptedException;
    }

    private static int firstAtOrAfter(final List<Integer> idx, final long[] eventMs, final long needed) {
        int lo = 0;
        int hi = idx.size();
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (eventMs[idx.get(mid)] >= needed) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo < idx.size() ? idx.get(lo) : -1;
    }

    /** Nearest-rank percentile; -1 when there is nothing to rank. */
    static long percentile(final long[] sorted, final int p) {
        if (sorted.length == 0) {
            return -1;
        }
        final int rank = (int) Math.ceil(p / 100d * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void read(final Map<String, Object> clientProps, final String topic, final Deserializer<Incident> values,
                             final ConcurrentLinkedQueue<Opened> opened, final AtomicBoolean stop) {
        final Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, Incident> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            boolean drained = false;
            while (!drained) {
                for (final ConsumerRecord<String, Incident> r : consumer.poll(Duration.ofMillis(50))) {
                    final Incident i = r.value();
                    if (i != null && i.getStatus() == IncidentStatus.OPEN) {
                        opened.add(new Opened(i.getMta(), i.getDetectedAt().toEpochMilli(), r.timestamp()));
                    }
                }
                if (stop.get()) {
                    final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                    drained = partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
                }
            }
        }
    }

    static String describe(final Result r) {
        return String.format("offered %,.0f/s (achieved %,.0f/s), %,d records, %d episode(s) timed%s: p50 %d ms, p99 %d ms, max %d ms",
                r.offeredRate(), r.achievedRate(), r.records(), r.episodes(),
                r.undecided() > 0 ? " (" + r.undecided() + " decided without a record)" : "", r.p50Ms(), r.p99Ms(), r.maxMs());
    }
}
