package io.iotjobs.internal.mqtt;

import io.iotjobs.core.Qos;
import java.util.concurrent.CompletableFuture;

/**
 * What the engines and the local service need from an MQTT connection. {@code MqttConnection} implements it
 * over Paho; tests use an in-memory broker.
 *
 * <p>Contract every implementation keeps:
 * <ul>
 *   <li>{@link #publish} never fails because too many publishes are in flight or because the connection is
 *       down: it queues and sends when possible. Its future completes when the message is written (QoS 0)
 *       or acknowledged (QoS 1), and fails with a {@link io.iotjobs.core.JobsTransportException} (PUBACK
 *       reason code ≥ 0x80, connection closed, ...).</li>
 *   <li>{@link #subscribe} shares one MQTT subscription among all listeners of the same filter (reference
 *       counted); the future completes when the SUBACK arrives, or at once when the filter is already
 *       subscribed. A refused SUBACK fails it with a {@link io.iotjobs.core.JobsTransportException}.</li>
 *   <li>Every message is delivered to every listener whose filter matches, in arrival order, on the
 *       transport's single delivery thread. Listeners must return quickly and never block.</li>
 *   <li>After a reconnect without session the transport subscribes every live filter again, telling each
 *       listener {@link MessageListener#onSubscriptionLost} and then
 *       {@link MessageListener#onSubscriptionRestored} (or {@link MessageListener#onSubscriptionFailed}).</li>
 * </ul>
 */
public interface Transport {

    /**
     * Publishes a message (queued while offline or while the in-flight window is full).
     *
     * @param topic the topic
     * @param payload the payload (not copied; do not change it afterwards)
     * @param qos the QoS
     * @return completes when sent (QoS 0) or acknowledged (QoS 1)
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos);

    /**
     * Adds a listener for a topic filter.
     *
     * @param filter the MQTT topic filter
     * @param options QoS and no-local
     * @param listener called on the delivery thread for each matching message
     * @return completes with a handle once the filter is subscribed
     */
    CompletableFuture<TransportSubscription> subscribe(
            String filter, SubscribeOptions options, MessageListener listener);

    /**
     * Adds a listener for connection events.
     *
     * @param listener the listener; called on the delivery thread
     */
    void addConnectionListener(ConnectionListener listener);

    /**
     * Removes a listener added with {@link #addConnectionListener}.
     *
     * @param listener the listener
     */
    void removeConnectionListener(ConnectionListener listener);

    /**
     * Whether the connection is up now.
     *
     * @return true when connected
     */
    boolean isConnected();

    /**
     * A name for logs and thread names (the client id).
     *
     * @return the name
     */
    String name();
}
