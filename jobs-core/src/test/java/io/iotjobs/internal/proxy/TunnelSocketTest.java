package io.iotjobs.internal.proxy;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.HttpProxySettings;
import io.iotjobs.core.spi.TlsSettings;
import io.iotjobs.internal.tls.LoopbackTlsServer;
import io.iotjobs.internal.tls.PemTls;
import io.iotjobs.internal.tls.ProxiedSocketFactory;
import io.iotjobs.internal.tls.SocketFactories;
import io.iotjobs.internal.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Paho transports' sockets through a proxy, used as Paho uses them ({@code createSocket()}, then
 * {@code connect(address, timeout)}, then the streams): the tunnel to the address's host as written, TLS over it
 * with ALPN and SNI for the broker, and an unreachable proxy named.
 */
class TunnelSocketTest {

    private static final String ALPN = "x-amzn-mqtt-ca";
    private static final TestPki PKI = TestPki.shared();

    private ScriptedProxy proxy;

    @BeforeEach
    void start() throws Exception {
        proxy = new ScriptedProxy();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    private ConnectionSettings.Builder settings(String host, int port) {
        return ConnectionSettings.builder(host, port, "tunnel-test")
                .httpProxy(HttpProxySettings.of("127.0.0.1", proxy.port()));
    }

    @Test
    void tlsOverTheTunnelOffersAlpnAndTheBrokersNameAsSni() throws Exception {
        try (LoopbackTlsServer server = new LoopbackTlsServer(PKI.serverContext(), ALPN)) {
            TlsSettings tls = PemTls.tlsSettings(
                            PKI.clientRsa().chainPem(),
                            PKI.clientRsa().privateKeyPem(TestPki.KeyFormat.PKCS8),
                            PKI.caPem())
                    .alpnProtocols(List.of(ALPN))
                    .build();
            SocketFactory factory = SocketFactories.forSettings(
                    settings("localhost", server.port()).tls(tls).build());
            assertThat(factory).isInstanceOf(ProxiedSocketFactory.class);
            CompletableFuture<String> request =
                    proxy.answerOnce(List.of("HTTP/1.1 200 Connection established\r\n\r\n"), server.port());
            CompletableFuture<LoopbackTlsServer.Handshake> seen = server.acceptOne();

            try (Socket socket = factory.createSocket()) {
                assertThat(socket.isConnected()).isFalse();
                assertThat(server.connectAndEcho(socket, "localhost", 42)).isEqualTo(42);
                assertThat(socket.isConnected()).isTrue();
                assertThat(socket.getSoTimeout()).as("what the caller set").isEqualTo(10_000);
            }
            assertThat(request.get(10, SECONDS)).startsWith("CONNECT localhost:" + server.port() + " HTTP/1.1\r\n");
            LoopbackTlsServer.Handshake handshake = seen.get(10, SECONDS);
            assertThat(handshake.applicationProtocol()).isEqualTo(ALPN);
            assertThat(handshake.requestedServerNames()).containsExactly("localhost");
            assertThat(handshake.clientSubject()).isEqualTo(PKI.clientRsa().subject());
        }
    }

    @Test
    void plainTcpOverTheTunnelUsesTheHostAsWrittenWithoutLookingItUp() throws Exception {
        SocketFactory factory =
                SocketFactories.forSettings(settings("broker.invalid", 1883).build());
        CompletableFuture<String> request = proxy.answerOnce(List.of("HTTP/1.0 200 OK\r\n\r\n"), 0);
        try (Socket socket = factory.createSocket()) {
            socket.connect(InetSocketAddress.createUnresolved("broker.invalid", 1883), 10_000);
            socket.getOutputStream().write(7);
            assertThat(socket.getInputStream().read())
                    .as("echoed through the tunnel")
                    .isEqualTo(7);
        }
        assertThat(request.get(10, SECONDS)).startsWith("CONNECT broker.invalid:1883 HTTP/1.1\r\n");
    }

    @Test
    void anUnreachableProxyIsNamed() throws Exception {
        int nothing;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = free.getLocalPort();
        }
        Socket socket = new TunnelSocket(HttpProxySettings.of("127.0.0.1", nothing), null);
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", 1883), 10_000))
                .isInstanceOf(HttpProxyException.class)
                .hasMessageStartingWith("cannot reach the HTTP proxy 127.0.0.1:" + nothing + ": ")
                .hasMessageEndingWith("(check the httpProxy host and port)");
        assertThat(socket.isClosed()).isTrue();
    }

    @Test
    void aRefusalClosesTheSocketAndClosedSocketsCannotConnect() throws Exception {
        proxy.answerOnce(List.of("HTTP/1.0 403 Access violation\r\n\r\n"), -1);
        Socket socket =
                SocketFactories.forSettings(settings("127.0.0.1", 1883).build()).createSocket();
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", 1883), 10_000))
                .isInstanceOf(HttpProxyException.class)
                .hasMessageContaining("403 Access violation");
        assertThat(socket.isClosed()).isTrue();
        assertThatThrownBy(socket::getInputStream).hasMessage("Socket is closed");
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", 1883), 10_000))
                .hasMessage("Socket is closed");
    }
}
