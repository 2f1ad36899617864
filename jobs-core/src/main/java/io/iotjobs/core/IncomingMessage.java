package io.iotjobs.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message that arrived on one of the device's own subscriptions
 * ({@link MqttConnection#subscribe(String, Qos, java.util.function.Consumer)}).
 *
 * <p>Immutable: {@link #payload()} returns a copy.
 */
public final class IncomingMessage {
    private final String topic;
    private final byte[] payload;
    private final Qos qos;
    private final boolean retain;

    /**
     * Creates a message.
     *
     * @param topic the topic it was published to
     * @param payload the payload (copied)
     * @param qos the QoS it was delivered with
     * @param retain whether it is a retained message sent on subscribing
     */
    public IncomingMessage(String topic, byte[] payload, Qos qos, boolean retain) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.payload = Objects.requireNonNull(payload, "payload").clone();
        this.qos = Objects.requireNonNull(qos, "qos");
        this.retain = retain;
    }

    /**
     * The topic the message was published to.
     *
     * @return the topic name
     */
    public String topic() {
        return topic;
    }

    /**
     * The payload.
     *
     * @return a copy of the payload
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The payload decoded as UTF-8 (malformed bytes become U+FFFD).
     *
     * @return the text
     */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The payload's length.
     *
     * @return the number of bytes
     */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * The QoS the message was delivered with.
     *
     * @return the QoS
     */
    public Qos qos() {
        return qos;
    }

    /**
     * Whether the broker sent it as a retained message.
     *
     * @return the retain flag
     */
    public boolean isRetain() {
        return retain;
    }

    @Override
    public String toString() {
        return "IncomingMessage{" + topic + ", " + payload.length + " bytes, " + qos + (retain ? ", retained" : "")
                + "}";
    }
}
