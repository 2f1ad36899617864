package io.iotjobs.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS echo server on the loopback interface for handshake tests: it requires a client certificate, offers
 * ALPN protocols, and for each {@link #acceptOne()} accepts one connection on a background thread, completes
 * the handshake, records what was negotiated, and echoes one byte.
 *
 * <p>TLS runs over each accepted TCP connection (a server-mode {@link SSLSocket} layered on it) rather than
 * through an {@code SSLServerSocket}, so that a failed handshake can end gracefully. With TLS 1.3 the client
 * sends its certificate and its Finished message in separate writes; a server that refuses the certificate
 * and closes at once, with the Finished message unread, makes the kernel reset the connection, and the client
 * then sees "Broken pipe" instead of the server's alert, depending on timing. This server sends its alert,
 * then reads what the client still sends before it closes, so the client always receives the alert.
 */
public final class LoopbackTlsServer implements AutoCloseable {

    /** Read timeout of the server side of a connection, so that no test can hang on it. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final SSLContext context;
    private final String[] applicationProtocols;
    private final ServerSocket serverSocket;
    private volatile String[] protocols;
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "loopback-tls-server");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * What the server saw of one connection.
     *
     * @param protocol the TLS version, for example {@code TLSv1.3}
     * @param applicationProtocol the ALPN protocol negotiated, empty if none
     * @param clientSubject the subject of the client's certificate
     * @param requestedServerNames the SNI host names the client sent
     * @param echoed the byte read from the client and echoed back
     * @param cipherSuite the cipher suite negotiated
     */
    public record Handshake(String protocol, String applicationProtocol, String clientSubject,
            List<String> requestedServerNames, int echoed, String cipherSuite) {
    }

    /**
     * Starts listening on {@code 127.0.0.1} on a free port.
     *
     * @param context the server TLS context, for example {@link TestPki#serverContext()}
     * @param applicationProtocols the ALPN protocols the server accepts (none: no ALPN)
     * @throws IOException if the server socket cannot be opened
     */
    public LoopbackTlsServer(SSLContext context, String... applicationProtocols) throws IOException {
        this.context = context;
        this.applicationProtocols = applicationProtocols.clone();
        serverSocket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    }

    /**
     * Restricts the TLS versions the server accepts (default: the context's).
     *
     * @param versions JSSE protocol names, for example {@code TLSv1.2}
     * @return this server
     */
    public LoopbackTlsServer protocols(String... versions) {
        this.protocols = versions.clone();
        return this;
    }

    /**
     * Returns the port listened on.
     *
     * @return the port
     */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Accepts the next connection on the background thread.
     *
     * @return completed with what the server saw once it has echoed one byte, or exceptionally with the
     *     server's failure (for example the {@code SSLHandshakeException} of a refused client certificate)
     */
    public CompletableFuture<Handshake> acceptOne() {
        CompletableFuture<Handshake> result = new CompletableFuture<>();
        acceptor.execute(() -> {
            try (Socket tcp = serverSocket.accept()) {
                tcp.setSoTimeout(READ_TIMEOUT_MILLIS);
                result.complete(serve(tcp));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private Handshake serve(Socket tcp) throws IOException {
        // server mode, and closing the TLS socket leaves the TCP connection to us
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tcp, null, false);
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setNeedClientAuth(true);
            parameters.setApplicationProtocols(applicationProtocols.clone());
            String[] versions = protocols;
            if (versions != null) {
                parameters.setProtocols(versions.clone());
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();

            SSLSession session = socket.getSession();
            Certificate[] peer = session.getPeerCertificates();
            String subject = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
            List<String> serverNames = new ArrayList<>();
            if (session instanceof ExtendedSSLSession) {
                for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
                    if (name instanceof SNIHostName) {
                        serverNames.add(((SNIHostName) name).getAsciiName());
                    }
                }
            }
            String applicationProtocol = socket.getApplicationProtocol();
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int read = in.read();
            out.write(read);
            out.flush();
            socket.close();
            return new Handshake(session.getProtocol(), applicationProtocol, subject, List.copyOf(serverNames),
                    read, session.getCipherSuite());
        } catch (IOException | RuntimeException failure) {
            // the alert has been sent; let the client read it: stop sending, and read until it closes
            try {
                tcp.shutdownOutput();
                InputStream in = tcp.getInputStream();
                byte[] buffer = new byte[4096];
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException drainFailure) {
                failure.addSuppressed(drainFailure);
            }
            throw failure;
        }
    }

    /**
     * Connects a socket from a client factory the way Paho does ({@code createSocket()} then
     * {@code connect(address, timeout)}), to this server under the given host name, writes one byte and reads
     * the echo. The address carries {@code host} as its name (as a resolved {@code tcp://host:port} URI would)
     * but always points at the loopback interface, so no name lookup happens.
     *
     * @param socket an unconnected socket from the factory under test
     * @param host the host name the client believes it connects to
     * @param value the byte to send
     * @return the byte read back, or -1 at end of stream
     * @throws IOException if connecting, the handshake or the exchange fails
     */
    public int connectAndEcho(Socket socket, String host, int value) throws IOException {
        InetAddress address = InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
        socket.connect(new InetSocketAddress(address, port()), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(value);
        out.flush();
        return socket.getInputStream().read();
    }

    /** Stops listening and stops the background thread. */
    @Override
    public void close() throws IOException {
        acceptor.shutdownNow();
        serverSocket.close();
    }
}
