package io.mtacorrelator.operations;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint over real HTTP, with the application's state and metrics stood in for. */
class OperationsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(final int port, final String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessFollowsTheStateAndLivenessTheFailure() throws Exception {
        // Given
        final AtomicReference<Health> health = new AtomicReference<>(new Health(State.REBALANCING, false));
        try (OperationsEndpoint endpoint = OperationsEndpoint.start(0, () -> "", health::get)) {
            // When: rebalancing
            final HttpResponse<String> notReady = get(endpoint.port(), OperationsEndpoint.READY);
            final HttpResponse<String> live = get(endpoint.port(), OperationsEndpoint.LIVE);

            // Then: live, not ready, the body names the state
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"state\":\"REBALANCING\"");
            assertThat(notReady.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(live.statusCode()).isEqualTo(200);

            // When: running (the positive control of the 503 above)
            health.set(new Health(State.RUNNING, false));

            // Then
            assertThat(get(endpoint.port(), OperationsEndpoint.READY).statusCode()).isEqualTo(200);
            assertThat(get(endpoint.port(), OperationsEndpoint.LIVE).statusCode()).isEqualTo(200);

            // When: a stream thread failed
            health.set(new Health(State.ERROR, true));

            // Then
            final HttpResponse<String> dead = get(endpoint.port(), OperationsEndpoint.LIVE);
            assertThat(dead.statusCode()).isEqualTo(503);
            assertThat(dead.body()).contains("\"state\":\"ERROR\"");
            assertThat(get(endpoint.port(), OperationsEndpoint.READY).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void metricsAreThePrometheusTextReadAtEachScrape() throws Exception {
        // Given: metrics that change between scrapes
        final AtomicReference<String> text = new AtomicReference<>("mta_records_read_total 1.0\n");
        try (OperationsEndpoint endpoint = OperationsEndpoint.start(0, text::get, () -> new Health(State.RUNNING, false))) {
            // When
            final HttpResponse<String> first = get(endpoint.port(), OperationsEndpoint.METRICS);
            text.set("mta_records_read_total 2.0\n");
            final HttpResponse<String> second = get(endpoint.port(), OperationsEndpoint.METRICS);

            // Then
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(first.body()).isEqualTo("mta_records_read_total 1.0\n");
            assertThat(second.body()).isEqualTo("mta_records_read_total 2.0\n");
            // and nothing else is served (the metrics path itself answers above)
            assertThat(get(endpoint.port(), "/metrics/x").statusCode()).isEqualTo(404);
            assertThat(get(endpoint.port(), "/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aTakenPortIsOneLineNamingItAndAClosedEndpointNoLongerListens() throws Exception {
        // Given: an endpoint on a port (which answers: the positive control)
        final OperationsEndpoint first = OperationsEndpoint.start(0, () -> "", () -> new Health(State.RUNNING, false));
        final int port = first.port();
        assertThat(get(port, OperationsEndpoint.LIVE).statusCode()).isEqualTo(200);
        try {
            // When / Then: a second one on the same port
            assertThatThrownBy(() -> OperationsEndpoint.start(port, () -> "", () -> new Health(State.RUNNING, false)))
                    .isInstanceOf(OperationsEndpoint.PortUnavailableException.class)
                    .hasMessage("metrics port " + port + " is already in use (--metrics-port, mta.metrics.port)");
        } finally {
            first.close();
        }

        // Then: once closed, nothing listens there
        assertThatThrownBy(() -> get(port, OperationsEndpoint.LIVE)).isInstanceOf(ConnectException.class);
    }
}
