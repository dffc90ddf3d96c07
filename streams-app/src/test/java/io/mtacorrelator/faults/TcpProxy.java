package io.mtacorrelator.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on a loopback port to a server on another, that a test can cut and restore: cut, the port is closed
 * (a client's connect is refused, as with a server that is down) and every connection through it is closed (a client's
 * kept-alive connection breaks); restored, the same port accepts and forwards again.
 */
final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile ServerSocket server;

    private TcpProxy(final int targetPort, final ServerSocket server) {
        this.targetPort = targetPort;
        this.server = server;
        this.port = server.getLocalPort();
        listen(server);
    }

    /** Forwards a free loopback port to {@code targetPort} on loopback. */
    static TcpProxy to(final int targetPort) {
        return new TcpProxy(targetPort, bind(0));
    }

    int port() {
        return port;
    }

    /** Connections accepted so far (while not cut). */
    int accepted() {
        return accepted.get();
    }

    /** Closes the port and every connection through it. */
    synchronized void cut() {
        closeQuietly(server);
        server = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Accepts and forwards on the same port again. */
    synchronized void restore() {
        if (server == null) {
            server = bind(port);
            listen(server);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private void listen(final ServerSocket socket) {
        final Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    final Socket client = socket.accept();
                    accepted.incrementAndGet();
                    forward(client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void forward(final Socket client) {
        final Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    /** Copies one direction until either side closes, then closes both. */
    private void pump(final Socket from, final Socket to) {
        final Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                final byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // cut, or either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private static ServerSocket bind(final int port) {
        try {
            final ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback port " + port, e);
        }
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
