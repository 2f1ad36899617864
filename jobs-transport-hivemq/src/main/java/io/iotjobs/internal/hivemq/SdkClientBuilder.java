package io.iotjobs.internal.hivemq;

import com.hivemq.client.internal.mqtt.MqttClientConfig;
import com.hivemq.client.internal.mqtt.MqttRxClientBuilderBase;
import com.hivemq.client.internal.mqtt.advanced.MqttClientAdvancedConfig;
import com.hivemq.client.mqtt.MqttVersion;

/**
 * Builds the configuration of a HiveMQ client the SDK creates, through the HiveMQ client's own builder base, so
 * that the SDK holds the client's internal configuration for either protocol: {@link NettyTls} puts its TLS
 * context there. (The client's public builders return clients whose internal configuration is reachable only for
 * MQTT 5; the MQTT 3.1.1 client is a view over the same MQTT 5 client object, built here directly.)
 */
final class SdkClientBuilder extends MqttRxClientBuilderBase<SdkClientBuilder> {

    @Override
    protected SdkClientBuilder self() {
        return this;
    }

    /**
     * The configuration, for a client that speaks {@code version} on the wire. No connect defaults: every CONNECT
     * the SDK sends is complete.
     *
     * @param version the protocol
     * @return the configuration
     */
    MqttClientConfig build(MqttVersion version) {
        return buildClientConfig(
                version, MqttClientAdvancedConfig.DEFAULT, MqttClientConfig.ConnectDefaults.of(null, null, null));
    }
}
