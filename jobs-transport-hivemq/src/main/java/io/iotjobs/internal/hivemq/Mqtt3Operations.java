package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.reactivex.disposables.Disposable;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A user's MQTT 3.1.1 client through the HiveMQ client's 3.1.1 API (the SDK's own 3.1.1 clients go through
 * {@link Mqtt5Operations}). A SUBACK failure fails its future with {@code Mqtt3SubAckException}.
 */
final class Mqtt3Operations implements ProtocolClient {

    private final Mqtt3Client client;
    private final Mqtt3AsyncClient async;
    private final Mqtt3Connect connect;

    /**
     * @param client the client
     * @param connect the CONNECT of each attempt, or {@code null} when the client's owner connects it
     */
    Mqtt3Operations(Mqtt3Client client, Mqtt3Connect connect) {
        this.client = client;
        this.async = client.toAsync();
        this.connect = connect;
    }

    @Override
    public MqttProtocol protocol() {
        return MqttProtocol.MQTT_3_1_1;
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
        return async.connect(connect).thenApply(ack -> ConnAck.of(ack.isSessionPresent()));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return async.publish(Mqtt3Publish.builder()
                        .topic(topic)
                        .qos(ProtocolClient.hiveQos(qos))
                        .payload(payload)
                        .retain(retain)
                        .build())
                .thenApply(published -> null);
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal) {
        return async.subscribe(Mqtt3Subscribe.builder()
                        .topicFilter(filter)
                        .qos(ProtocolClient.hiveQos(qos))
                        .build())
                .thenApply(subAck -> subAck.getReturnCodes().get(0) == Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0
                        ? Qos.AT_MOST_ONCE
                        : Qos.AT_LEAST_ONCE);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        return async.unsubscribe(Mqtt3Unsubscribe.builder().topicFilter(filter).build());
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
        return context instanceof Mqtt3ClientConnectedContext
                ? Optional.of(ConnAck.of(
                        ((Mqtt3ClientConnectedContext) context).getConnAck().isSessionPresent()))
                : Optional.empty();
    }

    @Override
    public int inFlightLimit() {
        return CLIENT_SEND_MAXIMUM;
    }
}
