package io.iotjobs.core.spi;

/**
 * The MQTT protocol version a transport speaks, and what the SDK may therefore use.
 *
 * <p>MQTT 3.1.1 has no no-local subscriptions, no reason codes in PUBACK and UNSUBACK (a SUBACK only says
 * "failure", 0x80), no user properties, no session expiry interval (a session lives until the broker drops it)
 * and no receive maximum or maximum packet size announced by the broker.
 */
public enum MqttProtocol {
    /** MQTT 3.1.1 (OASIS standard, 2014). */
    MQTT_3_1_1("MQTT 3.1.1"),
    /** MQTT 5.0 (OASIS standard, 2019). */
    MQTT_5("MQTT 5");

    private final String displayName;

    MqttProtocol(String displayName) {
        this.displayName = displayName;
    }

    /**
     * Whether subscriptions can ask the broker not to deliver the connection's own publishes.
     *
     * @return true for MQTT 5
     */
    public boolean hasNoLocal() {
        return this == MQTT_5;
    }

    /**
     * Whether acknowledgements carry reason codes that say why something was refused.
     *
     * @return true for MQTT 5
     */
    public boolean hasReasonCodes() {
        return this == MQTT_5;
    }

    /**
     * Whether packets may carry user properties.
     *
     * @return true for MQTT 5
     */
    public boolean hasUserProperties() {
        return this == MQTT_5;
    }

    /**
     * Whether the client chooses how long the broker keeps its session after a disconnect.
     *
     * @return true for MQTT 5
     */
    public boolean hasSessionExpiry() {
        return this == MQTT_5;
    }

    /**
     * Whether the broker announces its receive maximum and maximum packet size in the CONNACK.
     *
     * @return true for MQTT 5
     */
    public boolean hasConnackLimits() {
        return this == MQTT_5;
    }

    /**
     * Whether shared subscriptions ({@code $share/<group>/<filter>}) exist.
     *
     * @return true for MQTT 5
     */
    public boolean hasSharedSubscriptions() {
        return this == MQTT_5;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
