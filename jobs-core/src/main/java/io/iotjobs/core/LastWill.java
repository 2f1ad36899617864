package io.iotjobs.core;

import io.iotjobs.internal.protocol.MqttNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Last Will of a connection: a message the broker publishes for the device when its connection ends without
 * a DISCONNECT (the network dropped, the keep-alive ran out, the device lost power). Set it with
 * {@link MqttConnectionBuilder#lastWill(LastWill)}; it goes in every CONNECT, reconnects included. A clean
 * {@link MqttConnection#disconnect()} or {@link MqttConnection#close()} sends no Will.
 *
 * <pre>{@code
 * LastWill will = LastWill.builder("devices/MyDevice/status")
 *         .payload("offline".getBytes(StandardCharsets.UTF_8))
 *         .qos(Qos.AT_LEAST_ONCE)
 *         .retain(true)
 *         .build();
 * }</pre>
 *
 * <p>The delay interval and the properties (content type, message expiry, user properties) are MQTT 5: a
 * connection over MQTT 3.1.1 refuses a Will that has any of them at {@link MqttConnectionBuilder#build()}. AWS IoT
 * Core publishes Wills with QoS 0 or 1 and does not accept a retained Will on a topic it reserves ({@code $aws/...}).
 *
 * <p>Immutable and thread-safe.
 */
public final class LastWill {

    /** MQTT carries a Will payload with a two-byte length: at most this many bytes. */
    public static final int MAX_PAYLOAD_BYTES = 65_535;
    /** MQTT 5 intervals are four-byte seconds: at most this many. */
    static final long MAX_INTERVAL_SECONDS = 0xFFFF_FFFFL;

    private final String topic;
    private final byte[] payload;
    private final Qos qos;
    private final boolean retain;
    private final Duration delayInterval;
    private final String contentType;
    private final Duration messageExpiry;
    private final List<UserProperty> userProperties;

    private LastWill(Builder b) {
        this.topic = b.topic;
        this.payload = b.payload.clone();
        this.qos = b.qos;
        this.retain = b.retain;
        this.delayInterval = b.delayInterval;
        this.contentType = b.contentType;
        this.messageExpiry = b.messageExpiry;
        this.userProperties = List.copyOf(b.userProperties);
    }

    /**
     * A builder for a Will on a topic (empty payload, QoS 0, not retained, no MQTT 5 properties).
     *
     * @param topic the topic name: checked like a publish's topic (no wildcards, valid UTF-8, no control
     *     characters, at most 65,535 bytes)
     * @return the builder
     * @throws NullPointerException if {@code topic} is {@code null}
     * @throws IllegalArgumentException naming {@code lastWill.topic} and what is wrong with it
     */
    public static Builder builder(String topic) {
        return new Builder(MqttNames.topicName("lastWill.topic", topic));
    }

    /**
     * The topic the broker publishes the Will to.
     *
     * @return the topic name
     */
    public String topic() {
        return topic;
    }

    /**
     * The Will's payload.
     *
     * @return a copy of the payload
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The QoS the broker publishes the Will with.
     *
     * @return the QoS
     */
    public Qos qos() {
        return qos;
    }

    /**
     * Whether the broker retains the Will.
     *
     * @return the retain flag
     */
    public boolean retain() {
        return retain;
    }

    /**
     * The MQTT 5 Will delay interval: how long the broker waits after the connection ended before it publishes
     * (not at all if the device reconnects first, or the session ends first).
     *
     * @return the delay, if set
     */
    public Optional<Duration> delayInterval() {
        return Optional.ofNullable(delayInterval);
    }

    /**
     * The MQTT 5 content type of the Will's payload, e.g. {@code application/json}.
     *
     * @return the content type, if set
     */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /**
     * The MQTT 5 message expiry interval of the Will once published.
     *
     * @return the interval, if set
     */
    public Optional<Duration> messageExpiry() {
        return Optional.ofNullable(messageExpiry);
    }

    /**
     * The MQTT 5 user properties of the Will, in order.
     *
     * @return the properties (unmodifiable; empty if none)
     */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /**
     * The MQTT 5-only parts this Will uses, as builder option names (for a transport that speaks MQTT 3.1.1).
     *
     * @return e.g. {@code [lastWill.delayInterval, lastWill.userProperty]}; empty when MQTT 3.1.1 can carry it
     */
    public List<String> mqtt5OnlyOptions() {
        List<String> options = new ArrayList<>();
        if (delayInterval != null) {
            options.add("lastWill.delayInterval");
        }
        if (contentType != null) {
            options.add("lastWill.contentType");
        }
        if (messageExpiry != null) {
            options.add("lastWill.messageExpiry");
        }
        if (!userProperties.isEmpty()) {
            options.add("lastWill.userProperty");
        }
        return options;
    }

    @Override
    public String toString() {
        return "LastWill{" + topic + ", " + payload.length + " bytes, " + qos + (retain ? ", retained" : "") + "}";
    }

    /** Builds a {@link LastWill}. Not thread-safe. */
    public static final class Builder {
        private final String topic;
        private byte[] payload = new byte[0];
        private Qos qos = Qos.AT_MOST_ONCE;
        private boolean retain;
        private Duration delayInterval;
        private String contentType;
        private Duration messageExpiry;
        private final List<UserProperty> userProperties = new ArrayList<>();

        private Builder(String topic) {
            this.topic = topic;
        }

        /**
         * The payload (default empty).
         *
         * @param payload at most {@value LastWill#MAX_PAYLOAD_BYTES} bytes (copied)
         * @return this builder
         * @throws IllegalArgumentException if it is longer
         */
        public Builder payload(byte[] payload) {
            Objects.requireNonNull(payload, "lastWill.payload");
            if (payload.length > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("lastWill.payload: " + payload.length + " bytes, above MQTT's limit"
                        + " of " + MAX_PAYLOAD_BYTES + " for a Will");
            }
            this.payload = payload.clone();
            return this;
        }

        /**
         * The QoS (default {@link Qos#AT_MOST_ONCE}).
         *
         * @param qos the QoS
         * @return this builder
         */
        public Builder qos(Qos qos) {
            this.qos = Objects.requireNonNull(qos, "lastWill.qos");
            return this;
        }

        /**
         * Whether the broker retains the Will (default false).
         *
         * @param retain the flag
         * @return this builder
         */
        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        /**
         * The MQTT 5 Will delay interval (default: none, the Will is published at once).
         *
         * @param delay zero or more, whole seconds, at most 4,294,967,295 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder delayInterval(Duration delay) {
            this.delayInterval = interval(delay, "lastWill.delayInterval");
            return this;
        }

        /**
         * The MQTT 5 content type (default: none).
         *
         * @param contentType e.g. {@code application/json}
         * @return this builder
         * @throws IllegalArgumentException if it is not a valid MQTT string
         */
        public Builder contentType(String contentType) {
            this.contentType = MqttNames.utf8String("lastWill.contentType", contentType, false);
            return this;
        }

        /**
         * The MQTT 5 message expiry interval of the published Will (default: none, it does not expire).
         *
         * @param expiry zero or more, whole seconds, at most 4,294,967,295 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder messageExpiry(Duration expiry) {
            this.messageExpiry = interval(expiry, "lastWill.messageExpiry");
            return this;
        }

        /**
         * Adds an MQTT 5 user property to the Will (a name may repeat; order is kept).
         *
         * @param name the name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the name or value is not a valid MQTT string
         */
        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        /**
         * Builds the Will.
         *
         * @return the Will
         */
        public LastWill build() {
            return new LastWill(this);
        }
    }

    static Duration interval(Duration value, String option) {
        Objects.requireNonNull(value, option);
        if (value.isNegative() || value.getSeconds() > MAX_INTERVAL_SECONDS) {
            throw new IllegalArgumentException(option + ": must be 0 to " + MAX_INTERVAL_SECONDS + " s, got " + value);
        }
        return value;
    }
}
