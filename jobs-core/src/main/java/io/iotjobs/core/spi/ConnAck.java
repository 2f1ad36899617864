package io.iotjobs.core.spi;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a successful connection attempt learned from the broker's CONNACK.
 *
 * @param sessionPresent whether the broker still had a session for the client id (its subscriptions and
 *     queued QoS 1 messages)
 * @param receiveMaximum the broker's receive maximum (MQTT 5): how many QoS 1 publishes the client may have
 *     unacknowledged at once; empty when the broker announced none (MQTT 5 then means 65,535) or the protocol
 *     has none (MQTT 3.1.1)
 * @param maximumPacketSize the largest packet the broker accepts, in bytes (MQTT 5); empty when unlimited or
 *     not announced
 * @param subscriptionIdentifiersAvailable whether the broker takes subscription identifiers (MQTT 5; a broker
 *     that does not say so takes them) and the transport can send and report them
 */
public record ConnAck(
        boolean sessionPresent,
        OptionalInt receiveMaximum,
        OptionalInt maximumPacketSize,
        boolean subscriptionIdentifiersAvailable) {

    /**
     * Checks the values.
     *
     * @param sessionPresent whether the broker still had a session for the client id
     * @param receiveMaximum the broker's receive maximum, or empty
     * @param maximumPacketSize the largest packet the broker accepts, or empty
     * @param subscriptionIdentifiersAvailable whether subscription identifiers can be used
     * @throws NullPointerException if an optional is {@code null}
     * @throws IllegalArgumentException if a limit is below 1
     */
    public ConnAck {
        Objects.requireNonNull(receiveMaximum, "receiveMaximum");
        Objects.requireNonNull(maximumPacketSize, "maximumPacketSize");
        if (receiveMaximum.isPresent() && receiveMaximum.getAsInt() < 1) {
            throw new IllegalArgumentException("receiveMaximum: must be at least 1, got " + receiveMaximum);
        }
        if (maximumPacketSize.isPresent() && maximumPacketSize.getAsInt() < 1) {
            throw new IllegalArgumentException("maximumPacketSize: must be at least 1, got " + maximumPacketSize);
        }
    }

    /**
     * A CONNACK without limits or subscription identifiers (what MQTT 3.1.1 brokers send).
     *
     * @param sessionPresent the session-present flag
     * @return the CONNACK
     */
    public static ConnAck of(boolean sessionPresent) {
        return new ConnAck(sessionPresent, OptionalInt.empty(), OptionalInt.empty(), false);
    }
}
