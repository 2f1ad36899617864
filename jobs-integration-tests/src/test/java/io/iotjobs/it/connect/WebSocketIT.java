package io.iotjobs.it.connect;

import static io.iotjobs.it.connect.ConnectChecks.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.auth.AwsCredentials;
import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.internal.auth.SigV4;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.it.support.MosquittoBroker;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.clients.TestTransports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT over WebSockets on every transport against the embedded broker's and Mosquitto's WebSocket listeners, and
 * the Signature Version 4 presigned upgrade request as the broker receives it (the brokers do not check SigV4:
 * the test does, from the recorded request), fresh on each reconnect, and refused before any attempt when the
 * credentials have expired.
 */
class WebSocketIT {

    private static final String REGION = "eu-west-1";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjE/+session==";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static EmbeddedBroker embedded;

    @BeforeAll
    static void startBroker() {
        embedded = EmbeddedBroker.builder().webSocket().start();
    }

    @AfterAll
    static void stopBroker() {
        embedded.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3", "hivemq5", "hivemq3"})
    void connectsOverTheEmbeddedBrokersWebSocketListener(String transport) throws Exception {
        try (MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", embedded.webSocketPort())
                .webSockets()
                .transport(TestTransports.byName(transport))
                .build()) {
            ConnectChecks.connectAndRoundTrip(connection);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3", "hivemq5", "hivemq3"})
    void connectsOverMosquittosWebSocketListener(String transport) throws Exception {
        Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
        try (MosquittoBroker mosquitto = MosquittoBroker.builder().webSockets().start();
                MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", mosquitto.webSocketPort())
                        .webSockets()
                        .transport(TestTransports.byName(transport))
                        .build()) {
            ConnectChecks.connectAndRoundTrip(connection);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"paho5, embedded", "paho3, embedded", "paho5, mosquitto", "paho3, mosquitto"})
    void eachAttemptCarriesAFreshPresignedUrl(String transport, String broker) throws Exception {
        MosquittoBroker mosquitto = null;
        if (broker.equals("mosquitto")) {
            Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
            mosquitto = MosquittoBroker.builder().webSockets().start();
        }
        try {
            presignedOnEachAttempt(transport, mosquitto);
        } finally {
            if (mosquitto != null) {
                mosquitto.close();
            }
        }
    }

    private static void presignedOnEachAttempt(String transport, MosquittoBroker mosquitto) throws Exception {
        MovableClock clock = new MovableClock(T0);
        Map<String, String> environment = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
                CredentialsSource.ACCESS_KEY_ID,
                "ASIAFIRST",
                CredentialsSource.SECRET_ACCESS_KEY,
                SECRET,
                CredentialsSource.SESSION_TOKEN,
                TOKEN));
        RecordingProxy recorder = mosquitto != null
                ? RecordingProxy.http("127.0.0.1", mosquitto.webSocketPort())
                : RecordingProxy.http("127.0.0.1", embedded.webSocketPort()).stripQuery();
        try (RecordingProxy proxy = recorder;
                MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", proxy.port())
                        .sigV4(REGION, CredentialsSource.fromVariables(environment))
                        .signingClock(clock)
                        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(100))
                        .transport(TestTransports.byName(transport))
                        .build()) {
            ConnectChecks.connectAndRoundTrip(connection);
            String first = proxy.nextHead(WAIT);
            Map<String, String> query = checkSigned(first, proxy.port(), "ASIAFIRST", "20260301T100000Z");
            assertThat(query.get("X-Amz-Security-Token")).isEqualTo("IQoJb3JpZ2luX2VjE%2F%2Bsession%3D%3D");

            // a reconnect an hour later, after the credentials were rotated, signs anew
            clock.now = T0.plus(Duration.ofHours(1));
            environment.put(CredentialsSource.ACCESS_KEY_ID, "ASIASECOND");
            environment.remove(CredentialsSource.SESSION_TOKEN);
            proxy.cut();
            String second = proxy.nextHead(WAIT);
            Map<String, String> again = checkSigned(second, proxy.port(), "ASIASECOND", "20260301T110000Z");
            assertThat(again).doesNotContainKey("X-Amz-Security-Token");
            assertThat(again.get("X-Amz-Signature")).isNotEqualTo(query.get("X-Amz-Signature"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3"})
    void expiredCredentialsFailConnectBeforeAnyAttempt(String transport) throws Exception {
        CredentialsSource expired =
                CredentialsSource.of(AwsCredentials.of("ASIAOLD", SECRET, TOKEN, T0.minusSeconds(30)));
        try (RecordingProxy proxy = RecordingProxy.http("127.0.0.1", embedded.webSocketPort());
                MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", proxy.port())
                        .sigV4(REGION, expired)
                        .signingClock(Clock.fixed(T0, ZoneOffset.UTC))
                        .transport(TestTransports.byName(transport))
                        .build()) {
            assertThatThrownBy(() -> connection.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .hasMessageContaining("sigV4: credentials expired at 2026-03-01T09:59:30Z");
            assertThat(proxy.connections())
                    .as("no connection attempted with an expired signature")
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3"})
    void missingCredentialsFailConnectSayingSo(String transport) {
        try (MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", embedded.webSocketPort())
                .sigV4(REGION, CredentialsSource.fromVariables(Map.of()))
                .transport(TestTransports.byName(transport))
                .build()) {
            assertThatThrownBy(() -> connection.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .hasMessageContaining("credentials missing: the environment variables AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY must both be set");
        }
    }

    /**
     * Checks the recorded upgrade request against AWS IoT's presigned URL: the parameters, the scope, and the
     * signature recomputed here from the request as received.
     */
    private static Map<String, String> checkSigned(String head, int port, String accessKeyId, String amzDate) {
        String[] lines = head.split("\r\n");
        assertThat(lines[0]).startsWith("GET /mqtt?").endsWith(" HTTP/1.1");
        String host = null;
        for (String line : lines) {
            if (line.regionMatches(true, 0, "Host:", 0, 5)) {
                host = line.substring(5).trim();
            }
        }
        assertThat(host).isEqualTo("127.0.0.1:" + port);
        String rawQuery = lines[0].substring("GET /mqtt?".length(), lines[0].length() - " HTTP/1.1".length());
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String scope = amzDate.substring(0, 8) + "/" + REGION + "/iotdevicegateway/aws4_request";
        assertThat(query)
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .containsEntry("X-Amz-Credential", accessKeyId + "%2F" + scope.replace("/", "%2F"))
                .containsEntry("X-Amz-Date", amzDate)
                .containsEntry("X-Amz-SignedHeaders", "host");
        String signed = rawQuery.substring(0, rawQuery.indexOf("&X-Amz-Signature="));
        String canonical = "GET\n/mqtt\n" + signed + "\nhost:" + host + "\n\nhost\n" + SigV4.EMPTY_PAYLOAD_SHA256;
        String expected = SigV4.signature(
                SECRET, scope, "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + SigV4.sha256Hex(canonical));
        assertThat(query.get("X-Amz-Signature")).isEqualTo(expected);
        return query;
    }

    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
