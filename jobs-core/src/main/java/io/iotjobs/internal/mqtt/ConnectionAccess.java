package io.iotjobs.internal.mqtt;

import io.iotjobs.core.MqttConnection;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gives the internal {@link Transport} of a public {@link MqttConnection} to the engines, the facades and
 * the local service without putting an internal type into the public API.
 */
public final class ConnectionAccess {
    private static volatile Function<MqttConnection, Transport> accessor;

    private ConnectionAccess() {}

    /**
     * Installed once by {@link MqttConnection}'s static initializer.
     *
     * @param access the accessor
     */
    public static void install(Function<MqttConnection, Transport> access) {
        if (accessor != null) {
            throw new IllegalStateException("already installed");
        }
        accessor = access;
    }

    /**
     * The transport behind a connection.
     *
     * @param connection the connection
     * @return its transport
     */
    public static Transport transport(MqttConnection connection) {
        Objects.requireNonNull(connection, "connection");
        return accessor.apply(connection);
    }
}
