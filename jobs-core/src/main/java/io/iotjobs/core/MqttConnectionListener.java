package io.iotjobs.core;

/**
 * Connection events of an {@link MqttConnection}. Every method has an empty default; override what you
 * need.
 *
 * <p><b>Threading:</b> called on the connection's own event thread (never on the MQTT library's network
 * threads), one event at a time, in order. Do not block it for long: reconnect attempts run on the same
 * thread.
 */
public interface MqttConnectionListener {
    /**
     * The first connection (after {@link MqttConnection#connect()}) is up.
     *
     * @param sessionPresent whether the broker still had a session for this client id
     */
    default void onConnected(boolean sessionPresent) {}

    /**
     * The connection was lost unexpectedly; it will be re-established automatically unless automatic
     * reconnect is off. Requests waiting for a reply fail with a {@link JobsTransportException} whose outcome
     * is unknown; requests made from now on wait for the reconnect (within their timeout).
     *
     * @param cause why the connection was lost
     */
    default void onInterrupted(Throwable cause) {}

    /**
     * The connection is up again after {@link #onInterrupted}. Without a session, the SDK has already
     * subscribed its topics again.
     *
     * @param sessionPresent whether the broker kept the session (and queued QoS 1 messages meanwhile)
     */
    default void onResumed(boolean sessionPresent) {}

    /**
     * {@link MqttConnection#disconnect()} completed.
     */
    default void onDisconnected() {}

    /**
     * The connection was closed for good.
     */
    default void onClosed() {}
}
