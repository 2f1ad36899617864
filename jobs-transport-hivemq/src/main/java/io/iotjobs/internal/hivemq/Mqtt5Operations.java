package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.reactivex.disposables.Disposable;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A client through the HiveMQ client's MQTT 5 API. It serves the user's MQTT 5 clients and every client the SDK
 * builds, MQTT 3.1.1 ones included: the HiveMQ client's 3.1.1 API is a view over this same API, and a client
 * configured for 3.1.1 speaks 3.1.1 on the wire whichever API drives it. A 3.1.1 CONNACK then carries no limits,
 * and its refusals arrive as MQTT 5 reason codes, which {@link HiveMqFailures} turns back into return codes.
 */
final class Mqtt5Operations implements ProtocolClient {

    private final Mqtt5Client client;
    private final Mqtt5AsyncClient async;
    private final Mqtt5Connect connect;
    private final MqttProtocol protocol;

    /**
     * @param client the client
     * @param connect the CONNECT of each attempt, or {@code null} when the client's owner connects it
     */
    Mqtt5Operations(Mqtt5Client client, Mqtt5Connect connect) {
        this.client = client;
        this.async = client.toAsync();
        this.connect = connect;
        this.protocol = client.getConfig().getMqttVersion() == MqttVersion.MQTT_3_1_1
                ? MqttProtocol.MQTT_3_1_1
                : MqttProtocol.MQTT_5;
    }

    @Override
    public MqttProtocol protocol() {
        return protocol;
    }

    @Override
    public MqttClientConfig config() {
        return client.getConfig();
    }

    @Override
    public CompletableFuture<ConnAck> connect() {
        if (connect == null) {
            throw new IllegalStateException("the client's owner connects it");
        }
        return async.connect(connect).thenApply(this::connAck);
    }

    private ConnAck connAck(Mqtt5ConnAck ack) {
        if (protocol == MqttProtocol.MQTT_3_1_1) {
            return ConnAck.of(ack.isSessionPresent());
        }

        Mqtt5ConnAckRestrictions limits = ack.getRestrictions();
        // the client reports a limit the broker did not announce as the protocol's default
        return new ConnAck(
                ack.isSessionPresent(),
                announced(limits.getReceiveMaximum(), Mqtt5ConnAckRestrictions.DEFAULT_RECEIVE_MAXIMUM),
                announced(limits.getMaximumPacketSize(), Mqtt5ConnAckRestrictions.DEFAULT_MAXIMUM_PACKET_SIZE_NO_LIMIT),
                limits.areSubscriptionIdentifiersAvailable());
    }

    private static OptionalInt announced(int value, int protocolDefault) {
        return value == protocolDefault || value < 1 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return async.publish(Mqtt5Publish.builder()
                        .topic(topic)
                        .qos(ProtocolClient.hiveQos(qos))
                        .payload(payload)
                        .retain(retain)
                        .build())
                .thenApply(result -> null);
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal) {
        return async.subscribe(Mqtt5Subscribe.builder()
                        .topicFilter(filter)
                        .qos(ProtocolClient.hiveQos(qos))
                        .noLocal(noLocal)
                        .build())
                .thenApply(subAck -> subAck.getReasonCodes().get(0) == Mqtt5SubAckReasonCode.GRANTED_QOS_0
                        ? Qos.AT_MOST_ONCE
                        : Qos.AT_LEAST_ONCE);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        return async.unsubscribe(Mqtt5Unsubscribe.builder().topicFilter(filter).build())
                .thenApply(unsubAck -> null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return async.disconnect();
    }

    @Override
    public Disposable receive(Inbound inbound, Consumer<Throwable> ended) {
        return client.toRx()
                .publishes(MqttGlobalPublishFilter.ALL)
                .subscribe(
                        message -> inbound.message(
                                message,
                                message.getTopic().toString(),
                                message.getPayloadAsBytes(),
                                ProtocolClient.sdkQos(message.getQos()),
                                message.isRetain()),
                        ended::accept);
    }

    @Override
    public Optional<ConnAck> connAck(MqttClientConnectedContext context) {
        return context instanceof Mqtt5ClientConnectedContext
                ? Optional.of(connAck(((Mqtt5ClientConnectedContext) context).getConnAck()))
                : Optional.empty();
    }

    @Override
    public int inFlightLimit() {
        return connect == null
                ? CLIENT_SEND_MAXIMUM
                : Math.min(CLIENT_SEND_MAXIMUM, connect.getRestrictions().getSendMaximum());
    }
}
