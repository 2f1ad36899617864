package io.iotjobs.it.transport;

import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.transport.hivemq.HiveMqTransport;

/** The transport contract for the HiveMQ client over MQTT 5. */
class HiveMq5ContractIT extends TransportContract {
    @Override
    protected TransportFactory factory() {
        return HiveMqTransport.mqtt5();
    }
}
