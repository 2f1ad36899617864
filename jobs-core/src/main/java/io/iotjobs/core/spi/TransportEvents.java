package io.iotjobs.core.spi;

import io.iotjobs.core.Qos;
import java.util.Optional;

/**
 * What a transport tells its connection. Given to {@link MqttTransport#start} once.
 *
 * <p><b>Threading:</b> call these from the library's own threads. Call {@link #onMessage} for the messages of
 * one network connection from one thread at a time, in the order they arrived (every MQTT library here has one
 * such thread per connection or per event loop); the connection only matches, decodes and hands off on it, so it
 * returns quickly. None of these methods throws.
 */
public interface TransportEvents {

    /**
     * A PUBLISH arrived. For QoS 1, acknowledge it after this returns (or the library does).
     *
     * @param topic the topic name
     * @param payload the payload; the connection takes it over (do not reuse the array)
     * @param qos the QoS it was delivered with
     * @param retain the retain flag
     * @param subscriptionIds the subscription identifiers the PUBLISH carried (MQTT 5), or an empty array; a
     *     broker that sends a copy per matching subscription marks each copy with its subscription's identifier,
     *     which is how the connection hands each copy to the subscribers of that subscription only
     */
    void onMessage(String topic, byte[] payload, Qos qos, boolean retain, int[] subscriptionIds);

    /**
     * The network connection was lost without {@link MqttTransport#disconnect()} being asked for (the broker
     * closed it, the network failed, a keep-alive timed out, the broker sent a DISCONNECT). Report it once per
     * lost connection, after which the library must be ready for the next {@link MqttTransport#connect()}.
     *
     * @param cause why, in the library's words; may be {@code null} when the library does not say
     */
    void onConnectionLost(Throwable cause);

    /**
     * Only for a transport whose owner connects and reconnects the library client
     * ({@link MqttTransport#ownerConnects()}): the owner's client connected (again).
     *
     * @param connAck what the CONNACK said, if the library shows it; empty means the session is assumed lost, so
     *     every subscription is made again
     */
    void onConnectedByOwner(Optional<ConnAck> connAck);
}
