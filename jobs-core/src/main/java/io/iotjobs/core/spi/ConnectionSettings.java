package io.iotjobs.core.spi;

import io.iotjobs.core.LastWill;
import io.iotjobs.core.UserProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything an {@link io.iotjobs.core.MqttConnectionBuilder} collected, library-neutral, for a
 * {@link TransportFactory} to map onto its library. Values the user did not set are empty where the protocols
 * differ in what "not set" means (the session expiry), and hold the SDK's defaults otherwise.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConnectionSettings {

    private final String host;
    private final int port;
    private final String clientId;
    private final TlsSettings tls;
    private final Duration keepAlive;
    private final boolean cleanStart;
    private final Duration sessionExpiry;
    private final String username;
    private final byte[] password;
    private final Path persistenceDirectory;
    private final ConnectPolicy connectPolicy;
    private final HttpProxySettings httpProxy;
    private final LastWill lastWill;
    private final List<UserProperty> userProperties;
    private final Integer maximumPacketSize;
    private final WebSocketSettings webSocket;

    private ConnectionSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.clientId = Objects.requireNonNull(b.clientId, "clientId");
        this.tls = b.tls;
        this.keepAlive = b.keepAlive;
        this.cleanStart = b.cleanStart;
        this.sessionExpiry = b.sessionExpiry;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.persistenceDirectory = b.persistenceDirectory;
        this.connectPolicy = b.connectPolicy;
        this.httpProxy = b.httpProxy;
        this.lastWill = b.lastWill;
        this.userProperties = List.copyOf(b.userProperties);
        this.maximumPacketSize = b.maximumPacketSize;
        this.webSocket = b.webSocket;
    }

    /**
     * A builder with the SDK's defaults (keep-alive 30 s, clean start, {@link ConnectPolicy#DEFAULT}).
     *
     * @param host the broker's host name or address
     * @param port the broker's port
     * @param clientId the MQTT client id
     * @return the builder
     */
    public static Builder builder(String host, int port, String clientId) {
        return new Builder(host, port, clientId);
    }

    /**
     * The broker's host name or address (an IPv6 literal without brackets).
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The broker's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The MQTT client id.
     *
     * @return the client id
     */
    public String clientId() {
        return clientId;
    }

    /**
     * TLS, when the connection uses it.
     *
     * @return the TLS settings, or empty for plain TCP
     */
    public Optional<TlsSettings> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * The keep-alive interval.
     *
     * @return the interval (whole seconds)
     */
    public Duration keepAlive() {
        return keepAlive;
    }

    /**
     * MQTT 5 clean start, MQTT 3.1.1 clean session.
     *
     * @return the flag
     */
    public boolean cleanStart() {
        return cleanStart;
    }

    /**
     * The MQTT 5 session expiry interval, when the user set one (MQTT 5 then defaults to zero: the session ends
     * with the network connection).
     *
     * @return the interval, if set
     */
    public Optional<Duration> sessionExpiry() {
        return Optional.ofNullable(sessionExpiry);
    }

    /**
     * The CONNECT user name.
     *
     * @return the user name, if set
     */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * The CONNECT password.
     *
     * @return a copy of the password, if set
     */
    public Optional<byte[]> password() {
        return password == null ? Optional.empty() : Optional.of(password.clone());
    }

    /**
     * A directory where the library may keep its outgoing-message state (libraries that can).
     *
     * @return the directory, if set
     */
    public Optional<Path> persistenceDirectory() {
        return Optional.ofNullable(persistenceDirectory);
    }

    /**
     * How the connection connects and reconnects (the connection does it, not the transport).
     *
     * @return the policy
     */
    public ConnectPolicy connectPolicy() {
        return connectPolicy;
    }

    /**
     * The HTTP proxy the connection tunnels through with {@code CONNECT}.
     *
     * @return the proxy, or empty for a direct connection
     */
    public Optional<HttpProxySettings> httpProxy() {
        return Optional.ofNullable(httpProxy);
    }

    /**
     * The Last Will the CONNECT carries.
     *
     * @return the Will, if set
     */
    public Optional<LastWill> lastWill() {
        return Optional.ofNullable(lastWill);
    }

    /**
     * The MQTT 5 user properties of the CONNECT, in order.
     *
     * @return the properties (unmodifiable; empty if none)
     */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /**
     * The MQTT 5 maximum packet size the client accepts (the CONNECT property), when the user set one.
     *
     * @return the size in bytes, if set
     */
    public OptionalInt maximumPacketSize() {
        return maximumPacketSize == null ? OptionalInt.empty() : OptionalInt.of(maximumPacketSize);
    }

    /**
     * The options set here that only MQTT 5 can carry, as builder option names, for a transport that speaks
     * MQTT 3.1.1 to refuse with {@link TransportFactory#unsupported}.
     *
     * @return e.g. {@code [userProperty, lastWill.delayInterval]}; empty when MQTT 3.1.1 can carry every option
     *     (the session expiry, which each transport refuses with its own advice, is not listed)
     */
    public List<String> mqtt5OnlyOptions() {
        List<String> options = new ArrayList<>();
        if (!userProperties.isEmpty()) {
            options.add("userProperty");
        }
        if (maximumPacketSize != null) {
            options.add("maximumPacketSize");
        }
        if (lastWill != null) {
            options.addAll(lastWill.mqtt5OnlyOptions());
        }
        return options;
    }

    /**
     * Refuses the options only MQTT 5 can carry, for a transport that speaks MQTT 3.1.1.
     *
     * @param factory the transport's factory, which names the transport and protocol in the message
     * @throws IllegalArgumentException for the first such option set, naming it, the transport and the protocol
     */
    public void refuseMqtt5Only(TransportFactory factory) {
        List<String> options = mqtt5OnlyOptions();
        if (!options.isEmpty()) {
            throw factory.unsupported(
                    options.get(0),
                    "MQTT 3.1.1 has no way to carry it (it is an MQTT 5 property);"
                            + " leave it out, or use an MQTT 5 transport"
                            + (options.size() > 1
                                    ? " (also set: " + String.join(", ", options.subList(1, options.size())) + ")"
                                    : ""));
        }
    }

    /**
     * MQTT over WebSockets, when the connection uses them (over TLS when {@link #tls()} is present).
     *
     * @return the WebSocket settings, or empty for MQTT over TCP
     */
    public Optional<WebSocketSettings> webSocket() {
        return Optional.ofNullable(webSocket);
    }

    /**
     * The server address for messages: {@code tcp://host:port}, {@code ssl://host:port}, or for WebSockets
     * {@code ws://host:port/path} or {@code wss://host:port/path}.
     *
     * @return the address
     */
    public String serverUri() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        if (webSocket != null) {
            return (tls == null ? "ws://" : "wss://") + h + ":" + port + webSocket.path();
        }
        return (tls == null ? "tcp://" : "ssl://") + h + ":" + port;
    }

    @Override
    public String toString() {
        return "ConnectionSettings{" + serverUri() + ", clientId=" + clientId + (tls == null ? "" : ", " + tls)
                + (httpProxy == null ? "" : ", via " + httpProxy) + "}";
    }

    /** Builds {@link ConnectionSettings}. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private final int port;
        private final String clientId;
        private TlsSettings tls;
        private Duration keepAlive = Duration.ofSeconds(30);
        private boolean cleanStart = true;
        private Duration sessionExpiry;
        private String username;
        private byte[] password;
        private Path persistenceDirectory;
        private ConnectPolicy connectPolicy = ConnectPolicy.DEFAULT;
        private HttpProxySettings httpProxy;
        private LastWill lastWill;
        private final List<UserProperty> userProperties = new ArrayList<>();
        private Integer maximumPacketSize;
        private WebSocketSettings webSocket;

        private Builder(String host, int port, String clientId) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: must be 1..65535, got " + port);
            }
            this.port = port;
            this.clientId = Objects.requireNonNull(clientId, "clientId");
        }

        /**
         * Uses TLS.
         *
         * @param tls the TLS settings, or {@code null} for plain TCP
         * @return this builder
         */
        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /**
         * The keep-alive interval.
         *
         * @param keepAlive the interval
         * @return this builder
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
            return this;
        }

        /**
         * Clean start (clean session on MQTT 3.1.1).
         *
         * @param cleanStart the flag
         * @return this builder
         */
        public Builder cleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
            return this;
        }

        /**
         * The MQTT 5 session expiry interval.
         *
         * @param expiry the interval, or {@code null} for not set
         * @return this builder
         */
        public Builder sessionExpiry(Duration expiry) {
            this.sessionExpiry = expiry;
            return this;
        }

        /**
         * CONNECT user name and password.
         *
         * @param username the user name, or {@code null}
         * @param password the password, or {@code null}
         * @return this builder
         */
        public Builder credentials(String username, byte[] password) {
            this.username = username;
            this.password = password == null ? null : password.clone();
            return this;
        }

        /**
         * The library's persistence directory.
         *
         * @param directory the directory, or {@code null} for memory
         * @return this builder
         */
        public Builder persistenceDirectory(Path directory) {
            this.persistenceDirectory = directory;
            return this;
        }

        /**
         * The connect and reconnect policy.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder connectPolicy(ConnectPolicy policy) {
            this.connectPolicy = Objects.requireNonNull(policy, "connectPolicy");
            return this;
        }

        /**
         * Tunnels through an HTTP proxy.
         *
         * @param proxy the proxy, or {@code null} for a direct connection
         * @return this builder
         */
        public Builder httpProxy(HttpProxySettings proxy) {
            this.httpProxy = proxy;
            return this;
        }

        /**
         * The Last Will.
         *
         * @param will the Will, or {@code null} for none
         * @return this builder
         */
        public Builder lastWill(LastWill will) {
            this.lastWill = will;
            return this;
        }

        /**
         * The MQTT 5 user properties of the CONNECT (replacing any set before).
         *
         * @param properties the properties, in order
         * @return this builder
         */
        public Builder userProperties(List<UserProperty> properties) {
            this.userProperties.clear();
            this.userProperties.addAll(List.copyOf(properties));
            return this;
        }

        /**
         * The MQTT 5 maximum packet size the client accepts.
         *
         * @param bytes the size, or {@code null} for not set (no limit)
         * @return this builder
         */
        public Builder maximumPacketSize(Integer bytes) {
            this.maximumPacketSize = bytes;
            return this;
        }

        /**
         * MQTT over WebSockets.
         *
         * @param webSocket the WebSocket settings, or {@code null} for MQTT over TCP
         * @return this builder
         */
        public Builder webSocket(WebSocketSettings webSocket) {
            this.webSocket = webSocket;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         */
        public ConnectionSettings build() {
            return new ConnectionSettings(this);
        }
    }
}
