package io.iotjobs.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP forwarder on {@code 127.0.0.1} between one client and a broker, to take a single client offline
 * while the broker and every other client stay up: {@link #cut()} drops the connections going through it,
 * {@link #pause()} also refuses new ones (each is accepted and closed at once, so the client sees a failed
 * connection attempt) until {@link #resume()}, and {@link #silence()} makes it a server that accepts
 * connections and never answers.
 *
 * <p>It also counts connection attempts ({@link #attempts()}, {@link #awaitAttempts(int, Duration)}), which
 * shows how often a client retries, and keeps the first {@value #RECORDED_BYTES} bytes clients sent
 * ({@link #sentByClients()}), which shows what a CONNECT carried.
 *
 * <p><b>Threads.</b> All methods are thread-safe. One daemon thread accepts connections and two daemon
 * threads copy the bytes of each connection ({@code tcp-proxy-<port>-...}); they end with the connection or
 * with {@link #close()}.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object attemptsLock = new Object();
    private int attempts; // guarded by attemptsLock
    private volatile boolean paused;
    private volatile boolean silent;
    private volatile boolean closed;
    private final Object holdLock = new Object();
    private boolean holding; // guarded by holdLock
    /** How many bytes sent by clients {@link #sentByClients()} keeps. */
    public static final int RECORDED_BYTES = 64 * 1024;

    private final java.io.ByteArrayOutputStream recorded = new java.io.ByteArrayOutputStream();

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts forwarding a free local port to the target.
     *
     * @param targetHost the broker host
     * @param targetPort the broker port
     * @return the running proxy
     */
    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            return new TcpProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's listening socket", e);
        }
    }

    /**
     * Starts forwarding a free local port to a test broker.
     *
     * @param broker the broker
     * @return the running proxy
     */
    public static TcpProxy to(Broker broker) {
        return start(broker.host(), broker.port());
    }

    /**
     * The port clients connect to.
     *
     * @return the local port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Closes every connection going through the proxy now (both sides, at once). New connections are still
     * forwarded.
     */
    public void cut() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /**
     * Cuts every connection and refuses new ones until {@link #resume()}.
     */
    public void pause() {
        paused = true;
        cut();
    }

    /**
     * Cuts every connection, then accepts new ones but neither forwards them nor answers nor closes them, as a
     * server that hangs would, until {@link #resume()} (which closes them).
     */
    public void silence() {
        silent = true;
        cut();
    }

    /**
     * Forwards new connections again after {@link #pause()} or {@link #silence()}; connections held silent
     * are closed.
     */
    public void resume() {
        paused = false;
        if (silent) {
            silent = false;
            cut();
        }
    }

    /**
     * Stops forwarding what the broker sends (CONNACK, PUBACK, SUBACK, messages) until {@link #release()}: the
     * bytes wait in the proxy, in order, so the client sees a broker that is slow to answer.
     */
    public void hold() {
        synchronized (holdLock) {
            holding = true;
        }
    }

    /**
     * Forwards what {@link #hold()} kept back, and everything after it.
     */
    public void release() {
        synchronized (holdLock) {
            holding = false;
            holdLock.notifyAll();
        }
    }

    private void awaitRelease() throws IOException {
        synchronized (holdLock) {
            while (holding && !closed) {
                try {
                    holdLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while held", e);
                }
            }
        }
    }

    /**
     * How many connections clients opened to the proxy so far (forwarded or refused).
     *
     * @return the count
     */
    public int attempts() {
        synchronized (attemptsLock) {
            return attempts;
        }
    }

    /**
     * Waits until at least {@code count} connections in total were opened to the proxy.
     *
     * @param count the total to wait for
     * @param timeout the longest wait
     * @return true if reached, false on timeout
     * @throws InterruptedException if interrupted
     */
    public boolean awaitAttempts(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (attemptsLock) {
            while (attempts < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(attemptsLock, left);
            }
            return true;
        }
    }

    /**
     * Stops listening and cuts every connection. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        release();
        closeQuietly(server);
        cut();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (attemptsLock) {
                attempts++;
                attemptsLock.notifyAll();
            }
            if (paused || closed) {
                closeQuietly(client);
                continue;
            }
            if (silent) {
                open.add(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            if (paused || closed) {
                cut();
                continue;
            }
            pump(client, upstream, "up", false);
            pump(upstream, client, "down", true);
        }
    }

    private void pump(Socket from, Socket to, String direction, boolean holdable) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (holdable) {
                                awaitRelease();
                            }
                            if (!holdable) {
                                record(buffer, n);
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-" + server.getLocalPort() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private void record(byte[] buffer, int n) {
        synchronized (recorded) {
            recorded.write(buffer, 0, Math.min(n, Math.max(0, RECORDED_BYTES - recorded.size())));
        }
    }

    /**
     * The first {@value #RECORDED_BYTES} bytes clients sent through the proxy, every connection in turn.
     *
     * @return a copy
     */
    public byte[] sentByClients() {
        synchronized (recorded) {
            return recorded.toByteArray();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "TcpProxy[127.0.0.1:" + server.getLocalPort() + " -> " + targetHost + ":" + targetPort
                + (paused ? ", paused" : "") + ", attempts=" + attempts() + "]";
    }
}
