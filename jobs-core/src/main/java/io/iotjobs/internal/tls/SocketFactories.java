package io.iotjobs.internal.tls;

import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.WebSocketSettings;
import javax.net.SocketFactory;

/**
 * The socket factory of the Paho transports (v3 and v5), which take a {@code javax.net.SocketFactory} and a
 * {@code tcp://} URI: plain sockets with TCP_NODELAY, or TLS sockets configured before they connect, either of
 * them through an HTTP proxy's tunnel when one is set. Every Paho network path (TCP, TLS, WebSockets) gets its
 * sockets here, so the proxy is mapped once for all of them.
 */
public final class SocketFactories {
    private SocketFactories() {}

    /**
     * The socket factory for the settings.
     *
     * @param settings the connection settings
     * @return with an HTTP proxy, a {@link ProxiedSocketFactory} (TLS, if any, over the tunnel); otherwise a
     *     {@link TlsSocketFactory} for TLS, {@link NoDelaySocketFactory#INSTANCE} for plain TCP; for WebSockets
     *     either inside a {@link PatientSocketFactory}
     */
    public static SocketFactory forSettings(ConnectionSettings settings) {
        TlsSocketFactory tls = settings.tls()
                .map(t -> new TlsSocketFactory(
                        t.context(),
                        settings.host(),
                        t.alpnProtocols(),
                        t.verifyHostname(),
                        t.protocols(),
                        t.cipherSuites()))
                .orElse(null);
        SocketFactory sockets = settings.httpProxy().isPresent()
                ? new ProxiedSocketFactory(settings.httpProxy().get(), tls)
                : tls != null ? tls : NoDelaySocketFactory.INSTANCE;
        // Paho's WebSocket handshake gives the server one second; see PatientSocketFactory
        return settings.webSocket().isEmpty()
                ? sockets
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
