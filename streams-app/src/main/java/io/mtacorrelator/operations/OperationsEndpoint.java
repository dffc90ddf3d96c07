package io.mtacorrelator.operations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code run}'s HTTP endpoint, on the JDK's own server: {@code GET /metrics} (Prometheus text), {@code GET /health/live}
 * and {@code GET /health/ready} (200 or 503 with a short JSON body). It listens on every interface, because in a
 * container the probe and the scraper come from outside; it serves nothing secret.
 */
public final class OperationsEndpoint implements AutoCloseable {

    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** A port that cannot be listened on, for the one-line message. */
    public static final class PortUnavailableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortUnavailableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsEndpoint(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param port    the port to listen on; 0: one the system chooses ({@link #port()})
     * @param metrics the Prometheus text, read at each scrape
     * @param health  the application's health now
     */
    public static OperationsEndpoint start(final int port, final Supplier<String> metrics, final Supplier<Health> health) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (BindException e) {
            throw new PortUnavailableException("metrics port " + port + " is already in use (--metrics-port, mta.metrics.port)", e);
        } catch (IOException e) {
            throw new PortUnavailableException("cannot listen on metrics port " + port + ": " + e.getMessage(), e);
        }
        // One daemon thread: scrapes and probes are rare and short, and must never keep the JVM alive.
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "mta-operations-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, metrics, health));
        server.start();
        return new OperationsEndpoint(server, executor);
    }

    private static void answer(final HttpExchange exchange, final Supplier<String> metrics, final Supplier<Health> health)
            throws IOException {
        try (exchange) {
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case METRICS -> send(exchange, 200, PROMETHEUS_TEXT, metrics.get());
                case LIVE -> {
                    final Health now = health.get();
                    send(exchange, now.live() ? 200 : 503, "application/json", now.json());
                }
                case READY -> {
                    final Health now = health.get();
                    send(exchange, now.ready() ? 200 : 503, "application/json", now.json());
                }
                default -> send(exchange, 404, "text/plain; charset=utf-8", "not found: " + METRICS + ", " + LIVE + ", " + READY + "\n");
            }
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String contentType, final String body)
            throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port it listens on (the chosen one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
