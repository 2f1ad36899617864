package io.iotjobs.it.transport;

import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.transport.paho3.PahoV3Transport;

/** The transport contract for Paho v3 (MQTT 3.1.1). */
class PahoV3ContractIT extends TransportContract {
    @Override
    protected TransportFactory factory() {
        return PahoV3Transport.factory();
    }
}
