package io.iotjobs.it.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.TlsVersion;
import io.iotjobs.internal.tls.LoopbackTlsServer;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.it.hivemq.OtherHostCertificate;
import io.iotjobs.testkit.clients.TestTransports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS settings of {@link MqttConnectionBuilder} (minimum version, cipher suites, host name verification) on
 * every transport, against a loopback TLS server that records what was negotiated: each test makes one
 * connection attempt, the server completes (or refuses) the handshake, echoes the first byte of the CONNECT and
 * closes.
 */
class TlsSettingsIT {

    private static final TestPki PKI = TestPki.shared();

    private LoopbackTlsServer server;

    static Stream<String> transports() {
        return TestTransports.NAMES.stream();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void tlsThirteenAsTheMinimumIsRefusedByATlsTwelveServer(String transport) throws Exception {
        server = new LoopbackTlsServer(PKI.serverContext()).protocols("TLSv1.2");
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        Throwable failure = connectFails(transport, "localhost", b -> b.minimumTlsVersion(TlsVersion.TLS_1_3));

        assertThat(failure)
                .hasMessageContaining("no TLS version or cipher suite in common")
                .hasMessageContaining("protocol_version");
        assertThatThrownBy(() -> seen.get(10, TimeUnit.SECONDS))
                .as("no handshake completed on the server")
                .isInstanceOf(ExecutionException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void tlsThirteenAsTheMinimumConnectsToATlsThirteenServer(String transport) throws Exception {
        server = new LoopbackTlsServer(PKI.serverContext()).protocols("TLSv1.3");
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        connectOnce(transport, "localhost", b -> b.minimumTlsVersion(TlsVersion.TLS_1_3));

        LoopbackTlsServer.Handshake handshake = seen.get(10, TimeUnit.SECONDS);
        assertThat(handshake.protocol()).isEqualTo("TLSv1.3");
        assertThat(handshake.clientSubject()).isEqualTo(PKI.clientEc().subject());
        assertThat(handshake.echoed()).as("the first byte of the CONNECT").isEqualTo(0x10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void byDefaultATlsTwelveServerIsAccepted(String transport) throws Exception {
        server = new LoopbackTlsServer(PKI.serverContext()).protocols("TLSv1.2");
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        connectOnce(transport, "localhost", UnaryOperator.identity());

        assertThat(seen.get(10, TimeUnit.SECONDS).protocol()).isEqualTo("TLSv1.2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void theCipherSuitesGivenAreTheOnesNegotiated(String transport) throws Exception {
        // neither is the JDK's first choice, so a transport that ignored the setting would negotiate another one
        server = new LoopbackTlsServer(PKI.serverContext()).protocols("TLSv1.2");
        CompletableFuture<LoopbackTlsServer.Handshake> tls12 = server.acceptOne();
        connectOnce(
                transport, "localhost", b -> b.cipherSuites(List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")));
        assertThat(tls12.get(10, TimeUnit.SECONDS).cipherSuite())
                .isEqualTo("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        server.close();

        server = new LoopbackTlsServer(PKI.serverContext());
        CompletableFuture<LoopbackTlsServer.Handshake> tls13 = server.acceptOne();
        connectOnce(transport, "localhost", b -> b.cipherSuites(List.of("TLS_CHACHA20_POLY1305_SHA256")));
        LoopbackTlsServer.Handshake handshake = tls13.get(10, TimeUnit.SECONDS);
        assertThat(handshake.protocol()).isEqualTo("TLSv1.3");
        assertThat(handshake.cipherSuite()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void aCertificateForAnotherHostIsRefusedUnlessHostNameVerificationIsOff(String transport) throws Exception {
        SSLContext otherHost = OtherHostCertificate.serverContext(PKI);
        server = new LoopbackTlsServer(otherHost);
        CompletableFuture<LoopbackTlsServer.Handshake> refused = server.acceptOne();
        assertThat(connectFails(transport, "localhost", UnaryOperator.identity()))
                .hasMessageContaining("does not match the host name");
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

        CompletableFuture<LoopbackTlsServer.Handshake> accepted = server.acceptOne();
        connectOnce(transport, "localhost", b -> b.verifyHostname(false));
        assertThat(accepted.get(10, TimeUnit.SECONDS).clientSubject())
                .isEqualTo(PKI.clientEc().subject());
    }

    private MqttConnectionBuilder builder(String transport, String host) {
        return MqttConnectionBuilder.mtlsFromBytes(
                        host, PKI.clientEc().chainPem(), PKI.clientEc().privateKeyPem(TestPki.KeyFormat.PKCS8))
                .caFromBytes(PKI.caPem())
                .port(server.port())
                .autoReconnect(false)
                .connectTimeout(Duration.ofSeconds(5))
                .transport(TestTransports.byName(transport));
    }

    /** One attempt that gets past the handshake: the server then closes, so the attempt itself fails. */
    private void connectOnce(String transport, String host, UnaryOperator<MqttConnectionBuilder> settings) {
        try (MqttConnection connection =
                settings.apply(builder(transport, host)).build()) {
            assertThatThrownBy(() -> connection.connect().get(30, TimeUnit.SECONDS))
                    .as("the loopback server closes after the first byte")
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private Throwable connectFails(String transport, String host, UnaryOperator<MqttConnectionBuilder> settings) {
        try (MqttConnection connection =
                settings.apply(builder(transport, host)).build()) {
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, () -> connection.connect().get(30, TimeUnit.SECONDS));
            return failure.getCause();
        }
    }
}
