package io.mtacorrelator.bench;

import io.mtacorrelator.workload.EstateGenerator;
import io.mtacorrelator.workload.EstateSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Writes a generated estate where the measured applications read it: to the raw topics, or to export files. */
final class WorkloadWriter {

    /** What was written and how long it took. */
    record Written(EstateGenerator.Result generated, double seconds) {
    }

    private WorkloadWriter() {
    }

    /**
     * Publishes the estate as the shippers would: event-log records to one raw topic and counters to the other, keyed
     * by MTA, each with its event time as the Kafka timestamp.
     */
    static Written toTopics(final Map<String, Object> clientProps, final EstateSpec spec, final String rawEventTopic,
                            final String rawCounterTopic, final Consumer<String> progress) {
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final long start = System.nanoTime();
        final long[] count = {0};
        final long[] lastReport = {start};
        final EstateGenerator.Result result;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            result = new EstateGenerator(spec).generate(r -> {
                producer.send(new ProducerRecord<>(r.counter() ? rawCounterTopic : rawEventTopic, null, r.eventTimeMs(),
                        r.mta().getBytes(StandardCharsets.UTF_8), r.value()), (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                if (++count[0] % 100_000 == 0 && System.nanoTime() - lastReport[0] > 10_000_000_000L) {
                    lastReport[0] = System.nanoTime();
                    progress.accept(String.format("writing the workload: %,d of %,d records", count[0], spec.records()));
                }
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("cannot write the workload: " + failure.get().getMessage(), failure.get());
        }
        return new Written(result, (System.nanoTime() - start) / 1e9);
    }

    /** Writes the estate as two NDJSON exports (event log, counters), as a user would hand them to {@code replay}. */
    static void toFiles(final EstateSpec spec, final Path events, final Path counters) {
        try (OutputStream e = new BufferedOutputStream(Files.newOutputStream(events), 1 << 16);
             OutputStream c = new BufferedOutputStream(Files.newOutputStream(counters), 1 << 16)) {
            new EstateGenerator(spec).generate(r -> {
                try {
                    final OutputStream out = r.counter() ? c : e;
                    out.write(r.value());
                    out.write('\n');
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
