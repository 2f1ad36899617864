package io.iotjobs.internal.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * TCP ports on the loopback interface: finding a free one and checking whether one is taken.
 *
 * <p>Stateless and thread-safe; every method blocks only for the few system calls it makes.
 */
public final class LocalPorts {
    /** The address the embedded broker listens on, as text. */
    public static final String LOOPBACK_HOST = "127.0.0.1";

    private static final InetAddress LOOPBACK = ipv4Loopback();

    private LocalPorts() {}

    /**
     * The loopback address the embedded broker listens on: always the IPv4 {@code 127.0.0.1}, also when the JVM
     * prefers IPv6 addresses.
     *
     * @return the IPv4 loopback address
     */
    public static InetAddress loopback() {
        return LOOPBACK;
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a four-byte address is always valid", e);
        }
    }

    /**
     * Asks the operating system for a port that is free on the loopback interface right now. Another
     * process may take it before the caller binds it; callers check again just before use.
     *
     * @return a port number in 1..65535
     * @throws UncheckedIOException if no socket can be opened at all
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port on the loopback interface", e);
        }
    }

    /**
     * Whether a listening socket can be bound on the loopback interface at {@code port} at this moment.
     * A port held by another listener (on the loopback address or on all addresses) reports {@code false}.
     *
     * @param port 1..65535
     * @return {@code true} if the port could be bound and was released again
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // same option the broker's listener uses, so connections in TIME_WAIT do not count as "taken"
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
