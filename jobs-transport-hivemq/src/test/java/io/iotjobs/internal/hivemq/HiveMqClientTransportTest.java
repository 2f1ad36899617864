package io.iotjobs.internal.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientReconnector;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.TransportEvents;
import io.iotjobs.core.spi.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The transport's own logic over a client whose futures the test completes: one attempt holding the client at a
 * time, abandoned attempts, losses reported once, failures classified, messages passed on.
 */
class HiveMqClientTransportTest {

    private final FakeClient client = new FakeClient();
    private final ClientEvents relay = new ClientEvents();
    private final List<String> seen = new ArrayList<>();
    private final TransportEvents events = new TransportEvents() {
        @Override
        public void onMessage(String topic, byte[] payload, Qos qos, boolean retain, int[] subscriptionIds) {
            seen.add("message:" + topic);
        }

        @Override
        public void onConnectionLost(Throwable cause) {
            seen.add("lost:" + cause.getMessage());
        }

        @Override
        public void onConnectedByOwner(Optional<ConnAck> connAck) {
            seen.add("owner:" + connAck.orElseThrow().sessionPresent());
        }
    };

    private HiveMqClientTransport transport(boolean ownerConnects) {
        HiveMqClientTransport transport =
                new HiveMqClientTransport(client, relay, "fake", "tcp://fake:1883", () -> {}, null, ownerConnects);
        transport.start(events);
        return transport;
    }

    private static MqttClientDisconnectedContext lost(String why) {
        return new MqttClientDisconnectedContext() {
            @Override
            public MqttClientConfig getClientConfig() {
                return null;
            }

            @Override
            public MqttDisconnectSource getSource() {
                return MqttDisconnectSource.SERVER;
            }

            @Override
            public Throwable getCause() {
                return new ConnectionClosedException(why);
            }

            @Override
            public MqttClientReconnector getReconnector() {
                return null;
            }
        };
    }

