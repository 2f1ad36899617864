package io.iotjobs.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.auth.AwsCredentials;
import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.core.spi.WebSocketSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IotWebSocketSignerTest {

    private static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final AwsCredentials LONG_TERM =
            AwsCredentials.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String TOKEN = "AQoD/+token==";

    private static IotWebSocketSigner signer(CredentialsSource source, Clock clock) {
        return new IotWebSocketSigner("abc-ats.iot.us-east-1.amazonaws.com", 443, "/mqtt", "us-east-1", source, clock);
    }

    @Test
    void presignsTheUpgradeRequestAsAwsIotDocumentsIt() {
        WebSocketSettings.Handshake handshake = signer(CredentialsSource.of(LONG_TERM), Clock.fixed(AT, ZoneOffset.UTC))
                .get();
        assertThat(handshake.path()).isEqualTo("/mqtt");
        assertThat(handshake.headers()).isEmpty();
        List<String> names = new ArrayList<>();
        for (String pair : handshake.query().split("&")) {
            names.add(pair.substring(0, pair.indexOf('=')));
        }
        assertThat(names)
                .containsExactly(
                        "X-Amz-Algorithm",
                        "X-Amz-Credential",
                        "X-Amz-Date",
                        "X-Amz-Expires",
                        "X-Amz-SignedHeaders",
                        "X-Amz-Signature");
        assertThat(handshake.query())
                .startsWith("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE"
                        + "%2F20150830%2Fus-east-1%2Fiotdevicegateway%2Faws4_request&X-Amz-Date=20150830T123600Z"
                        + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=");
        // the signature over the canonical request with the host header and the empty payload
        String unsigned = handshake.query().substring(0, handshake.query().indexOf("&X-Amz-Signature="));
        String canonical = "GET\n/mqtt\n" + unsigned + "\nhost:abc-ats.iot.us-east-1.amazonaws.com\n\nhost\n"
                + SigV4.EMPTY_PAYLOAD_SHA256;
        String scope = "20150830/us-east-1/iotdevicegateway/aws4_request";
        String expected = SigV4.signature(
                LONG_TERM.secretAccessKey(),
                scope,
                "AWS4-HMAC-SHA256\n20150830T123600Z\n" + scope + "\n" + SigV4.sha256Hex(canonical));
        assertThat(handshake.query()).endsWith("&X-Amz-Signature=" + expected);
    }

    @Test
    void appendsTheSessionTokenAfterSigning() {
        Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
        String plain = signer(CredentialsSource.of(LONG_TERM), clock).get().query();
        String temporary = signer(
                        CredentialsSource.of(AwsCredentials.of(
                                "AKIDEXAMPLE", LONG_TERM.secretAccessKey(), TOKEN, AT.plusSeconds(60))),
                        clock)
                .get()
                .query();
        assertThat(temporary).isEqualTo(plain + "&X-Amz-Security-Token=AQoD%2F%2Btoken%3D%3D");
    }

    @Test
    void namesThePortInTheSignedHostUnlessItIs443() {
        Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
        String on443 = signer(CredentialsSource.of(LONG_TERM), clock).get().query();
        String onOther = new IotWebSocketSigner(
                        "abc-ats.iot.us-east-1.amazonaws.com",
                        8443,
                        "/mqtt",
                        "us-east-1",
                        CredentialsSource.of(LONG_TERM),
                        clock)
                .get()
                .query();
        assertThat(onOther).isNotEqualTo(on443);
    }

    @Test
    void signsEachAttemptAfreshWithTheCurrentCredentials() {
        MutableClock clock = new MutableClock(AT);
        Map<String, String> environment = new HashMap<>(
                Map.of(CredentialsSource.ACCESS_KEY_ID, "AKID1", CredentialsSource.SECRET_ACCESS_KEY, "secret1"));
        IotWebSocketSigner signer = signer(CredentialsSource.fromVariables(environment), clock);
        String first = signer.get().query();
        clock.now = AT.plus(Duration.ofMinutes(5));
        environment.put(CredentialsSource.ACCESS_KEY_ID, "AKID2");
        String second = signer.get().query();
        assertThat(first).contains("AKID1%2F").contains("X-Amz-Date=20150830T123600Z");
        assertThat(second).contains("AKID2%2F").contains("X-Amz-Date=20150830T124100Z");
    }

    @Test
    void refusesExpiredCredentialsBeforeSigning() {
        CredentialsSource expired =
                CredentialsSource.of(AwsCredentials.of("AKID", "secret", TOKEN, AT.minusSeconds(1)));
        assertThatThrownBy(
                        () -> signer(expired, Clock.fixed(AT, ZoneOffset.UTC)).get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sigV4: credentials expired at 2015-08-30T12:35:59Z (now 2015-08-30T12:36:00Z); the"
                        + " credentials source must return fresh credentials");
    }

    @Test
    void saysWhenCredentialsAreMissing() {
        Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
        assertThatThrownBy(() ->
                        signer(CredentialsSource.fromVariables(Map.of()), clock).get())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sigV4: cannot get AWS credentials: credentials missing: the environment variables"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set");
        assertThatThrownBy(() -> signer(() -> null, clock).get())
                .hasMessage("sigV4: credentials missing: the credentials source returned none");
    }

    @Test
    void credentialsNameWhatIsMissing() {
        assertThatThrownBy(() -> AwsCredentials.of(" ", "s")).hasMessage("accessKeyId: missing (null or blank)");
        assertThatThrownBy(() -> AwsCredentials.of("a", null)).hasMessage("secretAccessKey: missing (null or blank)");
        assertThatThrownBy(() -> AwsCredentials.of("a", "s", "", null))
                .hasMessage("sessionToken: must not be blank (pass null for none)");
        assertThat(AwsCredentials.of("AKID", "secret", TOKEN, null).toString()).doesNotContain("secret", TOKEN);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
