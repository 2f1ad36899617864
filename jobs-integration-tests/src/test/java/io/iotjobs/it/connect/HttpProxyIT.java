package io.iotjobs.it.connect;

import static io.iotjobs.it.connect.ConnectChecks.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.auth.AwsCredentials;
import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.HttpProxySettings;
import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.internal.tls.LoopbackTlsServer;
import io.iotjobs.internal.tls.PemTls;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.it.support.MosquittoBroker;
import io.iotjobs.it.support.TinyProxy;
import io.iotjobs.it.support.TlsBrokers;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import io.iotjobs.transport.paho3.PahoV3Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connections through a real HTTP proxy, Debian's tinyproxy, on every transport: plain TCP and mutual TLS to the
 * embedded broker, TLS with ALPN and SNI for the broker (not the proxy) to a loopback TLS server, Mosquitto through
 * a proxy that requires basic authentication, WebSockets (ws, wss with a client certificate, wss with SigV4) with
 * their upgrade requests as the broker side receives them; and each way a proxy fails a connection, with its
 * message: the destination refused (403), credentials missing or wrong (407), the proxy unreachable.
 */
class HttpProxyIT {

    private static final TestPki PKI = TestPki.shared();
    private static final String USER = "device";
    private static final String PASSWORD = "proxy-pass-42";

    @TempDir
    static Path pkiFolder;

    private static EmbeddedBroker broker;
    private static EmbeddedBroker webSocketBroker;
    private static TinyProxy open;
    private static TinyProxy authenticating;
    private static TinyProxy denying;

    static Stream<Arguments> transports() {
        return Stream.of(
                Arguments.of("paho5", PahoV5Transport.factory()),
                Arguments.of("paho3", PahoV3Transport.factory()),
                Arguments.of("hivemq5", HiveMqTransport.mqtt5()),
                Arguments.of("hivemq311", HiveMqTransport.mqtt311()));
    }

    /** The transports that can sign WebSocket upgrades (the HiveMQ client re-encodes the query: refused there). */
    static Stream<Arguments> signingTransports() {
        return transports().limit(2);
    }

