package io.iotjobs.internal.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5WillPublish;
import io.iotjobs.core.LastWill;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.core.UserProperty;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the factory honours, refuses and puts into the CONNECT, without a broker. */
class HiveMqFactoryTest {

    @TempDir
    Path directory;

    private static ConnectionSettings.Builder settings() {
        return ConnectionSettings.builder("broker.example", 1883, "dev-1");
    }

    @Test
    void optionsTheClientCannotHonourFailNamingTheOptionTheTransportAndTheProtocol() {
        assertThatThrownBy(() -> HiveMqFactory.MQTT_5.create(
                        settings().persistenceDirectory(directory).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("persistenceDirectory: not supported by the HiveMQ client transport (MQTT 5)");
        assertThatThrownBy(() -> HiveMqFactory.MQTT_3_1_1.create(
                        settings().sessionExpiry(Duration.ofHours(1)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionExpiry: not supported by the HiveMQ client transport (MQTT 3.1.1)")
                .hasMessageContaining("cleanStart(false)");
        assertThatThrownBy(() -> HiveMqFactory.MQTT_3_1_1.create(settings()
                        .credentials(null, "secret".getBytes(StandardCharsets.UTF_8))
                        .build()))
                .hasMessageStartingWith("credentials: not supported by the HiveMQ client transport (MQTT 3.1.1)");
        assertThatThrownBy(() -> HiveMqFactory.MQTT_5.create(
                        settings().keepAlive(Duration.ofSeconds(65_536)).build()))
                .hasMessageStartingWith("keepAlive: MQTT allows at most 65535 s");
        assertThatThrownBy(() -> HiveMqFactory.MQTT_5.create(
                        settings().sessionExpiry(Duration.ofSeconds(1L << 32)).build()))
                .hasMessageStartingWith("sessionExpiry: MQTT 5 allows at most 4294967295 s");
        assertThatThrownBy(() ->
                        HiveMqFactory.MQTT_5.create(ConnectionSettings.builder("broker.example", 1883, "dev\u0000")
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clientId:");
    }

    @Test
    void theBuilderFailsAtBuildNamingTheRefusedOption() {
        MqttConnectionBuilder builder = MqttConnectionBuilder.plain("127.0.0.1", 1883)
                .transport(HiveMqFactory.MQTT_3_1_1)
                .sessionExpiry(Duration.ofMinutes(5));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionExpiry")
                .hasMessageContaining("HiveMQ client")
                .hasMessageContaining("MQTT 3.1.1");
    }

    @Test
    void theConnectCarriesTheSessionKeepAliveAndCredentials() {
        Mqtt5Connect mqtt5 = HiveMqFactory.MQTT_5.connectMessage(settings()
                .keepAlive(Duration.ofSeconds(45))
                .cleanStart(false)
                .sessionExpiry(Duration.ofMinutes(10))
                .credentials("user", "secret".getBytes(StandardCharsets.UTF_8))
                .build());
        assertThat(mqtt5.getKeepAlive()).isEqualTo(45);
        assertThat(mqtt5.isCleanStart()).isFalse();
        assertThat(mqtt5.getSessionExpiryInterval()).isEqualTo(600);
        Mqtt5SimpleAuth auth = mqtt5.getSimpleAuth().orElseThrow();
        assertThat(auth.getUsername().orElseThrow()).hasToString("user");
        assertThat(StandardCharsets.UTF_8
                        .decode(auth.getPassword().orElseThrow())
                        .toString())
                .isEqualTo("secret");

        assertThat(HiveMqFactory.MQTT_5.connectMessage(settings().build()).getSessionExpiryInterval())
                .as("MQTT 5 without a session expiry: the session ends with the connection")
                .isZero();
        assertThat(HiveMqFactory.MQTT_5.connectMessage(settings().build()).getSimpleAuth())
                .isEmpty();
        assertThat(HiveMqFactory.MQTT_3_1_1
                        .connectMessage(settings().cleanStart(false).build())
                        .getSessionExpiryInterval())
                .as("a 3.1.1 session kept as long as the broker keeps it")
                .isEqualTo(Mqtt5Connect.NO_SESSION_EXPIRY);
        assertThat(HiveMqFactory.MQTT_3_1_1.connectMessage(settings().build()).getSessionExpiryInterval())
                .isZero();
    }

    @Test
    void theConnectCarriesTheWillItsPropertiesTheUserPropertiesAndTheMaximumPacketSize() {
        LastWill will = LastWill.builder("devices/d1/status")
                .payload("gone".getBytes(StandardCharsets.UTF_8))
                .qos(Qos.AT_LEAST_ONCE)
                .retain(true)
                .delayInterval(Duration.ofSeconds(5))
                .contentType("text/plain")
                .messageExpiry(Duration.ofMinutes(1))
                .userProperty("reason", "lost")
                .build();
        Mqtt5Connect connect = HiveMqFactory.MQTT_5.connectMessage(settings()
                .lastWill(will)
                .userProperties(List.of(new UserProperty("fleet", "a"), new UserProperty("fleet", "b")))
                .maximumPacketSize(4096)
                .build());
        Mqtt5WillPublish sent = connect.getWillPublish().orElseThrow();
        assertThat(sent.getTopic()).hasToString("devices/d1/status");
        assertThat(StandardCharsets.UTF_8
                        .decode(sent.getPayload().orElseThrow())
                        .toString())
                .isEqualTo("gone");
        assertThat(sent.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(sent.isRetain()).isTrue();
        assertThat(sent.getDelayInterval()).isEqualTo(5);
        assertThat(sent.getContentType().orElseThrow()).hasToString("text/plain");
        assertThat(sent.getMessageExpiryInterval()).hasValue(60);
        assertThat(sent.getUserProperties().asList())
                .extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("reason=lost");
        assertThat(connect.getUserProperties().asList())
                .extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("fleet=a", "fleet=b");
        assertThat(connect.getRestrictions().getMaximumPacketSize()).isEqualTo(4096);
    }

    @Test
    void mqtt311CarriesAPlainWillAndRefusesEveryMqtt5OnlyOptionByName() {
        LastWill plain = LastWill.builder("devices/d1/status")
                .payload("gone".getBytes(StandardCharsets.UTF_8))
                .qos(Qos.AT_LEAST_ONCE)
                .retain(true)
                .build();
        Mqtt5WillPublish sent = HiveMqFactory.MQTT_3_1_1
                .connectMessage(settings().lastWill(plain).build())
                .getWillPublish()
                .orElseThrow();
        assertThat(sent.getTopic()).hasToString("devices/d1/status");
        assertThat(sent.isRetain()).isTrue();
        String prefix =
                ": not supported by the HiveMQ client transport (MQTT 3.1.1): MQTT 3.1.1 has no way to carry it";
        assertThatThrownBy(() -> HiveMqFactory.MQTT_3_1_1.create(settings()
                        .userProperties(List.of(new UserProperty("k", "v")))
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("userProperty" + prefix);
        assertThatThrownBy(() -> HiveMqFactory.MQTT_3_1_1.create(
                        settings().maximumPacketSize(100).build()))
                .hasMessageStartingWith("maximumPacketSize" + prefix);
        assertThatThrownBy(() -> HiveMqFactory.MQTT_3_1_1.create(settings()
                        .lastWill(LastWill.builder("t")
                                .delayInterval(Duration.ofSeconds(1))
                                .build())
                        .build()))
                .hasMessageStartingWith("lastWill.delayInterval" + prefix);
    }

    @Test
    void aTransportIsCreatedNotConnectedAndClosesWithoutHavingConnected() {
        MqttTransport plain = HiveMqFactory.MQTT_5.create(settings().build());
        MqttTransport tls = HiveMqFactory.MQTT_3_1_1.create(ConnectionSettings.builder("::1", 8883, "dev-2")
                .tls(TlsSettings.builder().build())
                .build());
        try {
            assertThat(plain.name()).isEqualTo("HiveMQ client");
            assertThat(plain.protocol()).isEqualTo(MqttProtocol.MQTT_5);
            assertThat(plain.clientId()).isEqualTo("dev-1");
            assertThat(plain.serverUri()).isEqualTo("tcp://broker.example:1883");
            assertThat(plain.isConnected()).isFalse();
            assertThat(plain.ownerConnects()).isFalse();
            assertThat(plain.inFlightLimit()).isEqualTo(65_525);
            assertThat(tls.protocol()).isEqualTo(MqttProtocol.MQTT_3_1_1);
            assertThat(tls.serverUri()).isEqualTo("ssl://[::1]:8883");
        } finally {
            plain.close();
            tls.close();
        }
    }

    @Test
    void theFactoriesSayWhatTheyAre() {
        assertThat(HiveMqFactory.MQTT_5.name()).isEqualTo("HiveMQ client");
        assertThat(HiveMqFactory.MQTT_3_1_1.protocol()).isEqualTo(MqttProtocol.MQTT_3_1_1);
        assertThat(HiveMqFactory.MQTT_3_1_1).hasToString("HiveMQ client (MQTT 3.1.1)");
    }
}
