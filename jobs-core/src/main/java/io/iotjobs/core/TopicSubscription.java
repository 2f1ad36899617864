package io.iotjobs.core;

import java.util.concurrent.CompletableFuture;

/**
 * A subscription of the device's own on an {@link MqttConnection} (telemetry commands, shadow, anything that is
 * not Jobs).
 *
 * <p>Thread-safe. {@link #unsubscribe()} is idempotent.
 */
public interface TopicSubscription {
    /**
     * The topic filter subscribed.
     *
     * @return the filter
     */
    String filter();

    /**
     * The QoS the broker granted (it may grant less than asked for).
     *
     * @return the granted QoS
     */
    Qos grantedQos();

    /**
     * Stops the listener at once (no call starts after this returns) and unsubscribes; the MQTT UNSUBSCRIBE is
     * sent when no other subscriber on the same connection uses the filter.
     *
     * @return completes when unsubscribed, on the SDK's callback pool
     */
    CompletableFuture<Void> unsubscribe();
}
