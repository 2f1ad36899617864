package io.iotjobs.internal.tls;

import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.core.spi.WebSocketSettings;
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
     * @return a {@link TlsSocketFactory} for TLS, {@link NoDelaySocketFactory#INSTANCE} otherwise; for WebSockets
     *     either inside a {@link PatientSocketFactory}
     */
    public static SocketFactory forSettings(ConnectionSettings settings) {
        SocketFactory sockets;
        if (settings.tls().isEmpty()) {
            sockets = NoDelaySocketFactory.INSTANCE;
        } else {
            TlsSettings tls = settings.tls().get();
            sockets = new TlsSocketFactory(tls.context(), settings.host(), tls.alpnProtocols(), tls.verifyHostname(),
                    tls.protocols(), tls.cipherSuites());
        }
        // Paho's WebSocket handshake gives the server one second; see PatientSocketFactory
        return settings.webSocket().isEmpty() ? sockets
                : new PatientSocketFactory(sockets, settings.connectPolicy().attemptTimeout());
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

    /**
     * The {@code ws://host:port/path?query} URI Paho is given for one WebSocket attempt. It is {@code ws://} with
     * TLS too: the TLS, if any, is done by the socket factory (see {@link TlsSocketFactory}), which Paho's WebSocket
     * module uses as it is; Paho sends the URI's raw path and query on the request line, byte for byte.
     *
     * @param settings the connection settings
     * @param handshake the attempt's upgrade request
     * @return the URI
     */
    public static String webSocketUri(ConnectionSettings settings, WebSocketSettings.Handshake handshake) {
        return "ws" + tcpUri(settings).substring("tcp".length()) + handshake.target();
    }
}
