package io.iotjobs.internal.paho3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.LastWill;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.transport.paho3.PahoV3Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What MQTT 3.1.1 over Paho v3 cannot do fails at build(), naming the option, the transport and the protocol. */
class Paho3FactoryTest {

    private static MqttConnectionBuilder builder() {
        return MqttConnectionBuilder.plain("127.0.0.1", 1883)
                .clientId("paho3-unit")
                .transport(PahoV3Transport.factory());
    }

    @Test
    void aSessionExpiryIsRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> builder()
                        .cleanStart(false)
                        .sessionExpiry(Duration.ofHours(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sessionExpiry: not supported by the Paho v3 transport (MQTT 3.1.1)")
                .hasMessageContaining("cleanStart(false)");
    }

    @Test
    void aPasswordThatIsNotUtf8CannotBeSentByPahoV3() {
        byte[] binary = {(byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> builder().credentials("user", binary).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("credentials: not supported by the Paho v3 transport (MQTT 3.1.1)")
                .hasMessageContaining("UTF-8");
    }

    @Test
    void whatThreeOneOneCanDoBuildsAConnectionThatSaysItsProtocol() {
        try (MqttConnection connection = builder()
                .cleanStart(false)
                .credentials("user", "pässword".getBytes(StandardCharsets.UTF_8))
                .build()) {
            assertThat(connection.protocol()).isEqualTo(MqttProtocol.MQTT_3_1_1);
            assertThat(connection.transportName()).isEqualTo("Paho v3");
            assertThat(connection.isConnected()).isFalse();
        }
    }

    @Test
    void sharedSubscriptionsAreRefusedBeforeAnythingIsSent() {
        try (MqttConnection connection = builder().build()) {
            assertThatThrownBy(() -> connection.subscribe("$share/g/a", io.iotjobs.core.Qos.AT_LEAST_ONCE, m -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MQTT 3.1.1");
        }
    }

    @Test
    void everyMqtt5OnlyOptionIsRefusedByNameAndAPlainWillIsCarried() {
        String prefix = ": not supported by the Paho v3 transport (MQTT 3.1.1): MQTT 3.1.1 has no way to carry it";
        assertThatThrownBy(() -> builder().userProperty("k", "v").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("userProperty" + prefix);
        assertThatThrownBy(() -> builder().maximumPacketSize(1024).build())
                .hasMessageStartingWith("maximumPacketSize" + prefix);
        assertThatThrownBy(() -> builder()
                        .lastWill(
                                LastWill.builder("t").contentType("text/plain").build())
                        .build())
                .hasMessageStartingWith("lastWill.contentType" + prefix);
        assertThatThrownBy(() -> builder()
                        .lastWill(LastWill.builder("t")
                                .messageExpiry(Duration.ofSeconds(9))
                                .userProperty("a", "b")
                                .build())
                        .build())
                .hasMessageStartingWith("lastWill.messageExpiry" + prefix)
                .hasMessageContaining("(also set: lastWill.userProperty)");
        Paho3Transport transport = (Paho3Transport) Paho3Factory.INSTANCE.create(builder()
                .lastWill(LastWill.builder("devices/d1/status")
                        .payload("gone".getBytes(StandardCharsets.UTF_8))
                        .qos(Qos.AT_LEAST_ONCE)
                        .retain(true)
                        .build())
                .settings());
        try {
            assertThat(transport.options().getWillDestination()).isEqualTo("devices/d1/status");
            assertThat(transport.options().getWillMessage().getPayload())
                    .isEqualTo("gone".getBytes(StandardCharsets.UTF_8));
            assertThat(transport.options().getWillMessage().getQos()).isEqualTo(1);
            assertThat(transport.options().getWillMessage().isRetained()).isTrue();
        } finally {
            transport.close();
        }
    }

    @Test
    void theWindowIsTheLibrarysInFlightLimit() {
        var transport = Paho3Factory.INSTANCE.create(builder().settings());
        try {
            assertThat(transport.inFlightLimit()).isEqualTo(Paho3Factory.MAX_IN_FLIGHT);
            assertThat(transport.ownerConnects()).isFalse();
        } finally {
            transport.close();
        }
    }
}
