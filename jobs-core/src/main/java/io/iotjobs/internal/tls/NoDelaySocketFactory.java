package io.iotjobs.internal.tls;

import java.io.IOException;
import java.net.Socket;

/**
 * A factory of plain TCP sockets with TCP_NODELAY on. Paho never enables TCP_NODELAY, and Nagle's algorithm
 * meeting delayed acknowledgements costs tens of milliseconds per QoS 1 round trip; the connection hands Paho
 * this factory for {@code tcp://} URIs without TLS.
 */
public final class NoDelaySocketFactory extends ConfiguredSocketFactory {

    /** The shared instance; the factory has no state. */
    public static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    private NoDelaySocketFactory() {}

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
            closeQuietly(socket, e);
            throw e;
        }
    }
}
