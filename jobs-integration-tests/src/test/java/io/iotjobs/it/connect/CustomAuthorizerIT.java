package io.iotjobs.it.connect;

import static io.iotjobs.it.connect.ConnectChecks.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.auth.CustomAuthorizer;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.internal.tls.TestPki;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.it.support.MosquittoBroker;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.testkit.clients.TestTransports;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AWS IoT custom authorizers on every transport: Mosquitto's password file holds the exact user name AWS IoT
 * expects (written out here by hand, not by the SDK), so the broker accepts the SDK's CONNECT only if it carries
 * that string and the password; a wrong token is refused and the CONNACK's reason reaches the caller. Over
 * WebSockets the authorizer travels in the upgrade request's headers, as the broker receives them. Direct TLS
 * offers the ALPN protocol {@code mqtt} in its ClientHello.
 */
class CustomAuthorizerIT {

    private static final String PASSWORD = "device-password";
    private static final CustomAuthorizer AUTHORIZER =
            CustomAuthorizer.named("TestAuthorizer").withSignedToken("token", "abc123", "c2ln/+=");
    /** The user name AWS documents: user name, '?', the authorizer, its signature and the token, URL-encoded. */
    private static final String EXPECTED_USERNAME = "device-1?x-amz-customauthorizer-name=TestAuthorizer"
            + "&x-amz-customauthorizer-signature=c2ln%2F%2B%3D&token=abc123";

    private static MosquittoBroker mosquitto;
    private static EmbeddedBroker embedded;

    @BeforeAll
    static void startBrokers() {
        embedded = EmbeddedBroker.builder().start();
        if (MosquittoBroker.isInstalled()) {
            mosquitto = MosquittoBroker.builder()
                    .webSockets()
                    .user(EXPECTED_USERNAME, PASSWORD)
                    .user("device-1", PASSWORD)
                    .start();
        }
    }

    @AfterAll
    static void stopBrokers() {
        embedded.close();
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3", "hivemq5", "hivemq3"})
    void theBrokerAcceptsTheExactUserNameAwsDocuments(String transport) throws Exception {
        Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
        try (MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", mosquitto.port())
                .customAuthorizer(AUTHORIZER)
                .credentials("device-1", PASSWORD.getBytes(StandardCharsets.UTF_8))
                .transport(TestTransports.byName(transport))
                .build()) {
            ConnectChecks.connectAndRoundTrip(connection);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3", "hivemq5", "hivemq3"})
    void aWrongTokenIsRefusedWithTheConnackReason(String transport) {
        Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
        CustomAuthorizer wrong = CustomAuthorizer.named("TestAuthorizer").withSignedToken("token", "forged", "c2ln/+=");
        try (MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", mosquitto.port())
                .customAuthorizer(wrong)
                .credentials("device-1", PASSWORD.getBytes(StandardCharsets.UTF_8))
                .autoReconnect(false)
                .transport(TestTransports.byName(transport))
                .build()) {
            Throwable failure = catchThrowable(() -> connection.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause())
                    .isInstanceOf(JobsTransportException.class)
                    .hasMessageContaining("refused with reason code");
            JobsTransportException refused = (JobsTransportException) failure.getCause();
            List<Integer> denials = connection.protocol() == MqttProtocol.MQTT_5 ? List.of(0x86, 0x87) : List.of(4, 5);
            assertThat(refused.reasonCode()).isPresent();
            assertThat(denials).contains(refused.reasonCode().getAsInt());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3", "hivemq5", "hivemq3"})
    void overWebSocketsTheAuthorizerTravelsInTheUpgradeHeaders(String transport) throws Exception {
        Brokers.assumeAvailable(BrokerKind.MOSQUITTO);
        try (RecordingProxy proxy = RecordingProxy.http("127.0.0.1", mosquitto.webSocketPort());
                MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", proxy.port())
                        .webSockets()
                        .customAuthorizer(AUTHORIZER)
                        .credentials("device-1", PASSWORD.getBytes(StandardCharsets.UTF_8))
                        .transport(TestTransports.byName(transport))
                        .build()) {
            ConnectChecks.connectAndRoundTrip(connection);
            List<String> headers = new ArrayList<>();
            for (String line : proxy.nextHead(WAIT).split("\r\n")) {
                headers.add(line.toLowerCase(Locale.ROOT).replace(": ", ":"));
            }
            assertThat(headers.get(0)).startsWith("get /mqtt ");
            assertThat(headers)
                    .contains(
                            "x-amz-customauthorizer-name:testauthorizer",
                            "x-amz-customauthorizer-signature:c2ln/+=",
                            "token:abc123");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paho5", "paho3", "hivemq5", "hivemq3"})
    void directTlsOffersAlpnMqtt(String transport) throws Exception {
        TestPki pki = TestPki.shared();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(pki.serverKeyStore(), TestPki.KEY_STORE_PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        try (RecordingProxy proxy = RecordingProxy.tls(server, "127.0.0.1", embedded.port());
                MqttConnection connection = MqttConnectionBuilder.customAuthorizer("localhost", AUTHORIZER)
                        .port(proxy.port())
                        .caFromBytes(pki.caPem())
                        .transport(TestTransports.byName(transport))
                        .build()) {
            ConnectChecks.connectAndRoundTrip(connection);
            assertThat(proxy.nextOfferedAlpn(WAIT)).containsExactly("mqtt");
        }
    }
}
