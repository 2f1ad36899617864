package io.iotjobs.internal.mqtt;

/**
 * Receives the messages of one subscription, on the transport's delivery thread. Implementations only
 * match, decode and hand off: they never block and never call user code.
 */
public interface MessageListener {
    /**
     * A message arrived on a topic that matches the filter.
     *
     * @param topic the topic
     * @param payload the payload (shared between listeners: do not change it)
     * @param qos the QoS it was delivered with
     */
    void onMessage(String topic, byte[] payload, int qos);

    /**
     * A message arrived, with its retain flag. By default the same as {@link #onMessage(String, byte[], int)}.
     *
     * @param topic the topic
     * @param payload the payload (shared between listeners: do not change it)
     * @param qos the QoS it was delivered with
     * @param retain whether the broker sent it as a retained message
     */
    default void onMessage(String topic, byte[] payload, int qos, boolean retain) {
        onMessage(topic, payload, qos);
    }

    /**
     * The broker lost the subscription with the session; the transport is subscribing again.
     */
    default void onSubscriptionLost() {}

    /**
     * The subscription is in place again after {@link #onSubscriptionLost()}.
     */
    default void onSubscriptionRestored() {}

    /**
     * Subscribing again after {@link #onSubscriptionLost()} failed; the subscription is gone for good.
     *
     * @param cause why
     */
    default void onSubscriptionFailed(Throwable cause) {}
}
