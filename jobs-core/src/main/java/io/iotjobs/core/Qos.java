package io.iotjobs.core;

/**
 * MQTT quality of service. AWS IoT supports 0 and 1.
 */
public enum Qos {
    /** Fire and forget: a publish future completes when the message is written to the network. */
    AT_MOST_ONCE(0),
    /** Acknowledged: a publish future completes when the broker's PUBACK arrives. */
    AT_LEAST_ONCE(1);

    private final int level;

    Qos(int level) {
        this.level = level;
    }

    /**
     * The MQTT level.
     *
     * @return 0 or 1
     */
    public int level() {
        return level;
    }
}
