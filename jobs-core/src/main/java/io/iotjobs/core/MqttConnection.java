package io.iotjobs.core;

import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.ConnectionListener;
import io.iotjobs.internal.mqtt.ManagedConnection;
import io.iotjobs.internal.mqtt.UserTraffic;
import io.iotjobs.internal.paho5.Paho5Transport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.LoggerFactory;

/**
 * The one MQTT connection of a device (AWS IoT allows one connection per client id), shared by any number of Jobs
 * clients and by the device's own traffic: V1 {@code IotJobsClient}s, V2 {@code IotJobsClientV2}s, the job agent
 * and the testkit's local service can all use the same connection at once, beside the device's telemetry and
 * commands ({@link #publish(String, byte[], Qos)}, {@link #subscribe(String, Qos, Consumer)}).
 *
 * <p>Build it with {@link MqttConnectionBuilder} (over the default Paho v5 transport, or any
 * {@link io.iotjobs.core.spi.TransportFactory}: Paho v3 for MQTT 3.1.1, the HiveMQ client), or wrap a client you
 * configured yourself: {@link #wrap(MqttAsyncClient, MqttConnectionOptions)} for Paho v5, the {@code wrap} methods
 * of the transport modules for the others.
 *
 * <p>What the connection does, whatever the transport:
 * <ul>
 *   <li>dispatches every incoming message to every subscriber whose topic filter matches, with one MQTT
 *       subscription per filter however many subscribers share it;</li>
 *   <li>never fails a publish because the broker's receive maximum is reached or because it is offline: the
 *       publish waits in a queue and goes out, in order, when a slot frees or the connection is back (while
 *       offline up to the {@linkplain MqttConnectionBuilder#offlineQueue offline queue's} limit, 1,000 by default);
 *       a publish larger than the broker's maximum packet size fails alone, before it is sent;</li>
 *   <li>reconnects after a loss (capped exponential backoff with jitter, each attempt bounded by the connect
 *       timeout) and, when the broker lost the session, subscribes every live filter again;</li>
 *   <li>sets TCP_NODELAY on its socket (with Nagle a QoS 1 round trip costs ~44 ms).</li>
 * </ul>
 *
 * <p><b>Threading:</b> all methods are thread-safe and non-blocking. {@link #connect()} and {@link #disconnect()}
 * complete on an MQTT library thread or on the connection's event thread: do not block inside their dependent
 * stages. The futures of {@link #publish} and {@link #subscribe} and the subscription listeners run on the SDK's
 * callback pool, never on the MQTT library's thread; the messages of one subscription one at a time, in order.
 * {@link MqttConnectionListener}s run on the connection's event thread.
 */
public final class MqttConnection implements AutoCloseable {

    static {
        ConnectionAccess.install(connection -> connection.connection);
    }

    private final ManagedConnection connection;
    private final UserTraffic traffic;
    private final List<MqttConnectionListener> listeners = new CopyOnWriteArrayList<>();