    private static TransportException failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
        } catch (java.util.concurrent.CompletionException e) {
            return (TransportException) e.getCause();
        }
        throw new AssertionError("not failed");
    }

    @Test
    void theNextAttemptStartsOnlyOnceTheClientIsDoneWithAnAbandonedOne() {
        HiveMqClientTransport transport = transport(false);
        CompletableFuture<ConnAck> first = transport.connect();
        transport.abort();
        assertThat(first).as("left to the client to end").isNotDone();

        CompletableFuture<ConnAck> second = transport.connect();
        assertThat(client.connectCalls())
                .as("attempts while the first is under way")
                .isEqualTo(1);

        client.connects.get(0).completeExceptionally(new ConnectionClosedException("timed out"));
        assertThat(client.connectCalls()).isEqualTo(2);
        assertThat(failure(first).kind()).isEqualTo(TransportException.Kind.FAILED);
        client.connects.get(1).complete(ConnAck.of(false));
        assertThat(second).isCompletedWithValue(ConnAck.of(false));
    }

    @Test
    void anAttemptThatConnectsAfterItWasAbandonedIsDisconnectedBeforeTheNext() {
        HiveMqClientTransport transport = transport(false);
        CompletableFuture<ConnAck> first = transport.connect();
        transport.abort();
        client.connects.get(0).complete(ConnAck.of(false));

        assertThat(failure(first).getMessage()).contains("abandoned");
        assertThat(client.disconnects).hasSize(1);
        transport.connect();
        assertThat(client.connectCalls()).isEqualTo(1);
        client.disconnects.get(0).complete(null);
        assertThat(client.connectCalls()).isEqualTo(2);
    }

    @Test
    void disconnectingWhileConnectingCompletesOnceTheAttemptHasEnded() {
        HiveMqClientTransport transport = transport(false);
        transport.connect();
        CompletableFuture<Void> disconnected = transport.disconnect();
        assertThat(disconnected).isNotDone();

        client.connects.get(0).completeExceptionally(new ConnectionClosedException("refused"));
        assertThat(disconnected).isCompleted();
        assertThat(client.disconnects)
                .as("DISCONNECTs for a connection never made")
                .isEmpty();
    }

    @Test
    void aLossIsReportedOnceAndTheSdksOwnDisconnectIsNone() {
        HiveMqClientTransport transport = transport(false);
        transport.connect();
        client.connects.get(0).complete(ConnAck.of(false));

        relay.onDisconnected(lost("gone"));
        relay.onDisconnected(lost("again"));
        assertThat(seen).containsExactly("lost:gone");

        transport.connect();
        client.connects.get(1).complete(ConnAck.of(false));
        CompletableFuture<Void> disconnected = transport.disconnect();
        relay.onDisconnected(lost("by the SDK"));
        client.disconnects.get(0).complete(null);
        assertThat(disconnected).isCompleted();
        assertThat(seen).containsExactly("lost:gone");
    }

    @Test
    void aFailedAttemptIsNoLoss() {
        HiveMqClientTransport transport = transport(false);
        CompletableFuture<ConnAck> attempt = transport.connect();
        relay.onDisconnected(lost("refused"));
        client.connects.get(0).completeExceptionally(new ConnectionClosedException("refused"));

        assertThat(failure(attempt).kind())
                .as("a closed connection before the CONNACK")
                .isEqualTo(TransportException.Kind.FAILED);
        assertThat(seen).isEmpty();
    }

    @Test
    void aClientConnectedByItsOwnerIsReportedOncePerConnection() {
        transport(true);
        MqttClientConnectedContext context = null;
        relay.onConnected(context);
        relay.onConnected(context);
        relay.onDisconnected(lost("gone"));
        relay.onDisconnected(lost("gone again"));
        relay.onConnected(context);

        assertThat(seen).containsExactly("owner:true", "lost:gone", "owner:true");
    }

    @Test
    void publishFailuresAreClassified() throws Exception {
        HiveMqClientTransport transport = transport(false);
        CompletableFuture<Void> notConnected = transport.publish("t", new byte[0], Qos.AT_LEAST_ONCE, false);
        CompletableFuture<Void> lost = transport.publish("t", new byte[0], Qos.AT_LEAST_ONCE, false);
        client.publishes.get(0).completeExceptionally(new MqttClientStateException("MQTT client is not connected."));
        client.publishes
                .get(1)
                .completeExceptionally(
                        new MqttSessionExpiredException("session expired", new ConnectionClosedException("gone")));

        assertThat(failure(notConnected).kind()).isEqualTo(TransportException.Kind.NOT_CONNECTED);
        assertThat(failure(lost).kind()).isEqualTo(TransportException.Kind.CONNECTION_LOST);

        client.publishRefusal = new IllegalArgumentException("Topic [a/#] must not contain wildcards");
        TransportException refused = failure(transport.publish("a/#", new byte[0], Qos.AT_MOST_ONCE, false));
        assertThat(refused.kind()).as("refused before anything was sent").isEqualTo(TransportException.Kind.FAILED);
        assertThat(refused.getMessage()).contains("wildcards");
    }

    @Test
    void messagesArePassedOnAndTheStreamIsRenewedWhenTheClientEndsIt() {
        transport(false);
        client.inbound.message(new Object(), "a/b", new byte[] {1}, Qos.AT_LEAST_ONCE, false);
        client.ended.accept(new MqttSessionExpiredException("session ended", new ConnectionClosedException("x")));
        client.inbound.message(new Object(), "a/c", new byte[] {2}, Qos.AT_MOST_ONCE, false);

        assertThat(client.receives).isEqualTo(2);
        assertThat(seen).containsExactly("message:a/b", "message:a/c");
    }

    @Test
    void closeDetachesFromTheClient() {
        HiveMqClientTransport transport = transport(false);
        transport.close();

        assertThat(client.receiving.isDisposed()).isTrue();
        relay.onDisconnected(lost("after close"));
        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> transport.connect().get())
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("closed");
        assertThat(relay.bindsTo()).as("the relay, free for another transport").isNull();
    }

    @Test
    void aRelayServesOneTransportAtATime() {
        transport(false);
        assertThatThrownBy(() ->
                        new HiveMqClientTransport(client, relay, "fake", "tcp://fake:1883", () -> {}, null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already wrapped");
    }
}
