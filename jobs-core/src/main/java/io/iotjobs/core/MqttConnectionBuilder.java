package io.iotjobs.core;

import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.core.auth.CustomAuthorizer;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.HttpProxySettings;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.core.spi.WebSocketSettings;
import io.iotjobs.internal.auth.IotWebSocketSigner;
import io.iotjobs.internal.net.IpLiterals;
import io.iotjobs.internal.tls.KeyIdentity;
import io.iotjobs.internal.tls.KeyStoreIdentities;
import io.iotjobs.internal.tls.PemTls;
import io.iotjobs.internal.tls.Pkcs11Identities;
import io.iotjobs.internal.tls.TlsParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an {@link MqttConnection}: to AWS IoT with mutual TLS, the device's identity from PEM files or bytes
 * ({@link #mtlsFromPath}, {@link #mtlsFromBytes}), a Java key store ({@link #mtlsFromKeyStoreFile},
 * {@link #mtlsFromKeyStore}), a PKCS#11 token ({@link #mtlsFromPkcs11}), key managers or a TLS context of the
 * user's own ({@link #mtlsFromKeyManagers}, {@link #tlsFromSslContext}); over WebSockets signed with AWS
 * credentials ({@link #websocketSigV4}); through a custom authorizer
 * ({@link #customAuthorizer(String, io.iotjobs.core.auth.CustomAuthorizer)}); or over plain TCP to a local broker
 * ({@link #plain}). {@link #webSockets()} carries any of them over WebSockets.
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
 * Amazon's roots). Behind a firewall, {@link #httpProxy(String, int)} tunnels any of these through an HTTP proxy.
 *
 * <p>Defaults: a random client id, keep-alive 30 s, clean start with no session expiry, connect timeout
 * 10 s, automatic reconnect with backoff from 1 s to 30 s (with jitter), one attempt per {@code connect()}, an
 * offline queue of 1,000 publishes failing the newest, no Last Will, no proxy, in-memory persistence. A builder is not
 * thread-safe; {@link #build()} may be called more than once.
 */
public final class MqttConnectionBuilder {

    /** AWS IoT's MQTT-over-TLS port. */
    public static final int TLS_PORT = 8883;
    /** The HTTPS port, on which AWS IoT accepts MQTT with the ALPN protocol {@value #AWS_IOT_ALPN}. */
    public static final int ALPN_PORT = 443;
    /** The ALPN protocol AWS IoT expects for MQTT with a client certificate on port 443. */
    public static final String AWS_IOT_ALPN = "x-amzn-mqtt-ca";
    /** The largest MQTT packet: a fixed header of 5 bytes and a remaining length of 268,435,455. */
    public static final int MAX_PACKET_SIZE = 268_435_460;
    /** The ALPN protocol AWS IoT expects for MQTT with a custom authorizer on port 443. */
    public static final String CUSTOM_AUTH_ALPN = "mqtt";
    /** The request path of AWS IoT's MQTT over WebSockets. */
    public static final String WEBSOCKET_PATH = "/mqtt";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final String host;
    private final boolean tls;
    private final Supplier<List<KeyManager>> keyManagers;
    private final SSLContext sslContext;
    private int port;
    private byte[] caPem;
    private TrustManagerFactory trustManagerFactory;
    private boolean verifyHostname = true;
    private TlsVersion minimumTlsVersion = TlsVersion.TLS_1_2;
    private List<String> cipherSuites = List.of();
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
    private HttpProxySettings httpProxy;
    // MQTT connection options (Will, CONNECT properties, connect retry, offline queue)
    private LastWill lastWill;
    private final List<UserProperty> userProperties = new ArrayList<>();
    private Integer maximumPacketSize;
    private Duration connectRetry = Duration.ZERO;
    private int offlineQueueLimit = ConnectPolicy.DEFAULT_OFFLINE_QUEUE_LIMIT;
    private OfflineQueuePolicy offlineQueuePolicy = OfflineQueuePolicy.FAIL_NEWEST;
    // WebSockets, SigV4 and custom authorizers
    private String webSocketPath;
    private String sigV4Region;
    private CredentialsSource sigV4Credentials;
    private Clock signingClock = Clock.systemUTC();
    private CustomAuthorizer customAuthorizer;

    private MqttConnectionBuilder(
            String host, int port, boolean tls, Supplier<List<KeyManager>> keyManagers, SSLContext sslContext) {
        this.host = requireHost(host);
        this.port = port;
        this.tls = tls;
        this.keyManagers = keyManagers;
        this.sslContext = sslContext;
    }

    /**
     * A plain TCP connection (no TLS), for a local broker such as the testkit's embedded broker.
     *
     * @param host the broker host, e.g. {@code 127.0.0.1}
     * @param port the broker port
     * @return the builder
     */
    public static MqttConnectionBuilder plain(String host, int port) {
        return new MqttConnectionBuilder(host, checkPort(port), false, List::of, null);
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
        return mtlsFromBytes(
                endpoint, read(certificatePath, "certificatePath"), read(privateKeyPath, "privateKeyPath"));
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
        byte[] certificate =
                Objects.requireNonNull(certificatePem, "certificatePem").clone();
        byte[] key = Objects.requireNonNull(privateKeyPem, "privateKeyPem").clone();
        return withIdentity(endpoint, "certificate", () -> PemTls.identity(certificate, key));
    }

    // ---- TLS identities beyond PEM: key stores, PKCS#11 tokens, managers and contexts of the user's own

    /**
     * Mutual TLS with the key and certificate chain of a PKCS#12 or JKS key store file (the type is found from
     * the file), read at {@link #build()}. Replaces the AWS SDK's {@code newJavaKeystoreBuilder} with a key store
     * loaded from a file.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param keyStoreFile the key store file
     * @param keyStorePassword the store's password
     * @param alias the alias of the key entry
     * @param keyPassword the key's password, or {@code null} for the store's password (PKCS#12 files normally use
     *     one password for both)
     * @return the builder; {@link #build()} fails naming {@code keyStore}, {@code keyStorePassword},
     *     {@code keyStoreAlias} or {@code keyPassword} if the file, a password or the alias is wrong, or the
     *     certificate does not match the key or is not valid now
     */
    public static MqttConnectionBuilder mtlsFromKeyStoreFile(
            String endpoint, Path keyStoreFile, char[] keyStorePassword, String alias, char[] keyPassword) {
        Objects.requireNonNull(keyStoreFile, "keyStore");
        Objects.requireNonNull(alias, "keyStoreAlias");
        char[] storePassword = keyStorePassword == null ? null : keyStorePassword.clone();
        char[] entryPassword = keyPassword != null ? keyPassword.clone() : storePassword;
        return withIdentity(
                endpoint,
                "keyStore",
                () -> KeyStoreIdentities.identity(
                        "keyStoreAlias",
                        "keyPassword",
                        KeyStoreIdentities.load("keyStore", keyStoreFile, storePassword),
                        alias,
                        entryPassword));
    }

    /**
     * Mutual TLS with the key and certificate chain under an alias of a loaded key store (any type the JVM
     * offers). Replaces the AWS SDK's {@code AwsIotMqttConnectionBuilder.newJavaKeystoreBuilder} and
     * {@code AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithJavaKeystore}.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param keyStore the loaded key store
     * @param alias the alias of the key entry
     * @param keyPassword the key's password ({@code null} for none)
     * @return the builder; {@link #build()} fails naming {@code keyStoreAlias} or {@code keyPassword} if the alias
     *     or password is wrong, or the certificate does not match the key or is not valid now
     */
    public static MqttConnectionBuilder mtlsFromKeyStore(
            String endpoint, KeyStore keyStore, String alias, char[] keyPassword) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(alias, "keyStoreAlias");
        char[] password = keyPassword == null ? null : keyPassword.clone();
        return withIdentity(
                endpoint,
                "keyStore",
                () -> KeyStoreIdentities.identity("keyStoreAlias", "keyPassword", keyStore, alias, password));
    }

    /**
     * Mutual TLS with a private key that stays on a PKCS#11 token, through the JDK's SunPKCS11 provider; the
     * token is opened and logged in to at {@link #build()}. Replaces the AWS SDK's
     * {@code newDirectMqttBuilderWithMtlsFromPkcs11}.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param token the library, slot, PIN and key label
     * @return the builder; {@link #build()} fails naming the {@code pkcs11.} option that is wrong (missing
     *     library, no token in the slot, PIN refused, no key with the label, a certificate that does not match the
     *     key or is not valid now)
     */
    public static MqttConnectionBuilder mtlsFromPkcs11(String endpoint, Pkcs11Options token) {
        Objects.requireNonNull(token, "pkcs11");
        return withIdentity(
                endpoint,
                "pkcs11",
                () -> Pkcs11Identities.identity(
                        token.library(),
                        token.slotId(),
                        token.slotListIndex(),
                        token.userPin(),
                        token.privateKeyLabel(),
                        token.certificatePem()));
    }

    /**
     * Mutual TLS with the key managers of a factory the user initialised (a vendor's HSM provider, an Android key
     * store); used as they are, without checks.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param keyManagers an initialised key manager factory
     * @return the builder
     */
    public static MqttConnectionBuilder mtlsFromKeyManagers(String endpoint, KeyManagerFactory keyManagers) {
        Objects.requireNonNull(keyManagers, "keyManagers");
        List<KeyManager> managers = List.of(keyManagers.getKeyManagers());
        return new MqttConnectionBuilder(endpoint, TLS_PORT, true, () -> managers, null);
    }

    /**
     * TLS with a context the user built: its key managers (if any) present the client certificate and its trust
     * managers check the server's. ALPN, host name verification, the TLS versions and cipher suites of this
     * builder still apply; {@link #caFromPath}, {@link #caFromBytes} and {@link #trustManagers} cannot be combined
     * with it.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param context an initialised TLS context
     * @return the builder
     */
    public static MqttConnectionBuilder tlsFromSslContext(String endpoint, SSLContext context) {
        Objects.requireNonNull(context, "sslContext");
        return new MqttConnectionBuilder(endpoint, TLS_PORT, true, List::of, context);
    }

    /**
     * The trust managers that check the server's certificate (default: the JVM trust store), instead of a CA
     * file.
     *
     * @param factory an initialised trust manager factory
     * @return this builder
     */
    public MqttConnectionBuilder trustManagers(TrustManagerFactory factory) {
        this.trustManagerFactory = Objects.requireNonNull(factory, "trustManagers");
        return this;
    }

    /**
     * The lowest TLS version accepted (default {@link TlsVersion#TLS_1_2}; TLS 1.3 is offered and preferred
     * either way). Replaces the AWS SDK's {@code TlsContextOptions.withMinimumTlsVersion}.
     *
     * @param version the minimum version
     * @return this builder
     */
    public MqttConnectionBuilder minimumTlsVersion(TlsVersion version) {
        this.minimumTlsVersion = Objects.requireNonNull(version, "minimumTlsVersion");
        return this;
    }

    /**
     * The cipher suites to offer, by their JSSE names, in order of preference (default: the JVM's). Checked at
     * {@link #build()}: a name the JVM does not support, or a list with no suite for TLS 1.3 when TLS 1.3 is the
     * minimum, fails naming {@code cipherSuites}. Replaces the AWS SDK's
     * {@code TlsContextOptions.withCipherPreference}.
     *
     * @param suites the suites, not empty
     * @return this builder
     */
    public MqttConnectionBuilder cipherSuites(List<String> suites) {
        Objects.requireNonNull(suites, "cipherSuites");
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("cipherSuites: must not be empty");
        }
        for (String suite : suites) {
            if (suite == null || suite.isBlank()) {
                throw new IllegalArgumentException("cipherSuites: must not contain an empty name");
            }
        }
        this.cipherSuites = List.copyOf(suites);
        return this;
    }

    /** A builder whose client identity is loaded and checked (key matches, certificate valid now) at build(). */
    private static MqttConnectionBuilder withIdentity(String endpoint, String option, Supplier<KeyIdentity> identity) {
        return new MqttConnectionBuilder(
                endpoint,
                TLS_PORT,
                true,
                () -> List.of(identity.get().check(option, Instant.now()).keyManager()),
                null);
    }

    private TlsSettings tlsSettings(boolean webSocket) {
        TlsSettings.Builder settings = TlsSettings.builder();
        if (sslContext != null) {
            String trustOption =
                    caPem != null ? "caFromPath/caFromBytes" : trustManagerFactory != null ? "trustManagers" : null;
            if (trustOption != null) {
                throw new IllegalArgumentException(trustOption + ": cannot be combined with tlsFromSslContext (the"
                        + " context's own trust managers check the server)");
            }
            settings.customContext(sslContext);
        } else {
            if (caPem != null && trustManagerFactory != null) {
                throw new IllegalArgumentException(
                        "trustManagers: give a CA (caFromPath/caFromBytes) or trust" + " managers, not both");
            }
            settings.keyManagers(keyManagers.get());
            if (caPem != null) {
                settings.trustManagers(PemTls.trustManagers(caPem));
            } else if (trustManagerFactory != null) {
                settings.trustManagers(List.<TrustManager>of(trustManagerFactory.getTrustManagers()));
            }
        }
        // WebSockets negotiate HTTP, not MQTT; a custom authorizer on 443 asks for "mqtt" (AWS IoT's protocol table)
        List<String> alpn = webSocket
                ? List.of()
                : customAuthorizer != null
                        ? List.of(CUSTOM_AUTH_ALPN)
                        : port == ALPN_PORT ? List.of(AWS_IOT_ALPN) : List.of();
        settings.alpnProtocols(alpn).verifyHostname(verifyHostname);
        // what a context supports depends on its provider, not on its managers
        SSLContext context;
        try {
            context = sslContext != null ? sslContext : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no TLS implementation", e);
        }
        List<String> protocols = TlsParameters.protocols(
                context, minimumTlsVersion.protocolsFromHere(), minimumTlsVersion.protocolName());
        return settings.protocols(protocols)
                .cipherSuites(TlsParameters.cipherSuites(context, cipherSuites, protocols))
                .build();
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
        return new MqttConnectionBuilder(endpoint, ALPN_PORT, true, List::of, null).sigV4(region, credentials);
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
        return new MqttConnectionBuilder(endpoint, ALPN_PORT, true, List::of, null).customAuthorizer(authorizer);
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
            throw new IllegalArgumentException(
                    "webSocketPath: must start with / and hold no query, fragment or" + " space, got \"" + path + "\"");
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
            throw new IllegalArgumentException(
                    "region: \"" + region + "\" is not an AWS region name (e.g." + " eu-west-1)");
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

    // ---------------------------------------------------------------- HTTP proxy

    /**
     * Connects through an HTTP proxy that needs no authentication: the connection opens a tunnel to the broker
     * with {@code CONNECT host:port} and speaks MQTT, TLS (ALPN, SNI and the host name check still for the broker)
     * or WebSockets through it. Every transport honours it. A proxy that refuses the tunnel or cannot be reached
     * fails {@link MqttConnection#connect()} with a message naming the proxy and, for a refusal, its status line.
     *
     * @param host the proxy's host name or address
     * @param port the proxy's port
     * @return this builder
     * @throws IllegalArgumentException naming the host or port that is not acceptable
     */
    public MqttConnectionBuilder httpProxy(String host, int port) {
        this.httpProxy = HttpProxySettings.of(proxyHost(host), proxyPort(port));
        return this;
    }

    /**
     * Connects through an HTTP proxy with basic authentication ({@code Proxy-Authorization: Basic}, RFC 7617),
     * otherwise as {@link #httpProxy(String, int)}. The credentials go to the proxy only, encoded but not encrypted
     * (use them on a network you trust up to the proxy); they never appear in messages or logs. A proxy that does not
     * accept them (407, or 401 as some proxies answer) fails {@link MqttConnection#connect()} saying so, and the next
     * attempt after such a refusal (a reconnect, or a retrying {@code connect()}) waits the longest backoff delay,
     * since retrying sooner would only be refused again.
     *
     * @param host the proxy's host name or address
     * @param port the proxy's port
     * @param username the user name: not empty, without a colon or control characters
     * @param password the password: without control characters
     * @return this builder
     * @throws IllegalArgumentException naming the host, port, username or password that is not acceptable
     */
    public MqttConnectionBuilder httpProxy(String host, int port, String username, String password) {
        Objects.requireNonNull(username, "httpProxy username");
        Objects.requireNonNull(password, "httpProxy password");
        if (username.isEmpty() || username.indexOf(':') >= 0 || hasControl(username)) {
            throw new IllegalArgumentException("httpProxy username: must be non-empty, without ':' or control"
                    + " characters (basic authentication, RFC 7617)");
        }
        if (hasControl(password)) {
            throw new IllegalArgumentException(
                    "httpProxy password: must not contain control characters (basic" + " authentication, RFC 7617)");
        }
        this.httpProxy = HttpProxySettings.withBasicAuth(proxyHost(host), proxyPort(port), username, password);
        return this;
    }

    private static String proxyHost(String host) {
        Objects.requireNonNull(host, "httpProxy host");
        String bare = host.length() > 1 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
        if (bare.isBlank() || bare.contains("/") || bare.contains(" ") || bare.contains("@") || hasControl(bare)) {
            throw new IllegalArgumentException("httpProxy host: must be a host name or address, got \"" + host + "\"");
        }
        if (bare.indexOf(':') >= 0 && !IpLiterals.isIpLiteral(bare)) {
            throw new IllegalArgumentException("httpProxy host: must be a host name or address without a port (give"
                    + " the port separately), got \"" + host + "\"");
        }
        return bare;
    }

    private static int proxyPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("httpProxy port: must be 1..65535, got " + port);
        }
        return port;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    // ----------------------------------------------------------------

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
            throw new IllegalArgumentException(
                    "maximumPacketSize: must be 1 to " + MAX_PACKET_SIZE + " bytes, got " + bytes);
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
        TlsSettings tlsSettings = tls ? tlsSettings(webSocket) : null;
        String user = customAuthorizer != null && !webSocket ? customAuthorizer.username(username) : username;
        String id = clientId != null
                ? clientId
                : "iotjobs-" + UUID.randomUUID().toString().substring(0, 13);
        return ConnectionSettings.builder(host, port, id)
                .tls(tlsSettings)
                .keepAlive(keepAlive)
                .cleanStart(cleanStart)
                .sessionExpiry(sessionExpiry)
                .credentials(user, password)
                .webSocket(webSocket ? webSocketSettings() : null)
                .persistenceDirectory(persistenceDirectory)
                .connectPolicy(new ConnectPolicy(
                        connectTimeout,
                        autoReconnect,
                        minReconnectDelay,
                        maxReconnectDelay,
                        connectRetry,
                        offlineQueueLimit,
                        offlineQueuePolicy))
                .lastWill(lastWill)
                .userProperties(userProperties)
                .maximumPacketSize(maximumPacketSize)
                .httpProxy(httpProxy)
                .build();
    }

    private WebSocketSettings webSocketSettings() {
        if (sigV4Region != null) {
            return WebSocketSettings.of(
                    webSocketPath,
                    true,
                    new IotWebSocketSigner(host, port, webSocketPath, sigV4Region, sigV4Credentials, signingClock));
        }
        WebSocketSettings.Handshake fixed = new WebSocketSettings.Handshake(
                webSocketPath, "", customAuthorizer == null ? Map.of() : customAuthorizer.headers());
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

    /**
     * Reads a file now.
     *
     * @param path the file
     * @param name the option, first in the message of a failure
     * @return the bytes
     * @throws IllegalArgumentException naming the option if the file cannot be read
     */
    static byte[] read(Path path, String name) {
        Objects.requireNonNull(path, name);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MqttConnectionBuilder{" + host + ":" + port + (tls ? ", TLS" : ", plain")
                + (webSocketPath == null ? "" : ", WebSockets " + webSocketPath)
                + (sigV4Region == null ? "" : ", SigV4 " + sigV4Region)
                + (customAuthorizer == null ? "" : ", " + customAuthorizer)
                + (httpProxy == null ? "" : ", via HTTP proxy " + httpProxy.address()) + "}";
    }
}
