package io.iotjobs.transport.hivemq;

import com.hivemq.client.mqtt.MqttClientBuilderBase;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.internal.hivemq.ClientEvents;
import io.iotjobs.internal.hivemq.HiveMqFactory;
import io.iotjobs.internal.hivemq.Wrapping;
import java.util.Objects;

/**
 * The HiveMQ MQTT client ({@code com.hivemq:hivemq-mqtt-client}) as the transport under an {@link MqttConnection},
 * for MQTT 5 or MQTT 3.1.1: select it on the builder, or wrap a client you built yourself.
 *
 * <pre>{@code
 * MqttConnection connection = MqttConnectionBuilder.mtlsFromPath(endpoint, certificate, privateKey)
 *     .clientId("MyDevice")
 *     .transport(HiveMqTransport.mqtt5())          // or HiveMqTransport.mqtt311()
 *     .build();
 * }</pre>
 *
 * <p><b>Clients the SDK builds</b> ({@link #mqtt5()}, {@link #mqtt311()}) honour every builder option except
 * {@code persistenceDirectory} (the HiveMQ client keeps its session state in memory only) and, on MQTT 3.1.1,
 * {@code sessionExpiry}: both fail at {@code build()} naming the option. TLS, client certificates, a custom
 * {@code SSLContext} and ALPN (port 443) are supported; TCP_NODELAY is on. The HiveMQ client's own automatic
 * reconnect is off: the connection connects and reconnects. All the clients the SDK builds share one set of daemon
 * I/O threads (one per core), on which messages are delivered to the connection and the transport's futures
 * complete (the connection hands off to its own callback pool at once); the threads end when the last of those
 * connections is closed. The client queues QoS 1 publishes beyond the broker's receive maximum itself and never
 * has more than 65,525 in flight.
 *
 * <p><b>Clients you build</b> ({@link #wrap(Mqtt5Client, Mqtt5Connect)}, {@link #wrap(Mqtt3Client, Mqtt3Connect)})
 * keep all your options: executors (messages arrive on your client's application scheduler), TLS, timeouts,
 * automatic reconnect. Build such a client from a builder passed through {@link #prepare}: the HiveMQ client takes
 * listeners only when it is built, and the SDK needs one to learn when the client connects and disconnects.
 */
public final class HiveMqTransport {

    private HiveMqTransport() {}

    /**
     * MQTT 5 over a HiveMQ client the SDK builds: pass it to
     * {@link io.iotjobs.core.MqttConnectionBuilder#transport(TransportFactory)}.
     *
     * @return the factory
     */
    public static TransportFactory mqtt5() {
        return HiveMqFactory.MQTT_5;
    }

    /**
     * MQTT 3.1.1 over a HiveMQ client the SDK builds: pass it to
     * {@link io.iotjobs.core.MqttConnectionBuilder#transport(TransportFactory)}. What 3.1.1 lacks is handled as
     * {@link io.iotjobs.core.spi.MqttProtocol} describes; {@code sessionExpiry} fails at {@code build()}
     * ({@code cleanStart(false)} keeps the session for as long as the broker keeps it).
     *
     * @return the factory
     */
    public static TransportFactory mqtt311() {
        return HiveMqFactory.MQTT_3_1_1;
    }

    /**
     * Adds the SDK's connected and disconnected listener to a builder of a HiveMQ client (MQTT 5 or 3.1.1) that you
     * will pass to a {@code wrap} method. The listener does nothing until the client is wrapped, nor after the
     * connection is closed. Each builder needs its own call; a client built from it can be wrapped by one
     * connection at a time.
     *
     * <pre>{@code
     * Mqtt5AsyncClient client = HiveMqTransport.prepare(MqttClient.builder().useMqttVersion5())
     *     .identifier("MyDevice").serverHost(host).serverPort(8883).sslWithDefaultConfig()
     *     .buildAsync();
     * MqttConnection connection = HiveMqTransport.wrap(client, Mqtt5Connect.builder().build());
     * }</pre>
     *
     * @param builder the builder
     * @param <B> the builder's type
     * @return the same builder
     * @throws NullPointerException if the builder is {@code null}
     */
    public static <B extends MqttClientBuilderBase<B>> B prepare(B builder) {
        Objects.requireNonNull(builder, "builder");
        ClientEvents relay = new ClientEvents();
        return builder.addConnectedListener(relay).addDisconnectedListener(relay);
    }

    /**
     * A connection over an MQTT 5 HiveMQ client you built (from a builder passed through {@link #prepare}),
     * connected or not.
     *
     * <p>What the connection takes over:
     * <ul>
     *   <li>it receives every incoming PUBLISH of the client, on the client's application scheduler, through the
     *       client's stream of all publishes (your own subscriptions with callbacks keep receiving theirs);</li>
     *   <li>it subscribes, unsubscribes and publishes its own filters and topics through the client;</li>
     *   <li>on MQTT 5, when the broker takes subscription identifiers and the connection learns of the client's
     *       connect through the listener, a handler in that connection's Netty pipeline gives the connection's own
     *       SUBSCRIBEs its identifiers (yours keep the client's numbering) and reads the identifiers of incoming
     *       PUBLISHes, so that a copy the broker sends for one of your subscriptions is not given to the
     *       connection's subscribers too;</li>
     *   <li>with {@code connect}: connecting the client with it and reconnecting it after a loss (the first attempt
     *       with {@link MqttConnection#connect()}; each bounded by the sum of the client's socket, TLS and CONNACK
     *       timeouts).</li>
     * </ul>
     * What stays yours: the client itself and all its options, your own subscriptions (the connection does not
     * restore them after a lost session: make them with {@link MqttConnection#subscribe} to have them restored),
     * and, with {@code null}, connecting and reconnecting it (the client's automatic reconnect, for example); after
     * each of those connects the connection subscribes its filters again unless the CONNACK says the session was
     * present. {@link MqttConnection#close()} detaches the connection and leaves the client open, and connected if
     * it was: disconnect it yourself.
     *
     * @param client the client
     * @param connect the CONNECT for the connection's attempts (the client must then not reconnect automatically),
     *     or {@code null} if you connect the client yourself
     * @return the connection (not connected by this call)
     * @throws IllegalArgumentException if the client was not built from a {@link #prepare}d builder, is wrapped by
     *     another open connection, or reconnects automatically while {@code connect} is given
     * @throws NullPointerException if the client is {@code null}
     */
    public static MqttConnection wrap(Mqtt5Client client, Mqtt5Connect connect) {
        return Wrapping.wrap(client, connect);
    }

    /**
     * A connection over an MQTT 3.1.1 HiveMQ client you built (from a builder passed through {@link #prepare}),
     * connected or not. What the connection takes over and what stays yours: as
     * {@link #wrap(Mqtt5Client, Mqtt5Connect)}, but for subscription identifiers, which MQTT 3.1.1 does not have.
     *
     * @param client the client
     * @param connect the CONNECT for the connection's attempts (the client must then not reconnect automatically),
     *     or {@code null} if you connect the client yourself
     * @return the connection (not connected by this call)
     * @throws IllegalArgumentException if the client was not built from a {@link #prepare}d builder, is wrapped by
     *     another open connection, or reconnects automatically while {@code connect} is given
     * @throws NullPointerException if the client is {@code null}
     */
    public static MqttConnection wrap(Mqtt3Client client, Mqtt3Connect connect) {
        return Wrapping.wrap(client, connect);
    }
}
