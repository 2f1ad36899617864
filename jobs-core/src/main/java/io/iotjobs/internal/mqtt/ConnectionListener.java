package io.iotjobs.internal.mqtt;

/**
 * Connection events of a transport, called on its delivery thread.
 */
public interface ConnectionListener {
    /**
     * The connection is up (first connect or reconnect). Called after lost subscriptions were re-requested.
     *
     * @param sessionPresent whether the broker kept the session (subscriptions and queued QoS 1 messages)
     * @param reconnect whether this follows an interruption
     */
    default void onConnected(boolean sessionPresent, boolean reconnect) {}

    /**
     * The connection went down. Requests sent but not answered have an unknown outcome.
     *
     * @param cause why, or {@code null} after a requested disconnect
     */
    default void onDisconnected(Throwable cause) {}

    /**
     * The transport was closed for good.
     */
    default void onClosed() {}
}
