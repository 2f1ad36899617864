package io.iotjobs.internal.proxy;

import io.iotjobs.core.spi.HttpProxySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A socket whose {@link #connect(SocketAddress, int)} reaches the broker through an HTTP proxy: it connects to the
 * proxy (TCP_NODELAY on), opens a tunnel to the address given ({@link HttpConnect}; the host as written, so the proxy
 * resolves it, not this machine) and, when a {@link Layer} is set, layers TLS over the tunnel. Reads, writes and
 * closing then go to the outermost socket. This is what the Paho transports get from their socket factory when a
 * proxy is set: Paho calls {@code createSocket()}, {@code connect(address, timeout)}, {@code setSoTimeout}, the
 * streams, {@code shutdownInput} and {@code close()}; a WebSocket handshake runs over the same streams.
 *
 * <p>{@link #close()} may be called from another thread while {@code connect} runs (an abandoned attempt): it closes
 * whatever is open and the connect fails.
 */
public final class TunnelSocket extends Socket {

    /** What runs over the tunnel once it is open, such as TLS. */
    @FunctionalInterface
    public interface Layer {
        /**
         * Wraps the tunnel.
         *
         * @param tunnel the open tunnel to the broker
         * @param host the broker's host
         * @param port the broker's port
         * @return the socket to use, closing the tunnel when closed
         * @throws IOException if it cannot be made
         */
        Socket over(Socket tunnel, String host, int port) throws IOException;
    }

    private final HttpProxySettings proxy;
    private final Layer layer;
    private final Object lock = new Object();
    private Socket raw; // guarded by lock
    private Socket top; // guarded by lock
    private boolean closed; // guarded by lock
    private SocketAddress local; // guarded by lock
    private int soTimeout; // guarded by lock

    /**
     * An unconnected socket.
     *
     * @param proxy the proxy
     * @param layer what to layer over the tunnel, or {@code null} for the tunnel itself
     */
    public TunnelSocket(HttpProxySettings proxy, Layer layer) {
        this.proxy = proxy;
        this.layer = layer;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    /**
     * Connects to the proxy, opens the tunnel to {@code endpoint} and layers what is set over it.
     *
     * @param endpoint the broker's address (its host string is sent to the proxy, unresolved addresses are fine)
     * @param timeout the bound on reaching the proxy and on its answer, in milliseconds; 0 for none
     * @throws HttpProxyException if the proxy cannot be reached or refuses the tunnel
     * @throws IOException if the socket is closed, or the layer fails
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("endpoint: an InetSocketAddress is needed, got " + endpoint);
        }
        InetSocketAddress broker = (InetSocketAddress) endpoint;
        Socket socket = new Socket();
        synchronized (lock) {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            raw = socket;
            if (local != null) {
                socket.bind(local);
            }
        }
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), timeout);
            } catch (IOException e) {
                throw HttpProxyException.unreachable(proxy, e);
            }
            HttpConnect.open(socket, proxy, HttpConnect.target(broker.getHostString(), broker.getPort()), timeout);
            Socket outer = layer == null ? socket : layer.over(socket, broker.getHostString(), broker.getPort());
            synchronized (lock) {
                if (closed) {
                    throw new SocketException("Socket is closed");
                }
                top = outer;
                outer.setSoTimeout(soTimeout);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        synchronized (lock) {
            local = bindpoint;
        }
    }

    private Socket top() throws SocketException {
        synchronized (lock) {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            if (top == null) {
                throw new SocketException("Socket is not connected");
            }
            return top;
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return top().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return top().getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        Socket current;
        synchronized (lock) {
            soTimeout = timeout;
            current = top;
        }
        if (current != null) {
            current.setSoTimeout(timeout);
        }
    }

    @Override
    public int getSoTimeout() {
        synchronized (lock) {
            return soTimeout;
        }
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void shutdownInput() throws IOException {
        top().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        top().shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        Socket outer;
        Socket inner;
        synchronized (lock) {
            closed = true;
            outer = top;
            inner = raw;
        }
        try {
            if (outer != null) {
                outer.close();
            }
        } finally {
            if (inner != null) {
                inner.close();
            }
        }
    }

    @Override
    public boolean isConnected() {
        synchronized (lock) {
            return top != null;
        }
    }

    @Override
    public boolean isBound() {
        synchronized (lock) {
            return raw != null && raw.isBound();
        }
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public boolean isInputShutdown() {
        synchronized (lock) {
            return top != null && top.isInputShutdown();
        }
    }

    @Override
    public boolean isOutputShutdown() {
        synchronized (lock) {
            return top != null && top.isOutputShutdown();
        }
    }

    /**
     * The proxy's address (the socket's peer on the network).
     *
     * @return the address, or {@code null} before the proxy is reached
     */
    @Override
    public InetAddress getInetAddress() {
        synchronized (lock) {
            return raw == null ? null : raw.getInetAddress();
        }
    }

    @Override
    public int getPort() {
        synchronized (lock) {
            return raw == null ? 0 : raw.getPort();
        }
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        synchronized (lock) {
            return raw == null ? null : raw.getRemoteSocketAddress();
        }
    }

    @Override
    public InetAddress getLocalAddress() {
        synchronized (lock) {
            return raw == null ? null : raw.getLocalAddress();
        }
    }

    @Override
    public int getLocalPort() {
        synchronized (lock) {
            return raw == null ? -1 : raw.getLocalPort();
        }
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        synchronized (lock) {
            return raw == null ? null : raw.getLocalSocketAddress();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "TunnelSocket[via " + proxy.address() + (top == null ? ", not connected" : ", " + top) + "]";
        }
    }
}
