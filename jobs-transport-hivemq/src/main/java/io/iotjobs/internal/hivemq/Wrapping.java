package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.MqttClientConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.spi.ConnectPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Connections over HiveMQ clients the user built: the checks, the connect policy, and the transport, which keeps
 * the user's options (executors, TLS, timeouts) and leaves the client open when it is closed.
 */
public final class Wrapping {

    private Wrapping() {}

    /**
     * A connection over a user's MQTT 5 client.
     *
     * @param client the client
     * @param connect the CONNECT for the SDK's connection attempts, or {@code null} if its owner connects it
     * @return the connection
     */
    public static MqttConnection wrap(Mqtt5Client client, Mqtt5Connect connect) {
        Objects.requireNonNull(client, "client");
        return over(new Mqtt5Operations(client, connect), connect != null);
    }

    /**
     * A connection over a user's MQTT 3.1.1 client.
     *
     * @param client the client
     * @param connect the CONNECT for the SDK's connection attempts, or {@code null} if its owner connects it
     * @return the connection
     */
    public static MqttConnection wrap(Mqtt3Client client, Mqtt3Connect connect) {
        Objects.requireNonNull(client, "client");
        return over(new Mqtt3Operations(client, connect), connect != null);
    }

    private static MqttConnection over(ProtocolClient client, boolean sdkConnects) {
        MqttClientConfig config = client.config();
        ClientEvents relay = ClientEvents.in(config)
                .orElseThrow(() -> new IllegalArgumentException("client: build"
                        + " it from a builder passed through HiveMqTransport.prepare(...), which adds the listener that tells"
                        + " the SDK when the client connects and disconnects"));
        if (sdkConnects && config.getAutomaticReconnect().isPresent()) {
            throw new IllegalArgumentException("connect: the client reconnects by itself (automatic reconnect):"
                    + " pass null to leave connecting to it, or build it without automatic reconnect so that the"
                    + " SDK connects and reconnects it");
        }
        String clientId = config.getClientIdentifier().map(Object::toString).orElse("(assigned by the broker)");
        HiveMqClientTransport transport =
                new HiveMqClientTransport(client, relay, clientId, serverUri(config), () -> {}, null, !sdkConnects);
        return MqttConnection.over(transport, sdkConnects ? policy(config) : ConnectPolicy.DEFAULT);
    }

    /** The SDK's bound on an attempt leaves the client its own socket, TLS and CONNACK timeouts. */
    private static ConnectPolicy policy(MqttClientConfig config) {
        MqttClientTransportConfig transport = config.getTransportConfig();
        long millis = (long) transport.getSocketConnectTimeoutMs()
                + transport.getMqttConnectTimeoutMs()
                + transport
                        .getSslConfig()
                        .map(ssl -> ssl.getHandshakeTimeoutMs())
                        .orElse(0L);
        return new ConnectPolicy(
                Duration.ofMillis(Math.max(1000, millis)),
                true,
                ConnectPolicy.DEFAULT.minBackoff(),
                ConnectPolicy.DEFAULT.maxBackoff());
    }

    private static String serverUri(MqttClientConfig config) {
        InetSocketAddress address = config.getServerAddress();
        String host = address.getHostString();
        return (config.getSslConfig().isPresent() ? "ssl://" : "tcp://")
                + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
