package io.iotjobs.internal.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.auth.AwsCredentials;
import io.iotjobs.core.auth.CredentialsSource;
import io.iotjobs.core.auth.CustomAuthorizer;
import org.junit.jupiter.api.Test;

/** WebSockets on the HiveMQ client: plain and with a custom authorizer they build, SigV4 is refused at build(). */
class HiveMqWebSocketTest {

    @Test
    void sigV4IsRefusedNamingTheOptionTheTransportAndWhy() {
        MqttConnectionBuilder builder = MqttConnectionBuilder.websocketSigV4(
                        "abc-ats.iot.eu-west-1.amazonaws.com",
                        "eu-west-1",
                        CredentialsSource.of(AwsCredentials.of("AKID", "secret")))
                .transport(HiveMqFactory.MQTT_5);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sigV4: not supported by the HiveMQ client transport (MQTT 5): the HiveMQ"
                        + " client 1.3 re-encodes the WebSocket query string")
                .hasMessageContaining("Paho");
    }

    @Test
    void webSocketsAndCustomAuthorizerHeadersBuild() {
        for (HiveMqFactory factory : new HiveMqFactory[] {HiveMqFactory.MQTT_5, HiveMqFactory.MQTT_3_1_1}) {
            try (MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", 8080)
                    .webSockets()
                    .customAuthorizer(CustomAuthorizer.named("A"))
                    .transport(factory)
                    .build()) {
                assertThat(connection).isNotNull();
            }
        }
    }
}
