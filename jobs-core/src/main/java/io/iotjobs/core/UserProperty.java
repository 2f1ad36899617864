package io.iotjobs.core;

import io.iotjobs.internal.protocol.MqttNames;

/**
 * An MQTT 5 user property: a name and a value, both UTF-8 strings, carried in a CONNECT or a Last Will (see
 * {@link MqttConnectionBuilder#userProperty(String, String)} and {@link LastWill.Builder#userProperty(String,
 * String)}). A name may appear more than once; order is kept. MQTT 3.1.1 has no user properties.
 *
 * @param name the name: not empty, valid UTF-8 without control characters, at most 65,535 bytes
 * @param value the value: as the name, but may be empty
 */
public record UserProperty(String name, String value) {

    /**
     * Checks the name and value.
     *
     * @param name the name
     * @param value the value
     * @throws NullPointerException if either is {@code null}
     * @throws IllegalArgumentException naming what is wrong
     */
    public UserProperty {
        MqttNames.utf8String("userProperty name", name, false);
        MqttNames.utf8String("userProperty value", value, true);
    }
}
