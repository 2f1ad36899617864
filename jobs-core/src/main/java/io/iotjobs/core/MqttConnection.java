package io.iotjobs.core;

import io.iotjobs.internal.mqtt.ConnectionAccess;
import io.iotjobs.internal.mqtt.ConnectionListener;
import io.iotjobs.internal.mqtt.PahoTransport;
import io.iotjobs.internal.mqtt.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * One MQTT 5 connection (Eclipse Paho v5 underneath), shared by any number of Jobs clients: V1
 * {@code IotJobsClient}s, V2 {@code IotJobsClientV2}s and the testkit's local service can all use the same
 * connection at once. Build it with {@link MqttConnectionBuilder}, or wrap a Paho client you configured
 * yourself with {@link #wrap(MqttAsyncClient, MqttConnectionOptions)}.
 *
 * <p>What the connection does for its clients:
 * <ul>
 *   <li>dispatches every incoming message to every subscriber whose topic filter matches (Paho itself has
 *       one callback per client), with one MQTT subscription per filter however many subscribers share it;</li>
 *   <li>never fails a publish because the broker's receive maximum is reached or because it is offline: the
 *       publish waits in a queue and goes out when a slot frees or the connection is back;</li>
 *   <li>reconnects after a loss (capped exponential backoff with jitter) and, when the broker lost the
 *       session, subscribes every live filter again;</li>
 *   <li>sets TCP_NODELAY on its socket (Paho does not; with Nagle a QoS 1 round trip costs ~44 ms).</li>
 * </ul>
 *
 * <p><b>Threading:</b> all methods are thread-safe and non-blocking. Futures returned here complete on an
 * MQTT library thread or on the connection's event thread: do not block inside their dependent stages
 * ({@code thenApply} etc.); use the {@code ...Async} variants for heavy work. {@link MqttConnectionListener}s
 * run on the connection's event thread.
 */
public final class MqttConnection implements AutoCloseable {

    static {
        ConnectionAccess.install(connection -> connection.transport);
    }

    private final PahoTransport transport;
    private final List<MqttConnectionListener> listeners = new CopyOnWriteArrayList<>();

    MqttConnection(PahoTransport transport) {
        this.transport = transport;
        transport.addConnectionListener(new ConnectionListener() {
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
     * Wraps a Paho client you built and configured. The connection takes over the client's callback (Paho
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
        return new MqttConnection(new PahoTransport(client, connectOptions, false, connectOptions != null,
                Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    /**
     * Connects. Later losses are repaired automatically (unless automatic reconnect is off).
     *
     * @return completes with the broker's session-present flag when connected; fails with a
     *     {@link JobsTransportException} (unreachable broker, refused CONNECT, TLS failure — its message says
     *     which) or a {@link JobsClientClosedException}. A failed first connect is not retried.
     */
    public CompletableFuture<Boolean> connect() {
        return transport.connect();
    }

    /**
     * Disconnects cleanly and stops reconnecting. {@link #connect()} may be called again later.
     *
     * @return completes when disconnected
     */
    public CompletableFuture<Void> disconnect() {
        return transport.disconnect();
    }

    /**
     * Whether the connection is up now.
     *
     * @return true when connected
     */
    public boolean isConnected() {
        return transport.isConnected();
    }

    /**
     * The MQTT client id.
     *
     * @return the client id
     */
    public String clientId() {
        return transport.name();
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
     * and pending subscriptions with {@link JobsClientClosedException}, and stops its thread. Close the Jobs
     * clients on it first. Idempotent.
     */
    @Override
    public void close() {
        transport.close();
    }

    private void dispatch(Consumer<MqttConnectionListener> event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            transport.events().execute(() -> listeners.forEach(l -> {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(MqttConnection.class)
                            .warn("{}: connection listener failed", clientId(), e);
                }
            }));
        } catch (RejectedExecutionException closed) {
            // closing: events are no longer delivered
        }
    }

    @Override
    public String toString() {
        return "MqttConnection{" + clientId() + (isConnected() ? ", connected" : "") + "}";
    }

    Transport transport() {
        return transport;
    }
}
