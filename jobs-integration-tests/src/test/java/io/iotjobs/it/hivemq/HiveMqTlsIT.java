package io.iotjobs.it.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.internal.tls.LoopbackTlsServer;
import io.iotjobs.internal.tls.PemTls;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.it.support.TlsBrokers;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS over the HiveMQ client: a client certificate from PEM against the embedded broker's TLS listener (which
 * requires one), ALPN as AWS IoT needs it on port 443 and the host name check, against a loopback TLS server
 * that records what the client offered.
 */
class HiveMqTlsIT {

    private static final String ALPN = MqttConnectionBuilder.AWS_IOT_ALPN;
    private static final TestPki PKI = TestPki.shared();

    @TempDir
    static Path pkiFolder;

    private static EmbeddedBroker broker;

    private LoopbackTlsServer server;
    private MqttTransport transport;

    static Stream<Arguments> protocols() {
        return Stream.of(Arguments.of(HiveMqTransport.mqtt5()), Arguments.of(HiveMqTransport.mqtt311()));
    }

    @BeforeAll
    static void startBroker() {
        broker = TlsBrokers.embeddedMutualTls(PKI, pkiFolder);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aClientCertificateFromPemConnectsToTheBrokersTlsListener(TransportFactory factory) throws Exception {
        TestPki.Identity device = PKI.clientEc();
        try (MqttConnection connection = MqttConnectionBuilder.mtlsFromBytes(
                        "127.0.0.1", device.chainPem(), device.privateKeyPem(TestPki.KeyFormat.PKCS8))
                .port(broker.tlsPort())
                .caFromBytes(PKI.caPem())
                .transport(factory)
                .build()) {
            assertThat(connection.connect().get(30, TimeUnit.SECONDS)).isFalse();
            LinkedBlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
            connection
                    .subscribe("tls/+/state", Qos.AT_LEAST_ONCE, received::add)
                    .get(10, TimeUnit.SECONDS);
            connection
                    .publish("tls/dev-1/state", "over tls".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(10, TimeUnit.SECONDS);

            IncomingMessage message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.payloadAsString()).isEqualTo("over tls");
        }
    }

    @Test
    void aClientWithoutTheCertificateIsRefusedDuringTheHandshake() {
        try (MqttConnection connection = MqttConnectionBuilder.mtlsFromBytes(
                        "127.0.0.1",
                        PKI.otherClient().chainPem(),
                        PKI.otherClient().privateKeyPem(TestPki.KeyFormat.PKCS8))
                .port(broker.tlsPort())
                .caFromBytes(PKI.caPem())
                .transport(HiveMqTransport.mqtt5())
                .build()) {
            assertThatThrownBy(() -> connection.connect().get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("connect to ssl://127.0.0.1:" + broker.tlsPort());
        }
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void theClientOffersTheAlpnProtocolAndTheHostNameAsSni(TransportFactory factory) throws Exception {
        server = new LoopbackTlsServer(PKI.serverContext(), ALPN);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        connectOnce(
                factory,
                "localhost",
                managers(true).alpnProtocols(List.of(ALPN)).build());

        LoopbackTlsServer.Handshake handshake = seen.get(10, TimeUnit.SECONDS);
        assertThat(handshake.applicationProtocol()).isEqualTo(ALPN);
        assertThat(handshake.requestedServerNames()).containsExactly("localhost");
        assertThat(handshake.clientSubject()).isEqualTo(PKI.clientRsa().subject());
        assertThat(handshake.echoed()).as("the first byte of the CONNECT").isEqualTo(0x10);
    }

    @Test
    void withoutAlpnProtocolsTheClientOffersNone() throws Exception {
        server = new LoopbackTlsServer(PKI.serverContext(), ALPN);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        connectOnce(HiveMqTransport.mqtt5(), "localhost", managers(true).build());

        assertThat(seen.get(10, TimeUnit.SECONDS).applicationProtocol()).isEmpty();
    }

    @Test
    void aContextOfTheUsersOwnIsUsedAsItIsWithAlpn() throws Exception {
        server = new LoopbackTlsServer(PKI.serverContext(), ALPN);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
        SSLContext own = PemTls.clientContext(
                PKI.clientEc().chainPem(), PKI.clientEc().privateKeyPem(TestPki.KeyFormat.PKCS8), PKI.caPem());

        connectOnce(
                HiveMqTransport.mqtt5(),
                "localhost",
                TlsSettings.builder()
                        .customContext(own)
                        .alpnProtocols(List.of(ALPN))
                        .build());

        LoopbackTlsServer.Handshake handshake = seen.get(10, TimeUnit.SECONDS);
        assertThat(handshake.applicationProtocol()).isEqualTo(ALPN);
        assertThat(handshake.clientSubject()).isEqualTo(PKI.clientEc().subject());
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnlessHostNameVerificationIsOff() throws Exception {
        server = new LoopbackTlsServer(OtherHostCertificate.serverContext(PKI), ALPN);
        CompletableFuture<LoopbackTlsServer.Handshake> refused = server.acceptOne();
        assertThatThrownBy(() -> connectOnce(
                                HiveMqTransport.mqtt5(),
                                "localhost",
                                managers(true).build())
                        .get(10, TimeUnit.SECONDS))
                .hasStackTraceContaining("localhost");
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                .as("the server saw no completed handshake")
                .isNotNull();
        transport.close();

        CompletableFuture<LoopbackTlsServer.Handshake> accepted = server.acceptOne();
        connectOnce(HiveMqTransport.mqtt5(), "localhost", managers(false).build());
        assertThat(accepted.get(10, TimeUnit.SECONDS).clientSubject())
                .isEqualTo(PKI.clientRsa().subject());
    }

    /** Key and trust managers for the RSA client identity, trusting the test CA. */
    private static TlsSettings.Builder managers(boolean verifyHostname) {
        TlsSettings made = PemTls.tlsSettings(
                        PKI.clientRsa().chainPem(), PKI.clientRsa().privateKeyPem(TestPki.KeyFormat.PKCS8), PKI.caPem())
                .build();
        return TlsSettings.builder()
                .keyManagers(made.keyManagers())
                .trustManagers(made.trustManagers())
                .verifyHostname(verifyHostname);
    }

    /**
     * Makes one connection attempt to the loopback server, which completes the handshake, echoes the first byte of
     * the CONNECT and closes: the attempt itself then fails.
     */
    private CompletableFuture<?> connectOnce(TransportFactory factory, String host, TlsSettings tls) {
        transport = factory.create(ConnectionSettings.builder(host, server.port(), "tls-it")
                .tls(tls)
                .connectPolicy(
                        new ConnectPolicy(Duration.ofSeconds(5), false, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .build());
        transport.start(new RecordingEvents());
        return transport.connect();
    }
}
