package io.iotjobs.internal.paho3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.transport.paho3.PahoV3Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What MQTT 3.1.1 over Paho v3 cannot do fails at build(), naming the option, the transport and the protocol. */
class Paho3FactoryTest {

    private static MqttConnectionBuilder builder() {
        return MqttConnectionBuilder.plain("127.0.0.1", 1883).clientId("paho3-unit")
                .transport(PahoV3Transport.factory());
    }

    @Test
    void aSessionExpiryIsRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> builder().cleanStart(false).sessionExpiry(Duration.ofHours(1)).build())
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
        try (MqttConnection connection = builder().cleanStart(false)
                .credentials("user", "pässword".getBytes(StandardCharsets.UTF_8)).build()) {
            assertThat(connection.protocol()).isEqualTo(MqttProtocol.MQTT_3_1_1);
            assertThat(connection.transportName()).isEqualTo("Paho v3");
            assertThat(connection.isConnected()).isFalse();
        }
    }

    @Test
    void sharedSubscriptionsAreRefusedBeforeAnythingIsSent() {
        try (MqttConnection connection = builder().build()) {
            assertThatThrownBy(() -> connection.subscribe("$share/g/a", io.iotjobs.core.Qos.AT_LEAST_ONCE, m -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MQTT 3.1.1");
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
