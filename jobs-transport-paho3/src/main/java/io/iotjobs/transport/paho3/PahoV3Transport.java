package io.iotjobs.transport.paho3;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.internal.paho3.Paho3Factory;
import io.iotjobs.internal.paho3.Paho3Transport;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * MQTT 3.1.1 over Eclipse Paho v3 ({@code org.eclipse.paho.client.mqttv3}), for devices and brokers that do not
 * speak MQTT 5. Select it on a builder, or wrap a Paho v3 client you already have:
 *
 * <pre>{@code
 * MqttConnection connection = MqttConnectionBuilder.mtlsFromPath(endpoint, certificate, key)
 *     .clientId("MyDevice")
 *     .transport(PahoV3Transport.factory())
 *     .build();
 * }</pre>
 *
 * <p>What changes with MQTT 3.1.1: subscriptions have no no-local (the SDK's own engines do not need it; the
 * testkit's service skips its own replies), a refused subscription says only "failure" (return code 0x80) and a
 * refused publish is not reported at all (3.1.1 has no PUBACK reason codes; AWS IoT disconnects instead), there is
 * no session expiry interval ({@code sessionExpiry} is refused at build time; {@code cleanStart(false)} keeps the
 * session for as long as the broker keeps it), and the broker announces no receive maximum, so at most
 * {@value Paho3Factory#MAX_IN_FLIGHT} QoS 1 publishes are in flight at once (more wait in the queue, none fail).
 *
 * <p>Paho's callback thread delivers the messages; the SDK hands them to its own threads at once.
 */
public final class PahoV3Transport {
    private PahoV3Transport() {}

    /**
     * The factory to pass to {@code MqttConnectionBuilder.transport(...)}.
     *
     * @return the Paho v3 factory
     */
    public static TransportFactory factory() {
        return Paho3Factory.INSTANCE;
    }

    /**
     * Wraps a Paho v3 client you built and configured. The connection takes over the client's callback (Paho allows
     * only one), so do not set another one afterwards.
     *
     * <p>With {@code connectOptions}, {@link MqttConnection#connect()} connects the client with them and the
     * connection drives reconnects with its own backoff (turn Paho's automatic reconnect off in them); the window of
     * QoS 1 publishes in flight is their {@code maxInflight}. With {@code null}, the client must already be connected
     * and its owner connects and reconnects it (Paho's automatic reconnect, for example); after each of those
     * reconnects every live filter is subscribed again, since Paho does not show the session flag there. Either way
     * {@link MqttConnection#close()} releases the wrapper but leaves the client open, and connected if it was: it
     * stays yours.
     *
     * @param client the client
     * @param connectOptions options for connecting, or {@code null} if the client is connected by its owner
     * @return the connection
     * @throws IllegalArgumentException if {@code connectOptions} is {@code null} and the client is not connected
     */
    public static MqttConnection wrap(MqttAsyncClient client, MqttConnectOptions connectOptions) {
        Objects.requireNonNull(client, "client");
        if (connectOptions == null && !client.isConnected()) {
            throw new IllegalArgumentException("connectOptions: required when the client is not connected yet");
        }
        ConnectPolicy policy = connectOptions == null
                ? ConnectPolicy.DEFAULT
                : new ConnectPolicy(
                        Duration.ofSeconds(Math.max(1, connectOptions.getConnectionTimeout())),
                        true,
                        ConnectPolicy.DEFAULT.minBackoff(),
                        ConnectPolicy.DEFAULT.maxBackoff());
        return MqttConnection.over(new Paho3Transport(client, connectOptions, false, client.getServerURI()), policy);
    }
}
