package io.iotjobs.internal.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real loopback handshakes through {@link TlsSocketFactory}, used the way Paho uses a socket factory for a
 * {@code tcp://} URI: {@code createSocket()}, then {@code connect(address, timeout)}, then the first write.
 */
class TlsSocketFactoryTest {

    private static final String ALPN = "x-amzn-mqtt-ca";
    private static final TestPki PKI = TestPki.shared();

    private LoopbackTlsServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new LoopbackTlsServer(PKI.serverContext(), ALPN);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private static SSLContext client(TestPki.Identity identity, byte[] caPem) {
        return PemTls.clientContext(identity.chainPem(), identity.privateKeyPem(TestPki.KeyFormat.PKCS8), caPem);
    }

    @Test
    void handshakeNegotiatesAlpnSendsSniAndPresentsTheClientCertificate() throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(PKI.clientRsa(), PKI.caPem()), "localhost", List.of(ALPN), true);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        try (Socket socket = factory.createSocket()) {
            assertThat(socket).isInstanceOf(SSLSocket.class);
            assertThat(socket.isConnected()).isFalse();
            assertThat(socket.getTcpNoDelay()).isTrue();

            assertThat(server.connectAndEcho(socket, "localhost", 42)).isEqualTo(42);

            assertThat(socket.getTcpNoDelay()).isTrue();
            SSLSocket ssl = (SSLSocket) socket;
            assertThat(ssl.getApplicationProtocol()).isEqualTo(ALPN);
            assertThat(ssl.getSSLParameters().getEndpointIdentificationAlgorithm())
                    .isEqualTo("HTTPS");
            assertThat(ssl.getSession().getPeerPrincipal().getName())
                    .isEqualTo(PKI.server().subject());
        }
        LoopbackTlsServer.Handshake handshake = seen.get(10, SECONDS);
        assertThat(handshake.applicationProtocol()).isEqualTo(ALPN);
        assertThat(handshake.clientSubject()).isEqualTo(PKI.clientRsa().subject());
        assertThat(handshake.requestedServerNames()).containsExactly("localhost");
        assertThat(handshake.echoed()).isEqualTo(42);
    }

    @Test
    void socketsEnableOnlyTheVersionsAndCipherSuitesGiven() throws Exception {
        TlsSocketFactory factory = new TlsSocketFactory(
                client(PKI.clientEc(), PKI.caPem()),
                "localhost",
                List.of(),
                true,
                List.of("TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        try (Socket socket = factory.createSocket()) {
            SSLSocket ssl = (SSLSocket) socket;
            assertThat(ssl.getEnabledProtocols()).containsExactly("TLSv1.2");
            assertThat(ssl.getEnabledCipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
            server.connectAndEcho(socket, "localhost", 1);
        }
        LoopbackTlsServer.Handshake handshake = seen.get(10, SECONDS);
        assertThat(handshake.protocol()).isEqualTo("TLSv1.2");
        assertThat(handshake.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void ecClientCertificateWorksToo() throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(PKI.clientEc(), PKI.caPem()), "localhost", List.of(ALPN), true);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
        try (Socket socket = factory.createSocket()) {
            assertThat(server.connectAndEcho(socket, "localhost", 7)).isEqualTo(7);
        }
        assertThat(seen.get(10, SECONDS).clientSubject())
                .isEqualTo(PKI.clientEc().subject());
    }

    @Test
    void withoutAlpnNoProtocolIsNegotiated() throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(PKI.clientRsa(), PKI.caPem()), "localhost", List.of(), true);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
        try (Socket socket = factory.createSocket()) {
            assertThat(server.connectAndEcho(socket, "localhost", 1)).isEqualTo(1);
            assertThat(((SSLSocket) socket).getApplicationProtocol()).isEmpty();
        }
        assertThat(seen.get(10, SECONDS).applicationProtocol()).isEmpty();
    }

    @Test
    void ipLiteralHostSendsNoSniAndVerifiesAgainstTheIpAddress() throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(PKI.clientRsa(), PKI.caPem()), "127.0.0.1", List.of(ALPN), true);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
        try (Socket socket = factory.createSocket()) {
            assertThat(server.connectAndEcho(socket, "127.0.0.1", 3)).isEqualTo(3);
        }
        assertThat(seen.get(10, SECONDS).requestedServerNames()).isEmpty();
    }

    @Test
    void clientTrustingAnotherCaFailsTheHandshake() throws Exception {
        TlsSocketFactory factory = new TlsSocketFactory(
                client(PKI.clientRsa(), PKI.otherCa().certificatePem()), "localhost", List.of(ALPN), true);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        Throwable failure;
        try (Socket socket = factory.createSocket()) {
            failure = catchThrowable(() -> server.connectAndEcho(socket, "localhost", 1));
        }
        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
        assertThat(TlsFailures.explain(failure)).contains(TlsFailures.SERVER_NOT_TRUSTED);
        assertServerFailed(seen);
    }

    @Test
    void hostnameVerificationRejectsAnotherHost() throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(PKI.clientRsa(), PKI.caPem()), "wrong.example", List.of(ALPN), true);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        Throwable failure;
        try (Socket socket = factory.createSocket()) {
            failure = catchThrowable(() -> server.connectAndEcho(socket, "wrong.example", 1));
        }
        assertThat(failure).isInstanceOf(SSLHandshakeException.class);
        assertThat(TlsFailures.explain(failure))
                .hasValueSatisfying(explanation -> assertThat(explanation)
                        .startsWith(TlsFailures.HOSTNAME_MISMATCH)
                        .contains("wrong.example"));
        assertServerFailed(seen);
    }

    @Test
    void withoutHostnameVerificationAnotherHostIsAccepted() throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(PKI.clientRsa(), PKI.caPem()), "wrong.example", List.of(ALPN), false);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
        try (Socket socket = factory.createSocket()) {
            assertThat(((SSLSocket) socket).getSSLParameters().getEndpointIdentificationAlgorithm())
                    .isNull();
            assertThat(server.connectAndEcho(socket, "wrong.example", 5)).isEqualTo(5);
        }
        assertThat(seen.get(10, SECONDS).requestedServerNames()).containsExactly("wrong.example");
    }

    @Test
    void expiredClientCertificateIsRejectedByTheServer() throws Exception {
        assertClientCertificateRejected(PKI.clientExpired());
    }

    @Test
    void clientCertificateFromAnUnrelatedCaIsRejectedByTheServer() throws Exception {
        assertClientCertificateRejected(PKI.otherClient());
    }

    private void assertClientCertificateRejected(TestPki.Identity identity) throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(identity, PKI.caPem()), "localhost", List.of(ALPN), true);
        CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

        Throwable failure;
        try (Socket socket = factory.createSocket()) {
            // with TLS 1.3 the client finishes its side of the handshake before the server has checked the
            // client certificate, so the refusal may only show on the read
            failure = catchThrowable(() -> server.connectAndEcho(socket, "localhost", 1));
        }
        assertThat(failure).isInstanceOf(SSLException.class);
        assertThat(TlsFailures.explain(failure))
                .hasValueSatisfying(explanation -> assertThat(explanation).startsWith(TlsFailures.CLIENT_REJECTED));
        Throwable serverFailure = assertServerFailed(seen);
        assertThat(serverFailure).isInstanceOf(SSLHandshakeException.class);
    }

    private static Throwable assertServerFailed(CompletableFuture<LoopbackTlsServer.Handshake> seen) {
        Throwable thrown = catchThrowable(() -> seen.get(10, SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    @Test
    void connectingOverloadsReturnConnectedConfiguredSockets() throws Exception {
        TlsSocketFactory factory =
                new TlsSocketFactory(client(PKI.clientRsa(), PKI.caPem()), "localhost", List.of(ALPN), true);
        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        for (int i = 0; i < 2; i++) {
            CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();
            try (Socket socket = i == 0
                    ? factory.createSocket(loopback, server.port())
                    : factory.createSocket(loopback, server.port(), loopback, 0)) {
                assertThat(socket.isConnected()).isTrue();
                assertThat(socket.getTcpNoDelay()).isTrue();
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(9);
                socket.getOutputStream().flush();
                assertThat(socket.getInputStream().read()).isEqualTo(9);
                assertThat(((SSLSocket) socket).getApplicationProtocol()).isEqualTo(ALPN);
            }
            assertThat(seen.get(10, SECONDS).requestedServerNames()).containsExactly("localhost");
        }
    }

    @Test
    void constructorRejectsBadArguments() {
        SSLContext context = client(PKI.clientRsa(), PKI.caPem());
        assertThatThrownBy(() -> new TlsSocketFactory(null, "h", List.of(), true))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("context");
        assertThatThrownBy(() -> new TlsSocketFactory(context, null, List.of(), true))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("host");
        assertThatThrownBy(() -> new TlsSocketFactory(context, "h", null, true))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("alpnProtocols");
        assertThatThrownBy(() -> new TlsSocketFactory(context, "", List.of(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("host:");
        assertThatThrownBy(() -> new TlsSocketFactory(context, "h", List.of(""), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alpnProtocols:");
    }

    @Test
    void noDelaySocketFactorySetsTcpNoDelay() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            try (Socket unconnected = NoDelaySocketFactory.INSTANCE.createSocket()) {
                assertThat(unconnected.isConnected()).isFalse();
                assertThat(unconnected.getTcpNoDelay()).isTrue();
            }
            try (Socket connected = NoDelaySocketFactory.INSTANCE.createSocket(
                            listener.getInetAddress(), listener.getLocalPort());
                    Socket accepted = listener.accept()) {
                assertThat(connected.isConnected()).isTrue();
                assertThat(connected.getTcpNoDelay()).isTrue();
                assertThat(accepted.getPort()).isEqualTo(connected.getLocalPort());
            }
        }
    }
}
