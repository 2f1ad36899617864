package io.iotjobs.auth.awssdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.auth.AwsCredentials;
import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.core.spi.WebSocketSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

class AwsSdkCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void longTermCredentialsOfAnSdkProviderCarryNoToken() {
        CredentialsSource source = AwsSdkCredentials.from(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));

        AwsCredentials credentials = source.credentials();

        assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(credentials.secretAccessKey()).isEqualTo("secret");
        assertThat(credentials.sessionToken()).isEmpty();
        assertThat(credentials.expiration()).isEmpty();
    }

    @Test
    void temporaryCredentialsKeepTheirSessionTokenAndExpiry() {
        AwsSessionCredentials session = AwsSessionCredentials.builder()
                .accessKeyId("ASIAEXAMPLE")
                .secretAccessKey("secret")
                .sessionToken("token/with+chars=")
                .expirationTime(NOW.plusSeconds(900))
                .build();

        AwsCredentials credentials = AwsSdkCredentials.from(StaticCredentialsProvider.create(session))
                .credentials();

        assertThat(credentials.sessionToken()).contains("token/with+chars=");
        assertThat(credentials.expiration()).contains(NOW.plusSeconds(900));
    }

    @Test
    void everyConnectionAttemptSignsWithWhatTheProviderHoldsThen() {
        AtomicInteger calls = new AtomicInteger();
        AwsCredentialsProvider rotating = () -> AwsBasicCredentials.create("AKID" + calls.incrementAndGet(), "s");
        WebSocketSettings webSocket = MqttConnectionBuilder.websocketSigV4(
                        "abc-ats.iot.eu-west-1.amazonaws.com", "eu-west-1", AwsSdkCredentials.from(rotating))
                .signingClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .settings()
                .webSocket()
                .orElseThrow();

        String first = webSocket.handshake().query();
        String second = webSocket.handshake().query();

        assertThat(first).contains("X-Amz-Credential=AKID1%2F20261204%2Feu-west-1%2Fiotdevicegateway%2Faws4_request");
        assertThat(second).contains("X-Amz-Credential=AKID2%2F");
    }

    @Test
    void aFailingProviderFailsTheAttemptNamingTheProviderAndItsCause() {
        AwsCredentialsProvider broken = new AwsCredentialsProvider() {
            @Override
            public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
                throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
            }

            @Override
            public String toString() {
                return "DefaultCredentialsProvider";
            }
        };

        assertThatThrownBy(() -> AwsSdkCredentials.from(broken).credentials())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DefaultCredentialsProvider")
                .hasMessageContaining("Unable to load credentials");
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeFailsTheAttempt() {
        IdentityProvider<AwsCredentialsIdentity> silent = new IdentityProvider<>() {
            @Override
            public Class<AwsCredentialsIdentity> identityType() {
                return AwsCredentialsIdentity.class;
            }

            @Override
            public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
                return new CompletableFuture<>();
            }

            @Override
            public String toString() {
                return "InstanceProfileCredentialsProvider";
            }
        };

        assertThatThrownBy(() ->
                        AwsSdkCredentials.from(silent, Duration.ofMillis(20)).credentials())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("InstanceProfileCredentialsProvider gave no credentials within PT0.02S");
    }

    @Test
    void aResolveTimeoutMustBePositive() {
        assertThatThrownBy(() -> AwsSdkCredentials.from(AnonymousSafe.PROVIDER, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("resolveTimeout:");
    }

    private static final class AnonymousSafe {
        static final AwsCredentialsProvider PROVIDER = () -> AwsBasicCredentials.create("a", "b");
    }
}