    MqttConnection(ManagedConnection connection) {
        this.connection = connection;
        this.traffic = new UserTraffic(connection);
        connection.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnected(boolean sessionPresent, boolean reconnect) {
                dispatch(l -> {
                    if (reconnect) {
                        l.onResumed(sessionPresent);
                    } else {
                        l.onConnected(sessionPresent);
                    }
                });
            }

            @Override
            public void onDisconnected(Throwable cause) {
                dispatch(cause == null ? MqttConnectionListener::onDisconnected : l -> l.onInterrupted(cause));
            }

            @Override
            public void onClosed() {
                listeners.forEach(MqttConnectionListener::onClosed);
            }
        });
    }

    /**
     * A connection over a transport: for transport modules' {@code wrap} methods and your own
     * {@link MqttTransport}s. The connection starts the transport and, unless its owner connects it
     * ({@link MqttTransport#ownerConnects()}), connects and reconnects it with the policy.
     *
     * @param transport the transport (used by this connection only)
     * @param policy how to connect and reconnect
     * @return the connection
     */
    public static MqttConnection over(MqttTransport transport, ConnectPolicy policy) {
        return new MqttConnection(new ManagedConnection(
                Objects.requireNonNull(transport, "transport"), Objects.requireNonNull(policy, "policy")));
    }

    /**
     * Wraps a Paho v5 client you built and configured. The connection takes over the client's callback (Paho
     * allows only one), so do not set another one afterwards.
     *
     * <p>With {@code connectOptions}, {@link #connect()} connects the client with them and this connection
     * drives reconnects (turn Paho's automatic reconnect off in them). With {@code null}, the client must
     * already be connected and its owner handles reconnects (Paho's automatic reconnect, for example); after
     * each of those reconnects every live filter is subscribed again, since the session flag is not visible.
     * {@link #close()} releases this wrapper but leaves a wrapped client connected and open: it stays yours.
     *
     * @param client the client
     * @param connectOptions options for connecting, or {@code null} if the client is connected by its owner
     * @return the connection
     */
    public static MqttConnection wrap(MqttAsyncClient client, MqttConnectionOptions connectOptions) {
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
        return over(new Paho5Transport(client, connectOptions, false, client.getServerURI()), policy);
    }

    /**
     * Connects. Later losses are repaired automatically (unless automatic reconnect is off).
     *
     * @return completes with the broker's session-present flag when connected; fails with a
     *     {@link JobsTransportException} (unreachable broker, refused CONNECT, TLS failure, no CONNACK within the
     *     connect timeout — its message says which) or a {@link JobsClientClosedException}. A failed first connect
     *     is not retried.
     */
    public CompletableFuture<Boolean> connect() {
        return connection.connect();
    }

    /**
     * Disconnects cleanly and stops reconnecting. {@link #connect()} may be called again later.
     *
     * @return completes when disconnected
     */
    public CompletableFuture<Void> disconnect() {
        return connection.disconnect();
    }

    /**
     * Publishes a message of the device's own (telemetry, shadow updates, anything that is not Jobs). Queued while
     * offline or while the broker's receive maximum is reached, never failed for it.
     *
     * @param topic the topic name (no wildcards)
     * @param payload the payload (copied)
     * @param qos the QoS
     * @return completes on the SDK's callback pool when written (QoS 0) or acknowledged by the broker (QoS 1);
     *     fails with a {@link JobsTransportException} (refused by the broker, larger than the broker's maximum
     *     packet size, connection lost while in flight: outcome unknown) or a {@link JobsClientClosedException}
     * @throws IllegalArgumentException if the topic is not a valid MQTT topic name (the message says why)
     * @throws NullPointerException if an argument is {@code null}
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        return traffic.publish(topic, payload, qos, false);
    }

    /**
     * Publishes a message of the device's own with the retain flag.
     *
     * @param topic the topic name (no wildcards)
     * @param payload the payload (copied)
     * @param qos the QoS
     * @param retain whether the broker keeps it as the topic's retained message
     * @return as {@link #publish(String, byte[], Qos)}
     * @throws IllegalArgumentException if the topic is not a valid MQTT topic name
     * @throws NullPointerException if an argument is {@code null}
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return traffic.publish(topic, payload, qos, retain);
    }

    /**
     * Subscribes to a topic filter of the device's own. The subscription is made again after the broker lost the
     * session, like the SDK's own; several subscriptions to the same filter share one MQTT subscription.
     *
     * @param filter the topic filter ({@code +} and {@code #} wildcards; {@code $share/<group>/...} on MQTT 5)
     * @param qos the maximum QoS
     * @param listener called with each message on the SDK's callback pool, one at a time and in arrival order;
     *     an exception it throws is logged and the subscription goes on
     * @return completes on the callback pool with the subscription once the broker acknowledged it; fails with a
     *     {@link JobsTransportException} carrying the SUBACK's reason code when the broker refused
     * @throws IllegalArgumentException if the filter is not a valid MQTT topic filter for this protocol
     * @throws NullPointerException if an argument is {@code null}
     */
    public CompletableFuture<TopicSubscription> subscribe(String filter, Qos qos, Consumer<IncomingMessage> listener) {
        return traffic.subscribe(filter, qos, listener);
    }

    /**
     * The protocol the connection speaks.
     *
     * @return MQTT 5 or MQTT 3.1.1
     */
    public MqttProtocol protocol() {
        return connection.protocol();
    }

    /**
     * The name of the transport underneath, e.g. {@code Paho v5}.
     *
     * @return the transport's name
     */
    public String transportName() {
        return connection.transport().name();
    }

    /**
     * Whether the connection is up now.
     *
     * @return true when connected
     */
    public boolean isConnected() {
        return connection.isConnected();
    }

    /**
     * The MQTT client id.
     *
     * @return the client id
     */
    public String clientId() {
        return connection.name();
    }

    /**
     * Adds a listener for connection events.
     *
     * @param listener called on the connection's event thread
     */
    public void addListener(MqttConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void removeListener(MqttConnectionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Closes the connection for good: disconnects (unless it wraps a client you own), fails queued publishes
     * and pending subscriptions with {@link JobsClientClosedException}, and stops its threads. Close the Jobs
     * clients on it first. Idempotent.
     */
    @Override
    public void close() {
        connection.close();
        traffic.close();
    }

    private void dispatch(Consumer<MqttConnectionListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            connection
                    .events()
                    .execute(() -> listeners.forEach(l -> {
                        try {
                            event.accept(l);
                        } catch (RuntimeException e) {
                            LoggerFactory.getLogger(MqttConnection.class)
                                    .warn("{}: connection listener failed", clientId(), e);
                        }
                    }));
        } catch (RejectedExecutionException closed) {
            // closing: events are no longer delivered
        }
    }

    @Override
    public String toString() {
        return "MqttConnection{" + clientId() + ", " + transportName() + (isConnected() ? ", connected" : "") + "}";
    }
}
