package io.iotjobs.it.transport;

import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.spi.TransportFactory;

/** The transport contract for the default transport, Paho v5 (MQTT 5). */
class PahoV5ContractIT extends TransportContract {
    @Override
    protected TransportFactory factory() {
        return PahoV5Transport.factory();
    }
}
