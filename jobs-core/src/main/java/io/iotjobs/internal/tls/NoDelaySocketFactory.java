package io.iotjobs.internal.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * A factory of plain TCP sockets with TCP_NODELAY on. Paho never enables TCP_NODELAY, and Nagle's algorithm
 * meeting delayed acknowledgements costs tens of milliseconds per QoS 1 round trip; the connection hands Paho
 * this factory for {@code tcp://} URIs without TLS.
 */
public final class NoDelaySocketFactory extends SocketFactory {

    /** The shared instance; the factory has no state. */
    public static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    private NoDelaySocketFactory() {
    }

    /**
     * Creates an unconnected socket with TCP_NODELAY on.
     *
     * @return the socket
     * @throws IOException if the option cannot be set
     */
    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException | RuntimeException e) {
            TlsSocketFactory.closeQuietly(socket, e);
            throw e;
        }
    }

    /**
     * Creates a socket with TCP_NODELAY on and connects it.
     *
     * @param host the host to connect to
     * @param port the port
     * @return the connected socket
     * @throws IOException if the connection fails
     */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), null);
    }

    /**
     * Creates a socket with TCP_NODELAY on, binds it locally and connects it.
     *
     * @param host the host to connect to
     * @param port the port
     * @param localHost the local address to bind to
     * @param localPort the local port to bind to
     * @return the connected socket
     * @throws IOException if binding or connecting fails
     */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    /**
     * Creates a socket with TCP_NODELAY on and connects it.
     *
     * @param host the address to connect to
     * @param port the port
     * @return the connected socket
     * @throws IOException if the connection fails
     */
    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), null);
    }

    /**
     * Creates a socket with TCP_NODELAY on, binds it locally and connects it.
     *
     * @param address the address to connect to
     * @param port the port
     * @param localAddress the local address to bind to
     * @param localPort the local port to bind to
     * @return the connected socket
     * @throws IOException if binding or connecting fails
     */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connect(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connect(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException | RuntimeException e) {
            TlsSocketFactory.closeQuietly(socket, e);
            throw e;
        }
    }
}
