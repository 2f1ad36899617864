package io.iotjobs.internal.tls;

import io.iotjobs.internal.net.IpLiterals;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A plain {@link SocketFactory} whose sockets are TLS sockets, configured before they connect: SNI, host name
 * verification, ALPN protocols and TCP_NODELAY.
 *
 * <p><b>Why this exists.</b> For {@code ssl://} URIs, Paho's TLS network module resets the socket's
 * parameters ({@code setSSLParameters(new SSLParameters())}) just before the handshake, which wipes any ALPN
 * protocols configured earlier, so ALPN (needed for MQTT over port 443, protocol {@code x-amzn-mqtt-ca}) cannot
 * be done through it. Instead the connection gives Paho a {@code tcp://host:port} URI and this factory. It must
 * not extend {@code SSLSocketFactory}, because Paho refuses an {@code SSLSocketFactory} for {@code tcp://}
 * URIs. Paho calls {@link #createSocket()} and then {@code socket.connect(address, timeout)}; the TLS handshake
 * runs on the first write, with the parameters set here. Paho also never enables TCP_NODELAY, which costs
 * tens of milliseconds per QoS 1 round trip (Nagle's algorithm against delayed acknowledgements), so every
 * socket made here has it on.
 *
 * <p>With host name verification on, the JDK checks the server certificate against the SNI name set here and,
 * should that fail, against the host name of the address the socket connects to; both are the same host when
 * the socket is used through Paho with the URI built from that host.
 */
public final class TlsSocketFactory extends ConfiguredSocketFactory {

    private final SSLContext context;
    private final String host;
    private final List<String> alpnProtocols;
    private final boolean verifyHostname;
    private final SNIHostName sniName;
    private final List<String> protocols;
    private final List<String> cipherSuites;

    /**
     * Creates a factory.
     *
     * @param context the TLS context (client identity and trust), for example from {@link PemTls}
     * @param host the server's host name (or IP literal); sent as SNI when it is a DNS name
     * @param alpnProtocols the ALPN protocols to offer, in order of preference; empty for no ALPN
     * @param verifyHostname whether to check that the server certificate is valid for {@code host}
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code host} is empty or a protocol is empty
     */
    public TlsSocketFactory(SSLContext context, String host, List<String> alpnProtocols, boolean verifyHostname) {
        this(context, host, alpnProtocols, verifyHostname, List.of(), List.of());
    }

    /**
     * Creates a factory whose sockets enable only the given TLS versions and cipher suites.
     *
     * @param context the TLS context (client identity and trust)
     * @param host the server's host name (or IP literal); sent as SNI when it is a DNS name
     * @param alpnProtocols the ALPN protocols to offer, in order of preference; empty for no ALPN
     * @param verifyHostname whether to check that the server certificate is valid for {@code host}
     * @param protocols the TLS versions to enable; empty for the context's defaults
     * @param cipherSuites the cipher suites to enable, in order of preference; empty for the context's defaults
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code host} is empty or a protocol is empty
     */
    public TlsSocketFactory(
            SSLContext context,
            String host,
            List<String> alpnProtocols,
            boolean verifyHostname,
            List<String> protocols,
            List<String> cipherSuites) {
        this.protocols = List.copyOf(protocols);
        this.cipherSuites = List.copyOf(cipherSuites);
        this.context = Objects.requireNonNull(context, "context");
        this.host = Objects.requireNonNull(host, "host");
        this.alpnProtocols = List.copyOf(Objects.requireNonNull(alpnProtocols, "alpnProtocols"));
        this.verifyHostname = verifyHostname;
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: must not be empty");
        }
        for (String protocol : this.alpnProtocols) {
            if (protocol.isEmpty()) {
                throw new IllegalArgumentException("alpnProtocols: must not contain an empty protocol");
            }
        }
        this.sniName = sniName(host);
    }

    /**
     * Returns the host this factory's sockets present as SNI and verify the server certificate against.
     *
     * @return the host given to the constructor
     */
    public String host() {
        return host;
    }

    /**
     * Returns the ALPN protocols offered.
     *
     * @return the protocols, possibly empty
     */
    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /**
     * Creates an unconnected, configured TLS socket: TCP_NODELAY on, SNI (for a DNS host name), endpoint
     * identification {@code HTTPS} (when verifying the host name), the ALPN protocols, and the TLS versions and
     * cipher suites when given.
     *
     * @return an unconnected {@link SSLSocket}
     * @throws IOException if the socket cannot be created or configured
     */
    @Override
    public Socket createSocket() throws IOException {
        return configured((SSLSocket) context.getSocketFactory().createSocket());
    }

    /**
     * Layers a configured TLS socket (as {@link #createSocket()} makes them) over a connected socket, such as a
     * tunnel through an HTTP proxy: SNI and the host name check are for this factory's host, not for the peer of
     * the socket underneath.
     *
     * @param tunnel the connected socket; closed with the TLS socket
     * @param port the broker's port
     * @return the TLS socket; the handshake runs on the first write
     * @throws IOException if the socket cannot be created or configured
     */
    public Socket layer(Socket tunnel, int port) throws IOException {
        return configured((SSLSocket) context.getSocketFactory().createSocket(tunnel, host, port, true));
    }

    /** TCP_NODELAY, SNI, endpoint identification and ALPN, set before the handshake. */
    private SSLSocket configured(SSLSocket socket) throws IOException {
        try {
            socket.setTcpNoDelay(true);
            SSLParameters parameters = socket.getSSLParameters();
            if (sniName != null) {
                List<SNIServerName> names = List.of(sniName);
                parameters.setServerNames(names);
            }
            if (verifyHostname) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!alpnProtocols.isEmpty()) {
                parameters.setApplicationProtocols(alpnProtocols.toArray(new String[0]));
            }
            if (!protocols.isEmpty()) {
                parameters.setProtocols(protocols.toArray(new String[0]));
            }
            if (!cipherSuites.isEmpty()) {
                parameters.setCipherSuites(cipherSuites.toArray(new String[0]));
                parameters.setUseCipherSuitesOrder(true);
            }
            socket.setSSLParameters(parameters);
            return socket;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket, e);
            throw e;
        }
    }

    /** The SNI name for a host, or {@code null} for an IP literal or a name SNI cannot carry. */
    private static SNIHostName sniName(String host) {
        if (IpLiterals.isIpLiteral(host)) {
            return null;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            return new SNIHostName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
