package io.iotjobs.internal.tls;

import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.TlsSettings;
import javax.net.SocketFactory;

/**
 * The socket factory of the Paho transports (v3 and v5), which take a {@code javax.net.SocketFactory} and a
 * {@code tcp://} URI: plain sockets with TCP_NODELAY, or TLS sockets configured before they connect.
 */
public final class SocketFactories {
    private SocketFactories() {
    }

    /**
     * The socket factory for the settings.
     *
     * @param settings the connection settings
     * @return a {@link TlsSocketFactory} for TLS, {@link NoDelaySocketFactory#INSTANCE} otherwise
     */
    public static SocketFactory forSettings(ConnectionSettings settings) {
        if (settings.tls().isEmpty()) {
            return NoDelaySocketFactory.INSTANCE;
        }
        TlsSettings tls = settings.tls().get();
        return new TlsSocketFactory(tls.context(), settings.host(), tls.alpnProtocols(), tls.verifyHostname(),
                tls.protocols(), tls.cipherSuites());
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
