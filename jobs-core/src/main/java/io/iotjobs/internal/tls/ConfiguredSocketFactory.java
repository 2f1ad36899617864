package io.iotjobs.internal.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * A socket factory whose sockets are all made by {@link #createSocket()} (configured, unconnected); the
 * connecting overloads create one that way, bind it if asked, and connect it.
 */
abstract class ConfiguredSocketFactory extends SocketFactory {

    /**
     * Creates a configured socket and connects it.
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
     * Creates a configured socket, binds it locally and connects it.
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
     * Creates a configured socket and connects it.
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
     * Creates a configured socket, binds it locally and connects it.
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
            closeQuietly(socket, e);
            throw e;
        }
    }

    /**
     * Closes a socket after a failure, keeping a close failure as suppressed.
     *
     * @param socket the socket
     * @param failure the failure being reported
     */
    static void closeQuietly(Socket socket, Exception failure) {
        try {
            socket.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
