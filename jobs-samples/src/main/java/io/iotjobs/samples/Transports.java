package io.iotjobs.samples;

import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import io.iotjobs.transport.paho3.PahoV3Transport;
import java.util.List;
import java.util.Optional;

/** The transports a sample can run over, by the name {@code --transport} takes. */
final class Transports {

    /** The names, default first. */
    static final List<String> NAMES = List.of("paho5", "paho3", "hivemq5", "hivemq3");

    private Transports() {}

    /**
     * A transport by name.
     *
     * @param name the name
     * @return its factory, or empty for an unknown name
     */
    static Optional<TransportFactory> byName(String name) {
        switch (name) {
            case "paho5":
                return Optional.of(PahoV5Transport.factory());
            case "paho3":
                return Optional.of(PahoV3Transport.factory());
            case "hivemq5":
                return Optional.of(HiveMqTransport.mqtt5());
            case "hivemq3":
                return Optional.of(HiveMqTransport.mqtt311());
            default:
                return Optional.empty();
        }
    }
}
