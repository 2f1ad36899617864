package io.iotjobs.core;

import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.core.auth.CustomAuthorizer;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.core.spi.WebSocketSettings;
import io.iotjobs.internal.auth.IotWebSocketSigner;
import io.iotjobs.internal.tls.PemTls;
import io.iotjobs.internal.tls.TrustOnlyTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds an {@link MqttConnection}: to AWS IoT with mutual TLS ({@link #mtlsFromPath}, {@link #mtlsFromBytes}),
 * over WebSockets signed with AWS credentials ({@link #websocketSigV4}), through a custom authorizer
 * ({@link #customAuthorizer(String, io.iotjobs.core.auth.CustomAuthorizer)}), or over plain TCP to a local broker
 * ({@link #plain}); {@link #webSockets()} carries any of them over WebSockets.
 *
 * <pre>{@code
 * MqttConnection connection = MqttConnectionBuilder
 *     .mtlsFromPath("abc123-ats.iot.eu-west-1.amazonaws.com", Path.of("device.pem.crt"), Path.of("private.pem.key"))
 *     .clientId("MyDevice")
 *     .build();
 * connection.connect().join();
 * }</pre>
 *
 * <p>TLS uses port 8883 by default; on port 443 the connection negotiates the ALPN protocol
 * {@code x-amzn-mqtt-ca}, as AWS IoT requires there. Private keys may be PKCS#1 ({@code BEGIN RSA PRIVATE
 * KEY}, as AWS IoT issues them), PKCS#8 or EC. Without a CA file the JVM's trust store is used (it trusts
 * Amazon's roots).
 *
 * <p>Defaults: a random client id, keep-alive 30 s, clean start with no session expiry, connect timeout
 * 10 s, automatic reconnect with backoff from 1 s to 30 s (with jitter), one attempt per {@code connect()}, an
 * offline queue of 1,000 publishes failing the newest, no Last Will, in-memory persistence. A builder is not
 * thread-safe; {@link #build()} may be called more than once.
 */
public final class MqttConnectionBuilder {

    /** AWS IoT's MQTT-over-TLS port. */
    public static final int TLS_PORT = 8883;
    /** The HTTPS port, on which AWS IoT accepts MQTT with the ALPN protocol {@value #AWS_IOT_ALPN}. */
    public static final int ALPN_PORT = 443;
    /** The ALPN protocol AWS IoT expects for MQTT with a client certificate on port 443. */
    public static final String AWS_IOT_ALPN = "x-amzn-mqtt-ca";
    /** The ALPN protocol AWS IoT expects for MQTT with a custom authorizer on port 443. */
    public static final String CUSTOM_AUTH_ALPN = "mqtt";
    /** The request path of AWS IoT's MQTT over WebSockets. */
    public static final String WEBSOCKET_PATH = "/mqtt";

    /** The largest MQTT packet: a fixed header of 5 bytes and a remaining length of 268,435,455. */
    public static final int MAX_PACKET_SIZE = 268_435_460;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final String host;
    private final boolean tls;
    private final byte[] certificatePem;
    private final byte[] privateKeyPem;
    private int port;
    private byte[] caPem;
    private boolean verifyHostname = true;
    private String clientId;
    private Duration keepAlive = Duration.ofSeconds(30);
    private boolean cleanStart = true;
    private Duration sessionExpiry;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private boolean autoReconnect = true;
    private Duration minReconnectDelay = Duration.ofSeconds(1);
    private Duration maxReconnectDelay = Duration.ofSeconds(30);
    private String username;
    private byte[] password;
    private Path persistenceDirectory;
    private MqttConnectionListener listener;
    private TransportFactory transport = PahoV5Transport.factory();
    // WebSockets, SigV4 and custom authorizers
    private String webSocketPath;
    private String sigV4Region;
    private CredentialsSource sigV4Credentials;
    private Clock signingClock = Clock.systemUTC();
    private CustomAuthorizer customAuthorizer;
    // MQTT connection options (Will, CONNECT properties, connect retry, offline queue)
    private LastWill lastWill;
    private final List<UserProperty> userProperties = new ArrayList<>();
    private Integer maximumPacketSize;
    private Duration connectRetry = Duration.ZERO;
    private int offlineQueueLimit = ConnectPolicy.DEFAULT_OFFLINE_QUEUE_LIMIT;
    private OfflineQueuePolicy offlineQueuePolicy = OfflineQueuePolicy.FAIL_NEWEST;

    private MqttConnectionBuilder(String host, int port, boolean tls, byte[] certificatePem, byte[] privateKeyPem) {
        this.host = requireHost(host);
        this.port = port;
        this.tls = tls;
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
    }

    /**
     * A plain TCP connection (no TLS), for a local broker such as the testkit's embedded broker.
     *
     * @param host the broker host, e.g. {@code 127.0.0.1}
     * @param port the broker port
     * @return the builder
     */
    public static MqttConnectionBuilder plain(String host, int port) {
        return new MqttConnectionBuilder(host, checkPort(port), false, null, null);
    }

    /**
     * Mutual TLS with a certificate and private key read from PEM files now.
     *
     * @param endpoint the AWS IoT data endpoint, e.g. {@code abc123-ats.iot.eu-west-1.amazonaws.com}
     * @param certificatePath the device certificate (PEM; a chain is allowed, leaf first)
     * @param privateKeyPath the private key (PEM: PKCS#1, PKCS#8 or EC)
     * @return the builder
     * @throws IllegalArgumentException naming the file that cannot be read
     */
    public static MqttConnectionBuilder mtlsFromPath(String endpoint, Path certificatePath, Path privateKeyPath) {
        return mtlsFromBytes(endpoint, read(certificatePath, "certificatePath"), read(privateKeyPath, "privateKeyPath"));
    }

    /**
     * Mutual TLS with a certificate and private key given as PEM bytes.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param certificatePem the device certificate (PEM)
     * @param privateKeyPem the private key (PEM: PKCS#1, PKCS#8 or EC)
     * @return the builder
     */
    public static MqttConnectionBuilder mtlsFromBytes(String endpoint, byte[] certificatePem, byte[] privateKeyPem) {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        return new MqttConnectionBuilder(endpoint, TLS_PORT, true, certificatePem.clone(), privateKeyPem.clone());
    }

    /**
     * MQTT over WebSockets to AWS IoT, signed with Signature Version 4 ({@code wss://endpoint:443/mqtt}); replaces
     * the AWS IoT Device SDK's {@code AwsIotMqtt5ClientBuilder.newWebsocketMqttBuilderWithSigv4Auth}. Credentials
     * are fetched from {@code credentials} before every connection attempt and each attempt carries a fresh
     * signature; missing or expired credentials fail that attempt (and {@link MqttConnection#connect()}) with a
     * message saying so, before anything is sent. The server is checked against the JVM's trust store (or
     * {@link #caFromPath}).
     *
     * @param endpoint the AWS IoT data endpoint, e.g. {@code abc123-ats.iot.eu-west-1.amazonaws.com}
     * @param region the endpoint's AWS region, e.g. {@code eu-west-1}
     * @param credentials where the AWS credentials come from, e.g. {@link CredentialsSource#environment()}
     * @return the builder
     * @throws IllegalArgumentException naming {@code region} if it is not an AWS region name
     */
    public static MqttConnectionBuilder websocketSigV4(String endpoint, String region, CredentialsSource credentials) {
        return new MqttConnectionBuilder(endpoint, ALPN_PORT, true, null, null).sigV4(region, credentials);
    }

    /**
     * MQTT over TLS to AWS IoT through a custom authorizer, on port 443 with the ALPN protocol
     * {@value #CUSTOM_AUTH_ALPN}; replaces the AWS IoT Device SDK's
     * {@code AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithCustomAuth}. The CONNECT user name carries the
     * authorizer's parameters after the user's own user name ({@link #credentials}, optional), the password is
     * passed through. The server is checked against the JVM's trust store (or {@link #caFromPath}).
     *
     * @param endpoint the AWS IoT data endpoint
     * @param authorizer the authorizer
     * @return the builder
     */
    public static MqttConnectionBuilder customAuthorizer(String endpoint, CustomAuthorizer authorizer) {
        return new MqttConnectionBuilder(endpoint, ALPN_PORT, true, null, null).customAuthorizer(authorizer);
    }

    /**
     * The port (TLS default 8883; 443 turns on ALPN {@value #AWS_IOT_ALPN}).
     *
     * @param port 1..65535
     * @return this builder
     */
    public MqttConnectionBuilder port(int port) {
        this.port = checkPort(port);
        return this;
    }

    /**
     * The CA certificate(s) to trust, from a PEM file (default: the JVM trust store).
     *
     * @param caPath the PEM file
     * @return this builder
     */
    public MqttConnectionBuilder caFromPath(Path caPath) {
        this.caPem = read(caPath, "caPath");
        return this;
    }

    /**
     * The CA certificate(s) to trust, as PEM bytes (default: the JVM trust store).
     *
     * @param caPem the PEM bytes
     * @return this builder
     */
    public MqttConnectionBuilder caFromBytes(byte[] caPem) {
        this.caPem = Objects.requireNonNull(caPem, "caPem").clone();
        return this;
    }

    /**
     * Whether to check that the server certificate names the host (default true; turn off only for tests).
     *
     * @param verify true to verify
     * @return this builder
     */
    public MqttConnectionBuilder verifyHostname(boolean verify) {
        this.verifyHostname = verify;
        return this;
    }

    /**
     * The MQTT client id (AWS IoT: usually the thing name; two connections with the same id disconnect each
     * other).
     *
     * @param clientId 1–128 characters
     * @return this builder
     */
    public MqttConnectionBuilder clientId(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isEmpty() || clientId.length() > 128) {
            throw new IllegalArgumentException("clientId: must be 1-128 characters, got " + clientId.length());
        }
        this.clientId = clientId;
        return this;
    }

    /**
     * The keep-alive interval (default 30 s; AWS IoT allows 30 s to 1200 s). With no other traffic the client
     * sends a PINGREQ once per interval.
     *
     * <p><b>Ping timeout.</b> None of the transports lets the wait for the PINGRESP be set: each declares the
     * connection lost (and the connection then reconnects) when no PINGRESP, nor any other packet, arrived within
     * about one keep-alive interval after its PINGREQ. Paho v5 and Paho v3 check at each keep-alive tick whether
     * the broker answered since the last PINGREQ; the HiveMQ client closes the connection when the PINGRESP is
     * not there at the next tick. A dead connection is so noticed within about two intervals at the worst: choose
     * the keep-alive for how soon the device must notice.
     *
     * @param keepAlive at least 1 s
     * @return this builder
     */
    public MqttConnectionBuilder keepAlive(Duration keepAlive) {
        this.keepAlive = positive(keepAlive, "keepAlive");
        return this;
    }

    /**
     * MQTT 5 clean start, MQTT 3.1.1 clean session (default true). With false and, on MQTT 5, a
     * {@link #sessionExpiry} above zero, the broker keeps subscriptions and queues QoS 1 messages while the device
     * is away; on MQTT 3.1.1 false alone keeps the session for as long as the broker keeps sessions.
     *
     * @param cleanStart the flag
     * @return this builder
     */
    public MqttConnectionBuilder cleanStart(boolean cleanStart) {
        this.cleanStart = cleanStart;
        return this;
    }

    /**
     * How long the broker keeps the session after a disconnect (MQTT 5; default zero). MQTT 3.1.1 has no session
     * expiry: a transport speaking it refuses this at {@link #build()}.
     *
     * @param expiry zero or more (whole seconds)
     * @return this builder
     */
    public MqttConnectionBuilder sessionExpiry(Duration expiry) {
        Objects.requireNonNull(expiry, "sessionExpiry");
        if (expiry.isNegative()) {
            throw new IllegalArgumentException("sessionExpiry: must not be negative");
        }
        this.sessionExpiry = expiry;
        return this;
    }

    /**
     * How long one connection attempt may take (default 10 s).
     *
     * @param timeout at least 1 s
     * @return this builder
     */
    public MqttConnectionBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /**
     * Whether to reconnect automatically after an unexpected loss (default true).
     *
     * @param enabled the flag
     * @return this builder
     */
    public MqttConnectionBuilder autoReconnect(boolean enabled) {
        this.autoReconnect = enabled;
        return this;
    }

    /**
     * The reconnect backoff: the first delay, doubling per failed attempt up to the maximum, each delay
     * randomised between half and all of its value (default 1 s to 30 s).
     *
     * @param min the first delay
     * @param max the largest delay
     * @return this builder
     */
    public MqttConnectionBuilder reconnectBackoff(Duration min, Duration max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("reconnectBackoff: need 0 < min <= max, got " + min + ", " + max);
        }
        this.minReconnectDelay = min;
        this.maxReconnectDelay = max;
        return this;
    }

    /**
     * User name and password (not used by AWS IoT with certificates; for other brokers).
     *
     * @param username the user name
     * @param password the password
     * @return this builder
     */
    public MqttConnectionBuilder credentials(String username, byte[] password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password").clone();
        return this;
    }

    /**
     * Keeps the MQTT library's outgoing-message state in files under this directory instead of memory (default:
     * memory, so nothing is written to the working directory). The Paho transports can; a transport that keeps no
     * such state (the HiveMQ client) refuses it at {@link #build()}.
     *
     * @param directory an existing, writable directory
     * @return this builder
     */
    public MqttConnectionBuilder persistenceDirectory(Path directory) {
        this.persistenceDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * MQTT over WebSockets on the path {@value #WEBSOCKET_PATH} ({@code ws://} for {@link #plain}, {@code wss://}
     * with TLS), on every transport.
     *
     * @return this builder
     */
    public MqttConnectionBuilder webSockets() {
        return webSockets(WEBSOCKET_PATH);
    }

    /**
     * MQTT over WebSockets on a path of the broker's (for brokers other than AWS IoT).
     *
     * @param path the request path, starting with {@code /}, without query or spaces
     * @return this builder
     * @throws IllegalArgumentException naming {@code webSocketPath} if the path is not one
     */
    public MqttConnectionBuilder webSockets(String path) {
        Objects.requireNonNull(path, "webSocketPath");
        if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
            throw new IllegalArgumentException("webSocketPath: must start with / and hold no query, fragment or"
                    + " space, got \"" + path + "\"");
        }
        this.webSocketPath = path;
        return this;
    }

    /**
     * Signs each WebSocket upgrade request with Signature Version 4 for AWS IoT (service
     * {@code iotdevicegateway}); turns on {@link #webSockets()} if not on yet. Credentials are fetched before every
     * connection attempt.
     *
     * @param region the AWS region, e.g. {@code eu-west-1}
     * @param credentials where the AWS credentials come from
     * @return this builder
     * @throws IllegalArgumentException naming {@code region} if it is not an AWS region name
     */
    public MqttConnectionBuilder sigV4(String region, CredentialsSource credentials) {
        Objects.requireNonNull(region, "region");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region: \"" + region + "\" is not an AWS region name (e.g."
                    + " eu-west-1)");
        }
        this.sigV4Region = region;
        this.sigV4Credentials = Objects.requireNonNull(credentials, "credentials");
        if (webSocketPath == null) {
            webSocketPath = WEBSOCKET_PATH;
        }
        return this;
    }

    /**
     * The clock whose time the Signature Version 4 signatures carry and credential expiry is checked against
     * (default: the system clock in UTC; tests inject their own).
     *
     * @param clock the clock
     * @return this builder
     */
    public MqttConnectionBuilder signingClock(Clock clock) {
        this.signingClock = Objects.requireNonNull(clock, "signingClock");
        return this;
    }

    /**
     * Connects through an AWS IoT custom authorizer: over MQTT the CONNECT user name carries its parameters, over
     * WebSockets the upgrade request's headers do (the user name and password then travel as they are). See
     * {@link CustomAuthorizer}.
     *
     * @param authorizer the authorizer
     * @return this builder
     */
    public MqttConnectionBuilder customAuthorizer(CustomAuthorizer authorizer) {
        this.customAuthorizer = Objects.requireNonNull(authorizer, "customAuthorizer");
        return this;
    }

    /**
     * The transport, that is the MQTT client library underneath (default: Paho v5, {@link PahoV5Transport}). The
     * transport modules offer theirs: {@code PahoV3Transport.factory()} ({@code jobs-transport-paho3}, MQTT
     * 3.1.1) and {@code HiveMqTransport.mqtt5()} / {@code mqtt311()} ({@code jobs-transport-hivemq}). A setting the
     * transport cannot honour fails at {@link #build()}, naming it.
     *
     * @param factory the transport factory
     * @return this builder
     */
    public MqttConnectionBuilder transport(TransportFactory factory) {
        this.transport = Objects.requireNonNull(factory, "transport");
        return this;
    }

    /**
     * The Last Will the broker publishes when the connection ends without a DISCONNECT (see {@link LastWill}). A
     * Will with a delay interval or properties needs MQTT 5: over MQTT 3.1.1 {@link #build()} refuses it.
     *
     * @param will the Will
     * @return this builder
     */
    public MqttConnectionBuilder lastWill(LastWill will) {
        this.lastWill = Objects.requireNonNull(will, "lastWill");
        return this;
    }

    /**
     * Adds an MQTT 5 user property to every CONNECT (a name may repeat; order is kept). AWS IoT Core passes CONNECT
     * user properties to its rules and lifecycle events. Over MQTT 3.1.1 {@link #build()} refuses it.
     *
     * @param name the name: not empty, valid UTF-8, no control characters
     * @param value the value: valid UTF-8, no control characters, may be empty
     * @return this builder
     * @throws IllegalArgumentException naming what is wrong with the name or value
     */
    public MqttConnectionBuilder userProperty(String name, String value) {
        userProperties.add(new UserProperty(name, value));
        return this;
    }

    /**
     * The largest packet the device accepts from the broker (the MQTT 5 CONNECT property Maximum Packet Size;
     * default: no limit announced). The broker does not send this connection a message that would be larger
     * (MQTT 5 says it drops it). Over MQTT 3.1.1 {@link #build()} refuses it.
     *
     * @param bytes 1 to 268,435,460 (MQTT's largest packet)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public MqttConnectionBuilder maximumPacketSize(int bytes) {
        if (bytes < 1 || bytes > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maximumPacketSize: must be 1 to " + MAX_PACKET_SIZE + " bytes, got "
                    + bytes);
        }
        this.maximumPacketSize = bytes;
        return this;
    }

    /**
     * Lets {@link MqttConnection#connect()} retry, for a device that boots before its network or broker is up:
     * failed attempts are repeated with the {@linkplain #reconnectBackoff reconnect backoff} while the next attempt
     * can start within {@code timeout} of the call; then the future fails with the last attempt's cause. Default:
     * off, the future fails with the first attempt's cause. A refusal that another attempt cannot cure (a bad
     * certificate, a policy denial) is retried too, and its cause is what the future reports in the end.
     *
     * @param timeout how long to keep trying: zero for off, or at least 1 s
     * @return this builder
     * @throws IllegalArgumentException if negative, or between zero and 1 s
     */
    public MqttConnectionBuilder connectRetry(Duration timeout) {
        Objects.requireNonNull(timeout, "connectRetry");
        this.connectRetry = timeout.isZero() ? timeout : positive(timeout, "connectRetry");
        return this;
    }

    /**
     * Bounds the publishes made while the connection is down (the device's own and the Jobs clients'): they wait
     * for the connection and go out in order once it is back, up to {@code limit} of them; one more fails by the
     * {@code policy} with a {@link JobsTransportException} saying the offline queue is full (never sent). Default:
     * 1,000 publishes, {@link OfflineQueuePolicy#FAIL_NEWEST}. While connected the queue only waits for the
     * broker's receive maximum and is not bounded by this.
     *
     * @param limit at least 1
     * @param policy which publish fails when the queue is full
     * @return this builder
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public MqttConnectionBuilder offlineQueue(int limit, OfflineQueuePolicy policy) {
        Objects.requireNonNull(policy, "offlineQueue policy");
        if (limit < 1) {
            throw new IllegalArgumentException("offlineQueue: the limit must be at least 1, got " + limit);
        }
        this.offlineQueueLimit = limit;
        this.offlineQueuePolicy = policy;
        return this;
    }

    /**
     * A listener registered before the first connect, so it sees every event.
     *
     * @param listener the listener
     * @return this builder
     */
    public MqttConnectionBuilder listener(MqttConnectionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Builds the connection (not connected yet: call {@link MqttConnection#connect()}).
     *
     * @return the connection
     * @throws IllegalArgumentException if the certificate, key or CA cannot be used, or the transport cannot honour
     *     an option (the message names which: the option, the transport and the protocol)
     */
    public MqttConnection build() {
        ConnectionSettings settings = settings();
        MqttTransport created = transport.create(settings);
        MqttConnection connection = MqttConnection.over(created, settings.connectPolicy());
        if (listener != null) {
            connection.addListener(listener);
        }
        return connection;
    }

    /**
     * The settings as a transport sees them (for transport implementers and tests).
     *
     * @return the settings
     * @throws IllegalArgumentException if the certificate, key or CA cannot be used (the message names which)
     */
    public ConnectionSettings settings() {
        if (customAuthorizer != null && sigV4Region != null) {
            throw new IllegalArgumentException("customAuthorizer: cannot be combined with sigV4; a connection"
                    + " authenticates with one of them");
        }
        boolean webSocket = webSocketPath != null;
        TlsSettings tlsSettings = null;
        if (tls) {
            List<String> alpn = webSocket ? List.of() : customAuthorizer != null ? List.of(CUSTOM_AUTH_ALPN)
                    : port == ALPN_PORT ? List.of(AWS_IOT_ALPN) : List.of();
            TlsSettings.Builder identity = certificatePem == null ? TrustOnlyTls.tlsSettings(caPem)
                    : PemTls.tlsSettings(certificatePem, privateKeyPem, caPem);
            tlsSettings = identity.alpnProtocols(alpn).verifyHostname(verifyHostname).build();
        }
        String user = customAuthorizer != null && !webSocket ? customAuthorizer.username(username) : username;
        String id = clientId != null ? clientId : "iotjobs-" + UUID.randomUUID().toString().substring(0, 13);
        return ConnectionSettings.builder(host, port, id)
                .tls(tlsSettings)
                .keepAlive(keepAlive)
                .cleanStart(cleanStart)
                .sessionExpiry(sessionExpiry)
                .credentials(user, password)
                .webSocket(webSocket ? webSocketSettings() : null)
                .persistenceDirectory(persistenceDirectory)
                .connectPolicy(new ConnectPolicy(connectTimeout, autoReconnect, minReconnectDelay, maxReconnectDelay,
                        connectRetry, offlineQueueLimit, offlineQueuePolicy))
                .lastWill(lastWill)
                .userProperties(userProperties)
                .maximumPacketSize(maximumPacketSize)
                .build();
    }

    private WebSocketSettings webSocketSettings() {
        if (sigV4Region != null) {
            return WebSocketSettings.of(webSocketPath, true, new IotWebSocketSigner(host, port, webSocketPath,
                    sigV4Region, sigV4Credentials, signingClock));
        }
        WebSocketSettings.Handshake fixed = new WebSocketSettings.Handshake(webSocketPath, "",
                customAuthorizer == null ? Map.of() : customAuthorizer.headers());
        Supplier<WebSocketSettings.Handshake> always = () -> fixed;
        return WebSocketSettings.of(webSocketPath, false, always);
    }

    private static String requireHost(String host) {
        Objects.requireNonNull(host, "endpoint");
        if (host.isBlank() || host.contains("/") || host.contains(" ")) {
            throw new IllegalArgumentException("endpoint: must be a host name or address, got \"" + host + "\"");
        }
        return host;
    }

    private static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be 1..65535, got " + port);
        }
        return port;
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.getSeconds() < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1 s, got " + value);
        }
        return value;
    }

    private static byte[] read(Path path, String name) {
        Objects.requireNonNull(path, name);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MqttConnectionBuilder{" + host + ":" + port + (tls ? certificatePem != null ? ", mTLS" : ", TLS"
                : ", plain") + (webSocketPath == null ? "" : ", WebSockets " + webSocketPath)
                + (sigV4Region == null ? "" : ", SigV4 " + sigV4Region)
                + (customAuthorizer == null ? "" : ", " + customAuthorizer) + "}";
    }
}