    @BeforeAll
    static void start() {
        TinyProxy.assumeInstalled();
        broker = TlsBrokers.embeddedMutualTls(PKI, pkiFolder);
        webSocketBroker = EmbeddedBroker.builder().webSocket().start();
        open = TinyProxy.builder().start();
        authenticating = TinyProxy.builder().basicAuth(USER, PASSWORD).start();
        // tunnels only to a port nothing uses: the broker's ports are refused
        denying = TinyProxy.builder().connectPort(TinyProxy.freePort()).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {open, authenticating, denying, broker, webSocketBroker}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop " + running, e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void plainTcpThroughTheProxy(String name, TransportFactory transport) throws Exception {
        MqttConnectionBuilder builder = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .httpProxy(open.host(), open.port())
                .clientId("proxy-plain-" + name)
                .transport(transport);
        roundTrip(builder);
        assertThat(open.sawConnect("127.0.0.1:" + broker.port()))
                .as("the proxy opened the tunnel")
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void mutualTlsThroughTheProxyChecksTheBrokersName(String name, TransportFactory transport) throws Exception {
        TestPki.Identity device = PKI.clientEc();
        // the broker is named "localhost", the proxy 127.0.0.1: the host name check must be for the broker
        MqttConnectionBuilder builder = MqttConnectionBuilder.mtlsFromBytes(
                        "localhost", device.chainPem(), device.privateKeyPem(TestPki.KeyFormat.PKCS8))
                .port(broker.tlsPort())
                .caFromBytes(PKI.caPem())
                .httpProxy(open.host(), open.port())
                .clientId("proxy-tls-" + name)
                .transport(transport);
        roundTrip(builder);
        assertThat(open.sawConnect("localhost:" + broker.tlsPort())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void tlsThroughTheProxyOffersAlpnAndTheBrokersNameAsSni(String name, TransportFactory transport) throws Exception {
        String alpn = MqttConnectionBuilder.AWS_IOT_ALPN;
        try (LoopbackTlsServer server = new LoopbackTlsServer(PKI.serverContext(), alpn)) {
            CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
            TlsSettings made = PemTls.tlsSettings(
                            PKI.clientRsa().chainPem(),
                            PKI.clientRsa().privateKeyPem(TestPki.KeyFormat.PKCS8),
                            PKI.caPem())
                    .build();
            // what the builder makes for port 443, on the loopback server's port
            TlsSettings tls = TlsSettings.builder()
                    .keyManagers(made.keyManagers())
                    .trustManagers(made.trustManagers())
                    .alpnProtocols(List.of(MqttConnectionBuilder.AWS_IOT_ALPN))
                    .build();
            ConnectionSettings settings = ConnectionSettings.builder("localhost", server.port(), "proxy-alpn-" + name)
                    .tls(tls)
                    .httpProxy(HttpProxySettings.of(open.host(), open.port()))
                    .connectPolicy(new ConnectPolicy(
                            Duration.ofSeconds(5), false, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                    .build();
            try (MqttConnection connection =
                    MqttConnection.over(transport.create(settings), settings.connectPolicy())) {
                // the server completes the handshake, echoes the CONNECT's first byte and closes: connect fails
                CompletableFuture<Boolean> attempt = connection.connect();
                LoopbackTlsServer.Handshake handshake = seen.get(10, TimeUnit.SECONDS);
                assertThat(handshake.applicationProtocol()).isEqualTo(MqttConnectionBuilder.AWS_IOT_ALPN);
                assertThat(handshake.requestedServerNames()).containsExactly("localhost");
                assertThat(handshake.echoed())
                        .as("the first byte of the CONNECT")
                        .isEqualTo(0x10);
                assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void mosquittoThroughAProxyWithBasicAuthentication(String name, TransportFactory transport) throws Exception {
        Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
        try (MosquittoBroker mosquitto = MosquittoBroker.builder().start()) {
            MqttConnectionBuilder builder = MqttConnectionBuilder.plain(mosquitto.host(), mosquitto.port())
                    .httpProxy(authenticating.host(), authenticating.port(), USER, PASSWORD)
                    .clientId("proxy-mosquitto-" + name)
                    .transport(transport);
            roundTrip(builder);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void webSocketsThroughTheProxyCarryTheUpgradeRequestUnchanged(String name, TransportFactory transport)
            throws Exception {
        // tinyproxy, then a recorder of the upgrade request, then the embedded broker's WebSocket listener
        try (RecordingProxy recorder = RecordingProxy.http("127.0.0.1", webSocketBroker.webSocketPort())) {
            MqttConnectionBuilder builder = MqttConnectionBuilder.plain("127.0.0.1", recorder.port())
                    .webSockets()
                    .httpProxy(open.host(), open.port())
                    .clientId("proxy-ws-" + name)
                    .transport(transport);
            roundTrip(builder);
            String head = recorder.nextHead(WAIT);
            assertThat(head)
                    .startsWith("GET /mqtt HTTP/1.1\r\n")
                    .containsIgnoringCase("\r\nUpgrade: websocket")
                    .containsIgnoringCase("\r\nHost: 127.0.0.1:" + recorder.port());
            assertThat(open.sawConnect("127.0.0.1:" + recorder.port())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void secureWebSocketsWithAClientCertificateThroughTheProxy(String name, TransportFactory transport)
            throws Exception {
        // wss: TLS for "localhost" ends at the recorder (checked against the test CA), which forwards the plain
        // WebSocket bytes to the embedded broker's listener
        try (RecordingProxy tls =
                RecordingProxy.tls(PKI.serverContext(), "127.0.0.1", webSocketBroker.webSocketPort())) {
            TestPki.Identity device = PKI.clientEc();
            MqttConnectionBuilder builder = MqttConnectionBuilder.mtlsFromBytes(
                            "localhost", device.chainPem(), device.privateKeyPem(TestPki.KeyFormat.PKCS8))
                    .port(tls.port())
                    .caFromBytes(PKI.caPem())
                    .webSockets()
                    .httpProxy(authenticating.host(), authenticating.port(), USER, PASSWORD)
                    .clientId("proxy-wss-" + name)
                    .transport(transport);
            roundTrip(builder);
            assertThat(tls.nextOfferedAlpn(WAIT))
                    .as("WebSockets negotiate no MQTT ALPN protocol")
                    .isEmpty();
            assertThat(authenticating.sawConnect("localhost:" + tls.port())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingTransports")
    void sigV4WebSocketsThroughTheProxyKeepTheirSignature(String name, TransportFactory transport) throws Exception {
        // tinyproxy, then TLS ended for "localhost", then a recorder of the presigned upgrade request, then the
        // embedded broker (which upgrades only its bare path: the recorder forwards the request without the query)
        try (RecordingProxy head = RecordingProxy.http("127.0.0.1", webSocketBroker.webSocketPort())
                        .stripQuery();
                RecordingProxy tls = RecordingProxy.tls(PKI.serverContext(), "127.0.0.1", head.port())) {
            CredentialsSource credentials =
                    CredentialsSource.of(AwsCredentials.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
            MqttConnectionBuilder builder = MqttConnectionBuilder.websocketSigV4("localhost", "eu-west-1", credentials)
                    .port(tls.port())
                    .caFromBytes(PKI.caPem())
                    .httpProxy(open.host(), open.port())
                    .clientId("proxy-sigv4-" + name)
                    .transport(transport);
            roundTrip(builder);
            String request = head.nextHead(WAIT);
            assertThat(request)
                    .startsWith("GET /mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&")
                    .contains("&X-Amz-Signature=")
                    .containsIgnoringCase("\r\nHost: localhost:" + tls.port());
            assertThat(open.sawConnect("localhost:" + tls.port())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void aProxyThatRefusesTheDestinationFailsConnectWith403(String name, TransportFactory transport) {
        MqttConnectionBuilder builder = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .httpProxy(denying.host(), denying.port())
                .clientId("proxy-403-" + name)
                .transport(transport);
        assertThat(connectFailure(builder))
                .contains("the HTTP proxy 127.0.0.1:" + denying.port() + " refused the tunnel to 127.0.0.1:"
                        + broker.port() + ": ")
                .contains("403")
                .contains("the proxy does not allow tunnels to this host and port");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void aProxyThatRequiresCredentialsFailsConnectWith407(String name, TransportFactory transport) {
        MqttConnectionBuilder builder = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .httpProxy(authenticating.host(), authenticating.port())
                .clientId("proxy-407-" + name)
                .transport(transport);
        assertThat(connectFailure(builder))
                .contains("the HTTP proxy 127.0.0.1:" + authenticating.port() + " refused the tunnel to 127.0.0.1:"
                        + broker.port() + ": ")
                .contains("407 Proxy Authentication Required")
                .contains("the proxy requires authentication: give httpProxy a username and password");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void wrongCredentialsFailConnectWithoutShowingThem(String name, TransportFactory transport) {
        MqttConnectionBuilder builder = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .httpProxy(authenticating.host(), authenticating.port(), USER, "wrong-secret")
                .clientId("proxy-407-wrong-" + name)
                .transport(transport);
        // tinyproxy answers wrong credentials with "401 Unauthorized" rather than 407
        assertThat(connectFailure(builder))
                .contains("refused the tunnel to 127.0.0.1:" + broker.port() + ": ")
                .containsPattern("40[17] ")
                .contains("the proxy did not accept the httpProxy username and password")
                .doesNotContain("wrong-secret")
                .doesNotContain(USER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void anUnreachableProxyFailsConnectNamingIt(String name, TransportFactory transport) {
        int nothing = TinyProxy.freePort();
        MqttConnectionBuilder builder = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .httpProxy("127.0.0.1", nothing)
                .clientId("proxy-unreachable-" + name)
                .transport(transport);
        assertThat(connectFailure(builder))
                .contains("cannot reach the HTTP proxy 127.0.0.1:" + nothing + ": ")
                .contains("(check the httpProxy host and port)");
    }

    /** The message of the failed connect(), which must be the SDK's transport exception. */
    private static String connectFailure(MqttConnectionBuilder builder) {
        try (MqttConnection connection = builder.build()) {
            Throwable failure = null;
            try {
                connection.connect().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (Exception e) {
                throw new AssertionError("connect() did not fail as expected", e);
            }
            assertThat(failure).as("connect() through the proxy must fail").isInstanceOf(JobsTransportException.class);
            return failure.getMessage();
        }
    }

    private static void roundTrip(MqttConnectionBuilder builder) throws Exception {
        try (MqttConnection connection = builder.build()) {
            ConnectChecks.connectAndRoundTrip(connection);
        }
    }
}
