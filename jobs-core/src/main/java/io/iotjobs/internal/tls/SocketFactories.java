package io.iotjobs.internal.tls;

import io.iotjobs.core.spi.ConnectionSettings;
import javax.net.SocketFactory;

/**
 * The socket factory of the Paho transports (v3 and v5), which take a {@code javax.net.SocketFactory} and a
 * {@code tcp://} URI: plain sockets with TCP_NODELAY, or TLS sockets configured before they connect, either of
 * them through an HTTP proxy's tunnel when one is set. Every Paho network path (TCP, TLS, WebSockets) gets its
 * sockets here, so the proxy is mapped once for all of them.
 */
public final class SocketFactories {
    private SocketFactories() {
    }

    /**
     * The socket factory for the settings.
     *
     * @param settings the connection settings
     * @return with an HTTP proxy, a {@link ProxiedSocketFactory} (TLS, if any, over the tunnel); otherwise a
     *     {@link TlsSocketFactory} for TLS, {@link NoDelaySocketFactory#INSTANCE} for plain TCP
     */
    public static SocketFactory forSettings(ConnectionSettings settings) {
        TlsSocketFactory tls = settings.tls().map(t -> new TlsSocketFactory(t.context(), settings.host(),
                t.alpnProtocols(), t.verifyHostname(), t.protocols(), t.cipherSuites())).orElse(null);
        if (settings.httpProxy().isPresent()) {
            return new ProxiedSocketFactory(settings.httpProxy().get(), tls);
        }
        return tls != null ? tls : NoDelaySocketFactory.INSTANCE;
    }

    /**
     * The {@code tcp://host:port} URI Paho is given (TLS, if any, is done by the socket factory).
     *
     * @param settings the connection settings
     * @return the URI
     */
    public static String tcpUri(ConnectionSettings settings) {
        String host = settings.host();
        return "tcp://" + (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + settings.port();
    }
}
