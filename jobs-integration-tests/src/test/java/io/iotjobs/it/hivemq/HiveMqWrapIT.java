package io.iotjobs.it.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.core.Qos;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HiveMQ clients the user built, wrapped: connected by their owner or by the connection, over MQTT 5 and 3.1.1,
 * and still the user's after the connection is closed.
 */
class HiveMqWrapIT {

    private final String id = "wrapped-" + UUID.randomUUID().toString().substring(0, 8);
    private final int port = EmbeddedBroker.shared().port();
    private Mqtt5AsyncClient mqtt5;
    private Mqtt3AsyncClient mqtt3;

    @AfterEach
    void disconnectTheUsersClients() throws Exception {
        if (mqtt5 != null && mqtt5.getState() == MqttClientState.CONNECTED) {
            mqtt5.disconnect().get(10, TimeUnit.SECONDS);
        }
        if (mqtt3 != null && mqtt3.getState() == MqttClientState.CONNECTED) {
            mqtt3.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** Subscribes through the connection, publishes through it, and returns what came back. */
    private static String roundTrip(MqttConnection connection, String topic) throws Exception {
        LinkedBlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
        await(connection.subscribe(topic, Qos.AT_LEAST_ONCE, received::add));
        await(connection.publish(topic, "hello".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE));
        IncomingMessage message = received.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("message on " + topic).isNotNull();
        return message.payloadAsString();
    }

    @Test
    void anMqtt5ClientConnectedByItsOwnerCarriesTheConnectionAndStaysConnectedAfterClose() throws Exception {
        mqtt5 = HiveMqTransport.prepare(MqttClient.builder().useMqttVersion5())
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .automaticReconnectWithDefaultConfig()
                .buildAsync();
        await(mqtt5.connect());

        MqttConnection connection = HiveMqTransport.wrap(mqtt5, null);
        assertThat(connection.isConnected()).isTrue();
        assertThat(connection.protocol()).hasToString("MQTT 5");
        assertThat(roundTrip(connection, "wrap/" + id + "/owner")).isEqualTo("hello");

        connection.close();
        assertThat(mqtt5.getState()).as("the user's client after close").isEqualTo(MqttClientState.CONNECTED);
    }

    @Test
    void anMqtt311ClientNotConnectedYetIsConnectedByTheConnectionWithTheUsersConnect() throws Exception {
        mqtt3 = HiveMqTransport.prepare(MqttClient.builder().useMqttVersion3())
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();

        MqttConnection connection = HiveMqTransport.wrap(
                mqtt3, Mqtt3Connect.builder().cleanSession(true).build());
        assertThat(connection.protocol()).hasToString("MQTT 3.1.1");
        assertThat(await(connection.connect())).as("session present").isFalse();
        assertThat(roundTrip(connection, "wrap/" + id + "/sdk")).isEqualTo("hello");

        connection.close();
        assertThat(mqtt3.getState()).isEqualTo(MqttClientState.CONNECTED);
    }

    @Test
    void subscriptionsMadeBeforeTheOwnerConnectsAreMadeWhenItDoes() throws Exception {
        mqtt5 = HiveMqTransport.prepare(MqttClient.builder().useMqttVersion5())
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        try (MqttConnection connection = HiveMqTransport.wrap(mqtt5, null)) {
            CountDownLatch connected = new CountDownLatch(1);
            connection.addListener(new MqttConnectionListener() {
                @Override
                public void onConnected(boolean sessionPresent) {
                    connected.countDown();
                }
            });
            LinkedBlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
            CompletableFuture<?> subscribed =
                    connection.subscribe("wrap/" + id + "/early", Qos.AT_LEAST_ONCE, received::add);

            await(mqtt5.connect(Mqtt5Connect.builder().cleanStart(true).build()));

            assertThat(connected.await(10, TimeUnit.SECONDS)).as("onConnected").isTrue();
            await(subscribed);
            await(connection.publish("wrap/" + id + "/early", new byte[] {1}, Qos.AT_LEAST_ONCE));
            assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aClientBuiltWithoutTheSdksListenerIsRefused() {
        Mqtt5AsyncClient plain = MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        assertThatThrownBy(
                        () -> HiveMqTransport.wrap(plain, Mqtt5Connect.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("client:")
                .hasMessageContaining("HiveMqTransport.prepare");
    }

    @Test
    void aClientThatReconnectsByItselfIsNotConnectedByTheConnection() {
        mqtt3 = HiveMqTransport.prepare(MqttClient.builder().useMqttVersion3())
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .automaticReconnectWithDefaultConfig()
                .buildAsync();
        assertThatThrownBy(
                        () -> HiveMqTransport.wrap(mqtt3, Mqtt3Connect.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connect:")
                .hasMessageContaining("automatic reconnect");
    }

    @Test
    void aClientCarriesOneConnectionAtATime() {
        mqtt5 = HiveMqTransport.prepare(MqttClient.builder().useMqttVersion5())
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        MqttConnection first =
                HiveMqTransport.wrap(mqtt5, Mqtt5Connect.builder().build());
        assertThatThrownBy(
                        () -> HiveMqTransport.wrap(mqtt5, Mqtt5Connect.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already wrapped");
        first.close();
        HiveMqTransport.wrap(mqtt5, Mqtt5Connect.builder().build()).close();
    }
}
