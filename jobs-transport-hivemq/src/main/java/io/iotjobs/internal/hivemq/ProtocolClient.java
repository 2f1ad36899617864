package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.reactivex.disposables.Disposable;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One HiveMQ client seen through the API of one protocol (the client has a separate API per protocol): the
 * operations {@link HiveMqClientTransport} maps. Futures fail with the client's own exceptions, which
 * {@link HiveMqFailures} classifies; they complete on the client's application scheduler.
 */
interface ProtocolClient {

    /**
     * The protocol on the wire.
     *
     * @return the protocol
     */
    MqttProtocol protocol();

    /**
     * The client's configuration.
     *
     * @return the configuration
     */
    MqttClientConfig config();

    /**
     * Makes one connection attempt with the CONNECT this client was given.
     *
     * @return the CONNACK's content
     * @throws IllegalStateException if this client was given no CONNECT (its owner connects it)
     */
    CompletableFuture<ConnAck> connect();

    /**
     * Sends one PUBLISH.
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos the QoS
     * @param retain the retain flag
     * @return completes at PUBACK (QoS 1) or once written (QoS 0)
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain);

    /**
     * Sends one SUBSCRIBE.
     *
     * @param filter the filter
     * @param qos the maximum QoS
     * @param noLocal MQTT 5 no-local
     * @return the granted QoS
     */
    CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal);

    /**
     * Sends one UNSUBSCRIBE.
     *
     * @param filter the filter
     * @return completes on UNSUBACK
     */
    CompletableFuture<Void> unsubscribe(String filter);

    /**
     * Sends a DISCONNECT and closes the connection.
     *
     * @return completes once the client is disconnected
     */
    CompletableFuture<Void> disconnect();

    /**
     * Receives every incoming PUBLISH of the client, in order, on the client's application scheduler.
     *
     * @param inbound where the messages go
     * @param ended called when the client ends the stream (it does when its session ends)
     * @return the subscription to the stream, to dispose of when done
     */
    Disposable receive(Inbound inbound, Consumer<Throwable> ended);

    /** Where {@link #receive} delivers each message. */
    interface Inbound {
        /**
         * A message arrived.
         *
         * @param original the message object the client emitted
         * @param topic its topic
         * @param payload its payload (a copy)
         * @param qos its QoS
         * @param retain its retain flag
         */
        void message(Object original, String topic, byte[] payload, Qos qos, boolean retain);
    }

    /**
     * What a connected listener's context says of the CONNACK.
     *
     * @param context the context
     * @return the CONNACK's content, if the context is of this protocol
     */
    Optional<ConnAck> connAck(MqttClientConnectedContext context);

    /**
     * The most QoS 1 publishes the client sends at once, whatever the broker allows: 65,535 packet identifiers
     * less the 10 it keeps for SUBSCRIBE and UNSUBSCRIBE (it queues publishes beyond its window instead of failing
     * them), or less when the CONNECT asks for less.
     *
     * @return the limit
     */
    int inFlightLimit();

    /** No subscription identifiers. */
    int[] NO_IDS = new int[0];

    /** The client's cap on QoS 1 publishes in flight (see {@link #inFlightLimit()}). */
    int CLIENT_SEND_MAXIMUM = 65_535 - 10;

    /**
     * The SDK's QoS as the client's.
     *
     * @param qos the QoS
     * @return the client's QoS
     */
    static MqttQos hiveQos(Qos qos) {
        return qos == Qos.AT_MOST_ONCE ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
    }

    /**
     * The client's QoS as the SDK's (QoS 2 is never asked for; it counts as acknowledged).
     *
     * @param qos the client's QoS
     * @return the SDK's QoS
     */
    static Qos sdkQos(MqttQos qos) {
        return qos == MqttQos.AT_MOST_ONCE ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE;
    }
}
