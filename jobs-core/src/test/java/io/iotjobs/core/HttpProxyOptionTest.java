package io.iotjobs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.HttpProxySettings;
import io.iotjobs.internal.tls.TestPki;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder's HTTP proxy option: what reaches the settings, and a message per bad value naming it. */
class HttpProxyOptionTest {

    private static MqttConnectionBuilder plain() {
        return MqttConnectionBuilder.plain("127.0.0.1", 1883);
    }

    @Test
    void withoutTheOptionThereIsNoProxy() {
        assertThat(plain().settings().httpProxy()).isEmpty();
    }

    @Test
    void hostPortAndCredentialsReachTheSettings() {
        HttpProxySettings proxy = plain().httpProxy("proxy.corp", 3128, "dev", "secret")
                .settings()
                .httpProxy()
                .orElseThrow();
        assertThat(proxy.host()).isEqualTo("proxy.corp");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.username()).contains("dev");
        assertThat(proxy.password()).contains("secret");
        assertThat(plain().httpProxy("[::1]", 8080)
                        .settings()
                        .httpProxy()
                        .orElseThrow()
                        .address())
                .isEqualTo("[::1]:8080");
    }

    @Test
    void theLastCallWinsAndAnEmptyPasswordIsAllowed() {
        ConnectionSettings settings =
                plain().httpProxy("a", 1, "u", "p").httpProxy("b", 2, "u", "").settings();
        assertThat(settings.httpProxy().orElseThrow().address()).isEqualTo("b:2");
        assertThat(plain().httpProxy("a", 1, "u", "p")
                        .httpProxy("c", 3)
                        .settings()
                        .httpProxy()
                        .orElseThrow()
                        .username())
                .isEmpty();
    }

    @Test
    void tlsOn443KeepsAlpnThroughTheProxy() {
        TestPki.Identity device = TestPki.shared().clientRsa();
        ConnectionSettings settings = MqttConnectionBuilder.mtlsFromBytes(
                        "abc-ats.iot.eu-west-1.amazonaws.com",
                        device.chainPem(),
                        device.privateKeyPem(TestPki.KeyFormat.PKCS8))
                .port(443)
                .httpProxy("proxy.corp", 3128)
                .settings();
        assertThat(settings.tls().orElseThrow().alpnProtocols()).isEqualTo(List.of(MqttConnectionBuilder.AWS_IOT_ALPN));
        assertThat(settings.host()).as("TLS is for the broker").isEqualTo("abc-ats.iot.eu-west-1.amazonaws.com");
    }

    @Test
    void credentialsNeverAppearInDescriptions() {
        MqttConnectionBuilder builder = plain().httpProxy("proxy.corp", 3128, "dev-user", "s3cret");
        assertThat(builder.toString())
                .contains("via HTTP proxy proxy.corp:3128")
                .doesNotContain("dev-user")
                .doesNotContain("s3cret");
        assertThat(builder.settings().toString())
                .contains("proxy.corp:3128")
                .doesNotContain("dev-user")
                .doesNotContain("s3cret");
    }

    @Test
    void badHostsAreRefusedNamingTheOption() {
        for (String host : new String[] {"", " ", "http://proxy", "proxy:3128/", "user@proxy", "pro\nxy"}) {
            assertThatThrownBy(() -> plain().httpProxy(host, 3128))
                    .as(host)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("httpProxy host: ");
        }
        assertThatThrownBy(() -> plain().httpProxy("proxy.corp:3128", 3128))
                .hasMessage("httpProxy host: must be a host name or address without a port (give the port"
                        + " separately), got \"proxy.corp:3128\"");
        assertThatThrownBy(() -> plain().httpProxy(null, 3128))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("httpProxy host");
    }

    @Test
    void badPortsAreRefusedNamingTheOption() {
        for (int port : new int[] {0, -1, 65536}) {
            assertThatThrownBy(() -> plain().httpProxy("proxy", port))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("httpProxy port: must be 1..65535, got " + port);
        }
    }

    @Test
    void badCredentialsAreRefusedNamingTheFieldWithoutShowingIt() {
        for (String user : new String[] {"", "a:b", "tab\tuser"}) {
            assertThatThrownBy(() -> plain().httpProxy("proxy", 1, user, "pw"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("httpProxy username: ")
                    .hasMessageNotContaining(user.isEmpty() ? "\u0000" : user);
        }
        assertThatThrownBy(() -> plain().httpProxy("proxy", 1, "u", "line\r\nbreak"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("httpProxy password: must not contain control characters (basic authentication, RFC 7617)");
        assertThatThrownBy(() -> plain().httpProxy("proxy", 1, null, "pw"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("httpProxy username");
        assertThatThrownBy(() -> plain().httpProxy("proxy", 1, "u", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("httpProxy password");
    }

    @Test
    void aRefusedValueLeavesTheEarlierProxyInPlace() {
        MqttConnectionBuilder builder = plain().httpProxy("first", 3128);
        assertThatThrownBy(() -> builder.httpProxy("second", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.settings().httpProxy().orElseThrow().address()).isEqualTo("first:3128");
    }
}
