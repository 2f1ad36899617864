package io.iotjobs.internal.tls;

import io.iotjobs.core.spi.HttpProxySettings;
import io.iotjobs.internal.proxy.TunnelSocket;
import java.net.Socket;

/**
 * A factory of {@link TunnelSocket}s: sockets that reach the broker through an HTTP proxy's {@code CONNECT} tunnel,
 * with TLS layered over the tunnel when the connection uses TLS (SNI, host name check and ALPN for the broker, as
 * {@link TlsSocketFactory} sets them). Paho calls {@link #createSocket()} and then {@code connect(address,
 * timeout)}, where the tunnel is opened.
 */
public final class ProxiedSocketFactory extends ConfiguredSocketFactory {

    private final HttpProxySettings proxy;
    private final TlsSocketFactory tls;

    /**
     * Creates a factory.
     *
     * @param proxy the proxy
     * @param tls the TLS to layer over the tunnel, or {@code null} for plain TCP
     */
    public ProxiedSocketFactory(HttpProxySettings proxy, TlsSocketFactory tls) {
        this.proxy = proxy;
        this.tls = tls;
    }

    /**
     * Creates an unconnected tunnel socket.
     *
     * @return the socket
     */
    @Override
    public Socket createSocket() {
        return new TunnelSocket(proxy, tls == null ? null : (tunnel, host, port) -> tls.layer(tunnel, port));
    }
}
