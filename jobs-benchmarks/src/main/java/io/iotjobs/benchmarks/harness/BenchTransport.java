package io.iotjobs.benchmarks.harness;

import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import io.iotjobs.transport.paho3.PahoV3Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The transports a harness can put under its connections, by the names the command line uses
 * ({@code --transports paho5,hivemq5}).
 */
public enum BenchTransport {

    /** Eclipse Paho v5, MQTT 5: the default transport. */
    PAHO5("paho5", "Paho v5 (MQTT 5)", PahoV5Transport::factory),
    /** Eclipse Paho v3, MQTT 3.1.1. */
    PAHO3("paho3", "Paho v3 (MQTT 3.1.1)", PahoV3Transport::factory),
    /** The HiveMQ MQTT client, MQTT 5. */
    HIVEMQ5("hivemq5", "HiveMQ client (MQTT 5)", HiveMqTransport::mqtt5),
    /** The HiveMQ MQTT client, MQTT 3.1.1. */
    HIVEMQ311("hivemq311", "HiveMQ client (MQTT 3.1.1)", HiveMqTransport::mqtt311);

    private final String label;
    private final String description;
    private final Supplier<TransportFactory> factory;

    BenchTransport(String label, String description, Supplier<TransportFactory> factory) {
        this.label = label;
        this.description = description;
        this.factory = factory;
    }

    /**
     * The name on the command line and in the results.
     *
     * @return e.g. {@code hivemq5}
     */
    public String label() {
        return label;
    }

    /**
     * The library and protocol, for the report.
     *
     * @return e.g. {@code HiveMQ client (MQTT 5)}
     */
    public String description() {
        return description;
    }

    /**
     * The SDK's factory for this transport.
     *
     * @return the factory
     */
    public TransportFactory factory() {
        return factory.get();
    }

    /**
     * Whether the transport speaks MQTT 5.
     *
     * @return true for MQTT 5, false for MQTT 3.1.1
     */
    public boolean mqtt5() {
        return factory().protocol() == MqttProtocol.MQTT_5;
    }

    /**
     * Whether a thread belongs to an MQTT client library (its network, timer or callback threads): Paho's
     * {@code MQTT Rec/Snd/Call/Ping: <client id>}, the HiveMQ transport's event loops, the raw HiveMQ clients'
     * event loops and RxJava's threads.
     *
     * @param threadName a thread's name
     * @return true for a library thread
     */
    public static boolean isLibraryThread(String threadName) {
        return threadName.startsWith("MQTT ")
                || threadName.startsWith("iotjobs-hivemq")
                || threadName.startsWith("bench-raw-hivemq")
                || threadName.startsWith("Rx");
    }

    /**
     * A transport by its label.
     *
     * @param label e.g. {@code paho3}
     * @return the transport
     * @throws IllegalArgumentException naming {@code --transports} and the known labels
     */
    public static BenchTransport byLabel(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (BenchTransport transport : values()) {
            if (transport.label.equals(wanted)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("--transports: unknown transport \"" + label.trim() + "\"; known: "
                + String.join(", ", labels(Arrays.asList(values()))));
    }

    /**
     * A comma-separated list of labels, in the order given.
     *
     * @param list e.g. {@code paho5,hivemq5}
     * @return the transports, at least one, none twice
     * @throws IllegalArgumentException for an empty list, an unknown label or a repeated one
     */
    public static List<BenchTransport> parse(String list) {
        List<BenchTransport> transports = new ArrayList<>();
        for (String label : list.split(",", -1)) {
            if (label.isBlank()) {
                throw new IllegalArgumentException("--transports: empty name in \"" + list + "\"");
            }
            BenchTransport transport = byLabel(label);
            if (transports.contains(transport)) {
                throw new IllegalArgumentException("--transports: " + transport.label + " given twice");
            }
            transports.add(transport);
        }
        return transports;
    }

    /**
     * The labels of some transports.
     *
     * @param transports the transports
     * @return their labels, in order
     */
    public static List<String> labels(List<BenchTransport> transports) {
        return transports.stream().map(BenchTransport::label).toList();
    }
}
