package io.iotjobs.testkit.clients;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.spi.TransportFactory;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

/**
 * The transport the integration tests of a run use: the system property {@value #PROPERTY} names it ({@code paho5},
 * the default, {@code paho3}, {@code hivemq5} or {@code hivemq3}), so the same client, agent and service tests run
 * over every transport. The transport modules are looked up by class name, so that this shared test code needs only
 * the modules of the transports a run selects on its class path.
 */
public final class TestTransports {

    /** The system property naming the transport. */
    public static final String PROPERTY = "iotjobs.it.transport";

    /** Every transport name, in the order the matrix runs them. */
    public static final List<String> NAMES = List.of("paho5", "paho3", "hivemq5", "hivemq3");

    private TestTransports() {
    }

    /**
     * The transport this run selected.
     *
     * @return its name
     */
    public static String selectedName() {
        String name = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        return name.isEmpty() ? "paho5" : name;
    }

    /**
     * The transport this run selected.
     *
     * @return its factory
     */
    public static TransportFactory selected() {
        return byName(selectedName());
    }

    /**
     * A transport by name.
     *
     * @param name {@code paho5}, {@code paho3}, {@code hivemq5} or {@code hivemq3}
     * @return its factory
     * @throws IllegalArgumentException for another name, or a transport whose module is not on the class path
     */
    public static TransportFactory byName(String name) {
        switch (name) {
            case "paho5":
                return PahoV5Transport.factory();
            case "paho3":
                return lookup("io.iotjobs.transport.paho3.PahoV3Transport", "factory");
            case "hivemq5":
                return lookup("io.iotjobs.transport.hivemq.HiveMqTransport", "mqtt5");
            case "hivemq3":
                return lookup("io.iotjobs.transport.hivemq.HiveMqTransport", "mqtt311");
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + ": unknown transport \"" + name + "\", expected one"
                        + " of " + NAMES);
        }
    }

    /**
     * Puts this run's transport on a builder.
     *
     * @param builder the builder
     * @return the builder
     */
    public static MqttConnectionBuilder apply(MqttConnectionBuilder builder) {
        return builder.transport(selected());
    }

    private static TransportFactory lookup(String className, String method) {
        try {
            Method factory = Class.forName(className).getMethod(method);
            return (TransportFactory) factory.invoke(null);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + ": the module of " + className + " is not on the test"
                    + " class path", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot get the transport from " + className + "." + method + "()", e);
        }
    }
}
