package io.mtacorrelator.operations;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mtacorrelator.topology.IngestMetrics;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus text of one Kafka Streams application: Kafka Streams' own metrics through Micrometer's Kafka binder
 * ({@code kafka_stream_*}, {@code kafka_consumer_*}, {@code kafka_producer_*}, ...), and ours ({@link CorrelatorMeters},
 * {@code mta_*}).
 */
public final class PrometheusMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics kafka;
    private final CorrelatorMeters ours;

    public PrometheusMetrics(final KafkaStreams streams) {
        // The binder would show our group again under its own names (kafka_stream_mta_correlator_*): ours show it once,
        // as mta_*.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith(
                "kafka." + IngestMetrics.GROUP.replace("-metrics", "").replace('-', '.') + "."));
        this.kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        this.ours = new CorrelatorMeters(streams::metrics, System::currentTimeMillis);
        ours.bindTo(registry);
    }

    /** The metrics now, in the Prometheus text format (0.0.4). */
    public String scrape() {
        ours.refresh();
        return registry.scrape();
    }

    @Override
    public void close() {
        kafka.close();
        registry.close();
    }
}
