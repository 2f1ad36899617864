package io.iotjobs.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.WebSocketSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the builder makes of WebSockets, SigV4 and custom authorizers, and the bad input it refuses. */
class WebSocketBuilderTest {

    private static final String ENDPOINT = "abc123-ats.iot.eu-west-1.amazonaws.com";
    private static final CredentialsSource CREDENTIALS = CredentialsSource.of(AwsCredentials.of("AKID", "secret"));

    @Test
    void sigV4IsWssOn443WithoutAlpnOrClientCertificate() {
        ConnectionSettings settings = MqttConnectionBuilder.websocketSigV4(ENDPOINT, "eu-west-1", CREDENTIALS)
                .signingClock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC))
                .settings();
        assertThat(settings.serverUri()).isEqualTo("wss://" + ENDPOINT + ":443/mqtt");
        assertThat(settings.tls().orElseThrow().alpnProtocols()).isEmpty();
        assertThat(settings.tls().orElseThrow().keyManagers()).isEmpty();
        WebSocketSettings webSocket = settings.webSocket().orElseThrow();
        assertThat(webSocket.signedQuery()).isTrue();
        assertThat(webSocket.handshake().target())
                .startsWith("/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKID%2F20260102%2Feu-west-1%2Fiotdevicegateway%2Faws4_request"
                        + "&X-Amz-Date=20260102T030405Z&");
    }

    @Test
    void customAuthorizerIsTlsOn443WithAlpnMqttAndTheUsernameCarriesIt() {
        ConnectionSettings settings = MqttConnectionBuilder.customAuthorizer(
                        ENDPOINT, CustomAuthorizer.named("Auth").withSignedToken("token", "t1", "sig"))
                .credentials("dev", "pw".getBytes(StandardCharsets.UTF_8))
                .settings();
        assertThat(settings.serverUri()).isEqualTo("ssl://" + ENDPOINT + ":443");
        assertThat(settings.tls().orElseThrow().alpnProtocols()).containsExactly("mqtt");
        assertThat(settings.username())
                .contains("dev?x-amz-customauthorizer-name=Auth" + "&x-amz-customauthorizer-signature=sig&token=t1");
        assertThat(settings.password().orElseThrow()).isEqualTo("pw".getBytes(StandardCharsets.UTF_8));
        assertThat(settings.webSocket()).isEmpty();
    }

    @Test
    void customAuthorizerOverWebSocketsTravelsInTheUpgradeHeaders() {
        ConnectionSettings settings = MqttConnectionBuilder.customAuthorizer(ENDPOINT, CustomAuthorizer.named("Auth"))
                .webSockets()
                .credentials("dev", new byte[] {1})
                .settings();
        assertThat(settings.serverUri()).isEqualTo("wss://" + ENDPOINT + ":443/mqtt");
        assertThat(settings.tls().orElseThrow().alpnProtocols()).isEmpty();
        assertThat(settings.username()).contains("dev");
        assertThat(settings.webSocket().orElseThrow().handshake().headers())
                .isEqualTo(Map.of("x-amz-customauthorizer-name", "Auth"));
    }

    @Test
    void plainWebSocketsAndMtlsOn443KeepTheirAlpn() {
        ConnectionSettings ws =
                MqttConnectionBuilder.plain("127.0.0.1", 8080).webSockets("/ws").settings();
        assertThat(ws.serverUri()).isEqualTo("ws://127.0.0.1:8080/ws");
        assertThat(ws.webSocket().orElseThrow().handshake().target()).isEqualTo("/ws");
        assertThat(MqttConnectionBuilder.plain("127.0.0.1", 1883).settings().webSocket())
                .isEmpty();
        assertThat(List.of(MqttConnectionBuilder.AWS_IOT_ALPN, MqttConnectionBuilder.CUSTOM_AUTH_ALPN))
                .containsExactly("x-amzn-mqtt-ca", "mqtt");
    }

    @Test
    void badInputNamesTheOption() {
        assertThatThrownBy(() -> MqttConnectionBuilder.websocketSigV4(ENDPOINT, "Europe", CREDENTIALS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region: \"Europe\" is not an AWS region name (e.g. eu-west-1)");
        assertThatThrownBy(() -> MqttConnectionBuilder.plain("h", 1).webSockets("mqtt"))
                .hasMessage("webSocketPath: must start with / and hold no query, fragment or space, got \"mqtt\"");
        assertThatThrownBy(() -> MqttConnectionBuilder.plain("h", 1).webSockets("/mqtt?x=1"))
                .hasMessageStartingWith("webSocketPath:");
        assertThatThrownBy(() -> MqttConnectionBuilder.websocketSigV4(ENDPOINT, "eu-west-1", CREDENTIALS)
                        .customAuthorizer(CustomAuthorizer.named("A"))
                        .settings())
                .hasMessage("customAuthorizer: cannot be combined with sigV4; a connection authenticates with one of"
                        + " them");
        assertThatThrownBy(() -> MqttConnectionBuilder.customAuthorizer(ENDPOINT, CustomAuthorizer.named("A"))
                        .credentials("a?b", new byte[0])
                        .settings())
                .hasMessageStartingWith("credentials:");
        assertThatThrownBy(() -> MqttConnectionBuilder.customAuthorizer(ENDPOINT, CustomAuthorizer.named("A"))
                        .caFromBytes("not a certificate".getBytes(StandardCharsets.UTF_8))
                        .settings())
                .hasMessageStartingWith("ca:");
    }
}
