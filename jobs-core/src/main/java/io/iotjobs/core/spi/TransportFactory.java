package io.iotjobs.core.spi;

/**
 * Makes transports of one kind from the settings an {@link io.iotjobs.core.MqttConnectionBuilder} collected.
 * Pass one to {@link io.iotjobs.core.MqttConnectionBuilder#transport(TransportFactory)}.
 */
public interface TransportFactory {

    /**
     * The transport's name, for messages: e.g. {@code Paho v3}.
     *
     * @return the name
     */
    String name();

    /**
     * The protocol the transports speak.
     *
     * @return the protocol
     */
    MqttProtocol protocol();

    /**
     * Creates a transport (not connected).
     *
     * @param settings the settings
     * @return the transport
     * @throws IllegalArgumentException when a setting cannot be honoured by this transport or protocol; the
     *     message names the option, the transport and the protocol (see {@link #unsupported})
     */
    MqttTransport create(ConnectionSettings settings);

    /**
     * The exception for an option this transport cannot honour.
     *
     * @param option the builder option, e.g. {@code sessionExpiry}
     * @param why why not, and what to do instead
     * @return an exception whose message names the option, the transport and the protocol
     */
    default IllegalArgumentException unsupported(String option, String why) {
        return new IllegalArgumentException(
                option + ": not supported by the " + name() + " transport (" + protocol() + "): " + why);
    }
}
