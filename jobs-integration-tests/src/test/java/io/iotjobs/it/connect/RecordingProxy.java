package io.iotjobs.it.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A forwarder on {@code 127.0.0.1} in front of a broker that records what a client sends first: the HTTP
 * request head of a WebSocket upgrade ({@link #http}), or the ALPN protocols a TLS ClientHello offers
 * ({@link #tls}: it terminates TLS and forwards the plain bytes). Every connection is forwarded after that, so
 * the client connects for real. {@link #cut()} drops the open connections (the client then reconnects).
 *
 * <p>Thread-safe; one daemon thread accepts, two per connection copy bytes.
 */
final class RecordingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final boolean recordHead;
    private volatile boolean stripQuery;
    private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final BlockingQueue<List<String>> offered = new LinkedBlockingQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int connections;
    private volatile boolean closed;

    private RecordingProxy(ServerSocket server, String targetHost, int targetPort, boolean recordHead) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.recordHead = recordHead;
        Thread acceptor = new Thread(this::acceptLoop, "recording-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Records the HTTP request head of each connection, then forwards.
     *
     * @param host the broker host
     * @param port the broker's WebSocket port
     * @return the running proxy
     * @throws IOException if no port can be bound
     */
    static RecordingProxy http(String host, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return new RecordingProxy(server, host, port, true);
    }

    /**
     * Terminates TLS with the context's server identity, records the ALPN protocols each client offers (and
     * selects the first), then forwards the plain bytes.
     *
     * @param serverContext the server's TLS context
     * @param host the broker host
     * @param port the broker's plain MQTT port
     * @return the running proxy
     * @throws IOException if no port can be bound
     */
    static RecordingProxy tls(SSLContext serverContext, String host, int port) throws IOException {
        SSLServerSocket server =
                (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return new RecordingProxy(server, host, port, false);
    }

    /**
     * Forwards the request line without its query string (recording it as sent): the embedded HiveMQ broker
     * upgrades only a request for exactly its path, where AWS IoT and Mosquitto take the query along.
     *
     * @return this proxy
     */
    RecordingProxy stripQuery() {
        this.stripQuery = true;
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    /** The connections accepted so far. */
    int connections() {
        return connections;
    }

    /**
     * The next recorded HTTP request head (request line and headers, CRLF-separated, without the blank line).
     *
     * @param timeout how long to wait at most
     * @return the head
     * @throws InterruptedException if interrupted
     * @throws AssertionError if none came in time
     */
    String nextHead(Duration timeout) throws InterruptedException {
        String head = heads.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (head == null) {
            throw new AssertionError("no HTTP request reached the proxy within " + timeout);
        }
        return head;
    }

    /**
     * The ALPN protocols the next TLS client offered.
     *
     * @param timeout how long to wait at most
     * @return the protocols, in the client's order (empty without ALPN)
     * @throws InterruptedException if interrupted
     * @throws AssertionError if no handshake came in time
     */
    List<String> nextOfferedAlpn(Duration timeout) throws InterruptedException {
        List<String> protocols = offered.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (protocols == null) {
            throw new AssertionError("no TLS handshake reached the proxy within " + timeout);
        }
        return protocols;
    }

    /** Drops every open connection. */
    void cut() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            connections++;
            Thread handler = new Thread(() -> handle(client), "recording-proxy-" + port() + "-conn");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void handle(Socket client) {
        open.add(client);
        try {
            if (client instanceof SSLSocket tls) {
                List<String> seen = new ArrayList<>();
                tls.setHandshakeApplicationProtocolSelector((socket, protocols) -> {
                    seen.addAll(protocols);
                    return protocols.isEmpty() ? null : protocols.get(0);
                });
                tls.startHandshake();
                offered.add(List.copyOf(seen));
            }
            Socket upstream = new Socket(targetHost, targetPort);
            upstream.setTcpNoDelay(true);
            open.add(upstream);
            InputStream in = client.getInputStream();
            if (recordHead) {
                byte[] head = readHead(in);
                heads.add(new String(head, 0, Math.max(0, head.length - 4), StandardCharsets.ISO_8859_1));
                upstream.getOutputStream().write(stripQuery ? withoutQuery(head) : head);
            }
            Thread back = new Thread(() -> copy(upstream, client), "recording-proxy-" + port() + "-back");
            back.setDaemon(true);
            back.start();
            copy(in, upstream.getOutputStream(), client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static byte[] withoutQuery(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        String requestLine = text.substring(0, lineEnd);
        int query = requestLine.indexOf('?');
        if (query < 0) {
            return head;
        }
        String rewritten = requestLine.substring(0, query)
                + requestLine.substring(requestLine.lastIndexOf(' '))
                + text.substring(lineEnd);
        return rewritten.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the HTTP request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
        return head.toByteArray();
    }

    private void copy(Socket from, Socket to) {
        try {
            copy(from.getInputStream(), to.getOutputStream(), from, to);
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void copy(InputStream in, OutputStream out, Socket a, Socket b) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cut();
    }
}
