package io.iotjobs.internal.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * The socket factory of Paho's WebSocket connections: sockets that wait for the server's first byte as long as
 * the connection attempt may take, then time out reads as Paho asks.
 *
 * <p><b>Why this exists.</b> Paho sets a read timeout of one second on its socket right after connecting, which
 * its own MQTT reader tolerates (it reads again), but its WebSocket handshake does not: a TLS handshake or HTTP
 * upgrade response slower than a second (a busy broker, a cellular link) fails the attempt with "Read timed
 * out". Until the first byte arrives the sockets made here keep a read timeout of at least the attempt's bound;
 * from then on they use the one Paho set.
 */
public final class PatientSocketFactory extends ConfiguredSocketFactory {

    private final SocketFactory delegate;
    private final int patienceMillis;

    /**
     * Creates the factory.
     *
     * @param delegate makes the real (configured, unconnected) sockets
     * @param patience how long to wait for the server's first byte at least
     */
    public PatientSocketFactory(SocketFactory delegate, Duration patience) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.patienceMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, patience.toMillis()));
    }

    @Override
    public Socket createSocket() throws IOException {
        return new PatientSocket(delegate.createSocket(), patienceMillis);
    }

    /**
     * The read timeout in force on the real socket under one of this factory's sockets (for tests).
     *
     * @param socket a socket from {@link #createSocket()}
     * @return the timeout in milliseconds
     * @throws SocketException if the socket cannot tell
     */
    static int effectiveTimeout(Socket socket) throws SocketException {
        return ((PatientSocket) socket).effectiveTimeout();
    }

    /** A socket over the real one, whose read timeout stays long until the first byte is read. */
    private static final class PatientSocket extends Socket {
        private final Socket inner;
        private final int patienceMillis;
        private volatile int requested;
        private volatile boolean settled;
        private InputStream input; // guarded by this

        PatientSocket(Socket inner, int patienceMillis) throws SocketException {
            this.inner = inner;
            this.patienceMillis = patienceMillis;
            inner.setSoTimeout(patienceMillis);
        }

        private void settle() throws SocketException {
            if (!settled) {
                settled = true;
                inner.setSoTimeout(requested);
            }
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            inner.connect(endpoint);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            inner.connect(endpoint, timeout);
        }

        @Override
        public void bind(SocketAddress bindpoint) throws IOException {
            inner.bind(bindpoint);
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            requested = timeout;
            inner.setSoTimeout(settled || timeout == 0 ? timeout : Math.max(timeout, patienceMillis));
        }

        @Override
        public int getSoTimeout() {
            return requested;
        }

        /** The read timeout in force on the real socket (for tests). */
        int effectiveTimeout() throws SocketException {
            return inner.getSoTimeout();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new FilterInputStream(inner.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        settle();
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = super.read(buffer, offset, length);
                        settle();
                        return n;
                    }
                };
            }
            return input;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return inner.getOutputStream();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }

        @Override
        public boolean isConnected() {
            return inner.isConnected();
        }

        @Override
        public boolean isBound() {
            return inner.isBound();
        }

        @Override
        public boolean isClosed() {
            return inner.isClosed();
        }

        @Override
        public boolean isInputShutdown() {
            return inner.isInputShutdown();
        }

        @Override
        public boolean isOutputShutdown() {
            return inner.isOutputShutdown();
        }

        @Override
        public void shutdownInput() throws IOException {
            inner.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            inner.shutdownOutput();
        }

        @Override
        public InetAddress getInetAddress() {
            return inner.getInetAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return inner.getLocalAddress();
        }

        @Override
        public int getPort() {
            return inner.getPort();
        }

        @Override
        public int getLocalPort() {
            return inner.getLocalPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return inner.getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return inner.getLocalSocketAddress();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            inner.setTcpNoDelay(on);
        }

        @Override
        public boolean getTcpNoDelay() throws SocketException {
            return inner.getTcpNoDelay();
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            inner.setKeepAlive(on);
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            inner.setSoLinger(on, linger);
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }
}
