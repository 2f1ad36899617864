package io.iotjobs.core;

import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.internal.paho5.Paho5Factory;

/**
 * The default transport: MQTT 5 over Eclipse Paho v5 ({@code org.eclipse.paho.mqttv5.client}). Every
 * {@link MqttConnectionBuilder} uses it unless told otherwise; to wrap a Paho v5 client you built yourself, use
 * {@link MqttConnection#wrap(org.eclipse.paho.mqttv5.client.MqttAsyncClient,
 * org.eclipse.paho.mqttv5.client.MqttConnectionOptions)}.
 *
 * <p>Paho's callback thread delivers the messages (the SDK only matches and hands off on it); Paho has no
 * in-flight limit of its own and follows the broker's receive maximum.
 */
public final class PahoV5Transport {
    private PahoV5Transport() {}

    /**
     * The factory to pass to {@link MqttConnectionBuilder#transport(TransportFactory)}.
     *
     * @return the Paho v5 factory
     */
    public static TransportFactory factory() {
        return Paho5Factory.INSTANCE;
    }
}
