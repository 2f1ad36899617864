package io.iotjobs.testkit;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.testkit.clients.RawMqttClient;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** A connection of a test class's services to the shared embedded broker (connecting takes a moment). */
final class SharedBrokerConnection {

    private SharedBrokerConnection() {}

    /**
     * Connects a new client to the shared embedded broker.
     *
     * @param prefix the start of its unique client id
     * @return the connected connection; the test class closes it
     */
    static MqttConnection connect(String prefix) throws Exception {
        URI broker = URI.create(EmbeddedBroker.shared().serverUri());
        MqttConnection connection = MqttConnectionBuilder.plain(broker.getHost(), broker.getPort())
                .clientId(RawMqttClient.uniqueId(prefix))
                .build();
        connection.connect().get(10, TimeUnit.SECONDS);
        return connection;
    }
}
