package io.iotjobs.internal.proxy;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iotjobs.core.spi.HttpProxySettings;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code CONNECT} exchange: the request written, the answer's status line and header fields parsed however the
 * bytes arrive, nothing of the tunnel consumed, and each failure worded with the proxy's address and status line
 * and without the credentials.
 */
class HttpConnectTest {

    private static final String TARGET = "broker.example:8883";

    private ScriptedProxy proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = new ScriptedProxy();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
    }

    private HttpProxySettings settings() {
        return HttpProxySettings.of("127.0.0.1", proxy.port());
    }

    /** Opens a tunnel through the test's proxy with these settings and returns how the proxy refused it. */
    private HttpProxyException refusal(HttpProxySettings settings) throws IOException {
        try (Socket socket = connected()) {
            return catchThrowableOfType(
                    HttpProxyException.class, () -> HttpConnect.open(socket, settings, TARGET, 10_000));
        }
    }

    private Socket connected() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 10_000);
        return socket;
    }

    @Test
    void sendsConnectWithHostAndNoAuthorizationWithoutCredentials() throws Exception {
        var request = proxy.answerOnce(List.of("HTTP/1.1 200 Connection established\r\n\r\n"), 0);
        try (Socket socket = connected()) {
            HttpConnect.open(socket, settings(), TARGET, 10_000);
        }
        assertThat(request.get(10, SECONDS))
                .isEqualTo("CONNECT broker.example:8883 HTTP/1.1\r\n" + "Host: broker.example:8883\r\n\r\n");
    }

    @Test
    void sendsBasicCredentials() throws Exception {
        var request = proxy.answerOnce(List.of("HTTP/1.0 200 OK\r\n\r\n"), 0);
        try (Socket socket = connected()) {
            HttpConnect.open(
                    socket, HttpProxySettings.withBasicAuth("127.0.0.1", proxy.port(), "dev", "pä:ss"), TARGET, 10_000);
        }
        String expected = Base64.getEncoder().encodeToString("dev:pä:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(request.get(10, SECONDS)).contains("\r\nProxy-Authorization: Basic " + expected + "\r\n");
    }

    @Test
    void answerSplitAcrossWritesAndBytesAfterTheHeadStayInTheTunnel() throws Exception {
        proxy.answerOnce(
                List.of(
                        "HTT",
                        "P/1.1 2",
                        "00 Connection established\r",
                        "\nProxy-Agent: test\r\n",
                        "Content-Length: 5\r\n\r",
                        "\nAB"),
                0);
        try (Socket socket = connected()) {
            HttpConnect.open(socket, settings(), TARGET, 10_000);
            socket.getOutputStream().write('C');
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            // a 2xx answer to CONNECT has no body whatever Content-Length says: "AB" is the tunnel's, then the echo
            assertThat(new String(in.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("ABC");
            assertThat(socket.getSoTimeout()).isZero();
        }
    }

    @Test
    void parsesStatusLineAndHeadersWithBareLineFeeds() throws Exception {
        byte[] bytes = ("HTTP/1.1 407 Proxy Authentication Required\nProxy-Authenticate: Basic realm=\"x\"\n"
                        + "X-Empty:\nno colon here\n\ntunnel")
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        HttpConnect.Response response = HttpConnect.Response.read(in);
        assertThat(response.status()).isEqualTo(407);
        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 407 Proxy Authentication Required");
        assertThat(response.header("proxy-authenticate")).contains("Basic realm=\"x\"");
        assertThat(response.headers()).containsOnlyKeys("proxy-authenticate", "x-empty");
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("tunnel");
    }

    @Test
    void statusLineWithoutReasonPhraseIsAccepted() throws Exception {
        HttpConnect.Response response = HttpConnect.Response.read(
                new ByteArrayInputStream("HTTP/1.1 200\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void notHttpIsAProtocolErrorQuotingTheLineCleaned() {
        assertThatThrownBy(() -> HttpConnect.Response.read(new ByteArrayInputStream(
                        "SSH-2.0-OpenSSH\u0007\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("something that is not an HTTP answer: \"SSH-2.0-OpenSSH?\"");
        assertThatThrownBy(() -> HttpConnect.Response.read(
                        new ByteArrayInputStream("HTTP/1.1 20x OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void endOfStreamInsideTheHeadAndOverlongHeads() {
        assertThatThrownBy(() -> HttpConnect.Response.read(new ByteArrayInputStream(
                        "HTTP/1.1 200 OK\r\nVia: x\r\n".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(EOFException.class);
        byte[] huge = ("HTTP/1.1 200 OK\r\nX: " + "a".repeat(HttpConnect.MAX_HEAD_BYTES) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> HttpConnect.Response.read(new ByteArrayInputStream(huge)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("longer than 16384 bytes");
    }

    @Test
    void requiredAuthenticationWithoutCredentialsNamesProxyAndStatusLine() throws Exception {
        proxy.answerOnce(
                List.of("HTTP/1.0 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"tinyproxy\"\r\n\r\n<html>body</html>"),
                0);
        HttpProxyException e = refusal(settings());
        assertThat(e)
                .hasMessage("the HTTP proxy 127.0.0.1:" + proxy.port() + " refused the tunnel to "
                        + TARGET
                        + ": HTTP/1.0 407 Proxy Authentication Required (the proxy requires authentication: give"
                        + " httpProxy a username and password)");
        assertThat(e.status()).hasValue(407);
        assertThat(e.lasting()).isTrue();
    }

    @Test
    void wrongCredentialsAreSaidSoWithoutPrintingThem() throws Exception {
        proxy.answerOnce(List.of("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"), 0);
        HttpProxyException e = refusal(HttpProxySettings.withBasicAuth("127.0.0.1", proxy.port(), "someone", "s3cret"));
        assertThat(e.getMessage())
                .endsWith("(the proxy did not accept the httpProxy username and password)")
                .doesNotContain("someone")
                .doesNotContain("s3cret");
    }

    @Test
    void unauthorizedAsSomeProxiesSendItForWrongCredentialsIsTheSame() throws Exception {
        proxy.answerOnce(List.of("HTTP/1.0 401 Unauthorized\r\n\r\n"), 0);
        HttpProxyException e = refusal(HttpProxySettings.withBasicAuth("127.0.0.1", proxy.port(), "someone", "s3cret"));
        assertThat(e)
                .hasMessageEndingWith(": HTTP/1.0 401 Unauthorized (the proxy did not accept the httpProxy"
                        + " username and password)");
        assertThat(e.lasting()).isTrue();
    }

    @Test
    void anotherAuthenticationSchemeIsNamed() throws Exception {
        proxy.answerOnce(
                List.of("HTTP/1.1 407 Proxy Authentication Required\r\n" + "Proxy-Authenticate: Negotiate\r\n\r\n"), 0);
        try (Socket socket = connected()) {
            assertThatThrownBy(() -> HttpConnect.open(socket, settings(), TARGET, 10_000))
                    .hasMessageEndingWith(
                            "(the proxy asks for Negotiate authentication; the SDK supports Basic" + " only)");
        }
    }

    @Test
    void forbiddenIsALastingRefusal() throws Exception {
        proxy.answerOnce(List.of("HTTP/1.0 403 Access violation\r\n\r\n"), 0);
        HttpProxyException e = refusal(settings());
        assertThat(e.getMessage())
                .contains(
                        ": HTTP/1.0 403 Access violation (the proxy does not allow tunnels to" + " this host and port");
        assertThat(e.lasting()).isTrue();
    }

    @Test
    void badGatewayIsNotLasting() throws Exception {
        proxy.answerOnce(List.of("HTTP/1.1 502 Bad Gateway\r\n\r\n"), 0);
        HttpProxyException e = refusal(settings());
        assertThat(e).hasMessageEndingWith("refused the tunnel to " + TARGET + ": HTTP/1.1 502 Bad Gateway");
        assertThat(e.lasting()).isFalse();
    }

    @Test
    void closedBeforeTheEndOfTheAnswer() throws Exception {
        proxy.answerOnce(List.of("HTTP/1.1 200"), -1);
        try (Socket socket = connected()) {
            assertThatThrownBy(() -> HttpConnect.open(socket, settings(), TARGET, 10_000))
                    .isInstanceOf(HttpProxyException.class)
                    .hasMessageEndingWith("did not open the tunnel to " + TARGET + ": it closed the connection"
                            + " before answering CONNECT");
        }
    }

    @Test
    void noAnswerInTimeIsSaidSo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new Socket()) {
            socket.connect(silent.getLocalSocketAddress(), 10_000);
            HttpProxySettings quiet = HttpProxySettings.of("127.0.0.1", silent.getLocalPort());
            assertThatThrownBy(() -> HttpConnect.open(socket, quiet, TARGET, 50))
                    .isInstanceOf(HttpProxyException.class)
                    .hasMessage("the HTTP proxy 127.0.0.1:" + silent.getLocalPort() + " did not open the tunnel to "
                            + TARGET + ": it sent no answer to CONNECT within 50 ms");
        }
    }

    @Test
    void answerThatIsNotHttp() throws Exception {
        proxy.answerOnce(List.of("\u0000\u0001garbage\r\n\r\n"), 0);
        try (Socket socket = connected()) {
            assertThatThrownBy(() -> HttpConnect.open(socket, settings(), TARGET, 10_000))
                    .isInstanceOf(HttpProxyException.class)
                    .hasMessageEndingWith("did not open the tunnel to " + TARGET + ": it answered CONNECT with"
                            + " something that is not an HTTP answer: \"??garbage\"");
        }
    }

    @Test
    void ipv6TargetsAreBracketed() {
        assertThat(HttpConnect.target("::1", 8883)).isEqualTo("[::1]:8883");
        assertThat(HttpConnect.target("broker", 443)).isEqualTo("broker:443");
        assertThat(HttpProxySettings.of("::1", 3128).address()).isEqualTo("[::1]:3128");
    }
}
