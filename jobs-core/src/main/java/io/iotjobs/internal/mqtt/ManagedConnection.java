package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportEvents;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection over any {@link MqttTransport}: the {@link Transport} the engines and the local service use, with
 * everything that does not depend on the MQTT library written once: the connection loop, the subscription table
 * and its dispatch, the publish queue, and the mapping of failures.
 *
 * <p>Threads: messages are dispatched on the transport's delivery thread; one daemon "events" thread per
 * connection runs the connect timeouts, reconnect attempts and the user's connection listeners.
 */
public final class ManagedConnection implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedConnection.class);
    private static final long CLOSE_WAIT_MS = 1000;

    private final MqttTransport transport;
    private final ScheduledExecutorService events;
    private final SubscriptionTable subscriptions;
    private final PublishQueue publishes;
    private final ConnectionLoop loop;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean online;

    /**
     * Creates a connection on a transport and starts the transport.
     *
     * @param transport the transport
     * @param policy how to connect and reconnect
     */
    public ManagedConnection(MqttTransport transport, ConnectPolicy policy) {
        this.transport = Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(policy, "policy");
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "iotjobs-mqtt-events-" + transport.clientId());
            thread.setDaemon(true);
            return thread;
        });
        MqttProtocol protocol = transport.protocol();
        this.subscriptions = new SubscriptionTable(transport.clientId(), new SubscriptionTable.Sender() {
            @Override
            public CompletableFuture<Qos> subscribe(String filter, SubscribeOptions options, int subscriptionId) {
                // MQTT 3.1.1 has no no-local: the listeners see the connection's own publishes and skip them
                boolean noLocal = options.noLocal() && protocol.hasNoLocal();
                return mapped(
                        transport.subscribe(filter, options.qos(), noLocal, subscriptionId),
                        "subscribe to " + filter,
                        filter);
            }

            @Override
            public CompletableFuture<Void> unsubscribe(String filter) {
                return mapped(transport.unsubscribe(filter), "unsubscribe from " + filter, filter);
            }

            @Override
            public JobsClientClosedException closed() {
                return closedException();
            }
        });
        this.publishes = new PublishQueue(
                transport,
                this::publishFailure,
                this::closedException,
                policy.offlineQueueLimit(),
                policy.offlineQueuePolicy());
        this.loop = new ConnectionLoop(
                transport,
                policy,
                events,
                new ConnectionLoop.Listener() {
                    @Override
                    public void up(ConnAck connAck, boolean reconnect) {
                        connected(connAck, reconnect);
                    }

                    @Override
                    public void down(Throwable cause) {
                        disconnected(cause);
                    }
                },
                error -> TransportFailures.failed(
                        "connect to " + transport.serverUri() + " as " + transport.clientId(), null, error, protocol));
        transport.start(new Events());
        if (transport.isConnected()) {
            loop.connectedByOwner(Optional.empty());
        }
    }

    private <T> CompletableFuture<T> mapped(CompletableFuture<T> sent, String what, String topic) {
        CompletableFuture<T> result = new CompletableFuture<>();
        sent.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(TransportFailures.toJobsException(error, what, topic, protocol()));
            }
        });
        return result;
    }

    private JobsTransportException publishFailure(String topic, Throwable error) {
        return TransportFailures.failed("publish to " + topic, topic, error, protocol());
    }

    // ------------------------------------------------------------------------------------- Transport

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        return publishes.publish(topic, payload, qos, false);
    }

    /**
     * Publishes with the retain flag.
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos the QoS
     * @param retain the retain flag
     * @return as {@link #publish(String, byte[], Qos)}
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return publishes.publish(topic, payload, qos, retain);
    }

    @Override
    public CompletableFuture<TransportSubscription> subscribe(
            String filter, SubscribeOptions options, MessageListener listener) {
        return subscriptions.subscribe(filter, options, listener);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public boolean isConnected() {
        return online;
    }

    @Override
    public String name() {
        return transport.clientId();
    }

    // --------------------------------------------------------------------------------- connection

    /**
     * The protocol of the transport.
     *
     * @return the protocol
     */
    public MqttProtocol protocol() {
        return transport.protocol();
    }

    /**
     * The transport underneath.
     *
     * @return the transport
     */
    public MqttTransport transport() {
        return transport;
    }

    /**
     * The thread that runs reconnects and connection-listener notifications.
     *
     * @return the executor
     */
    public ScheduledExecutorService events() {
        return events;
    }

    /**
     * Connects (once; later losses reconnect by themselves when enabled).
     *
     * @return completes with the CONNACK's session-present flag, or fails with a {@link JobsTransportException}
     *     explaining why the first attempt failed
     */
    public CompletableFuture<Boolean> connect() {
        return loop.connect();
    }

    /**
     * Disconnects cleanly and stops reconnecting; {@link #connect()} may be called again later.
     *
     * @return completes when disconnected
     */
    public CompletableFuture<Void> disconnect() {
        return loop.disconnect();
    }

    /**
     * The filters subscribed now (for tests and diagnostics).
     *
     * @return the filters
     */
    public List<String> subscribedFilters() {
        return subscriptions.filters();
    }

    /**
     * Closes for good: disconnects (a client the transport owns), fails queued work, stops the events thread.
     * Idempotent.
     */
    public void close() {
        boolean wasUp = loop.close();
        if (wasUp && online) {
            // the clients closed before the connection sent their UNSUBSCRIBEs: let them be applied first, or a
            // persistent session may keep the subscriptions
            subscriptions.awaitUnsubscribes(CLOSE_WAIT_MS);
        }
        try {
            transport.close();
        } catch (RuntimeException e) {
            LOG.debug("{}: closing the {} transport failed: {}", name(), transport.name(), e.toString());
        }
        online = false;
        publishes.close();
        subscriptions.close();
        for (ConnectionListener listener : listeners) {
            safely(listener::onClosed);
        }
        events.shutdownNow();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether {@link #close()} ran.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return loop.isClosed();
    }

    /**
     * Sets the in-flight window as if the broker had announced it (tests).
     *
     * @param maxInFlight the window
     */
    void window(int maxInFlight) {
        publishes.window(maxInFlight);
    }

    /** Reports a loss that the transport saw (tests drive it directly). */
    void lostByTransport(Throwable cause) {
        loop.lost(cause);
    }

    /** Reports an owner's connect (tests drive it directly). */
    void connectedByOwner(ConnAck connAck) {
        loop.connectedByOwner(Optional.of(connAck));
    }

    private void connected(ConnAck connAck, boolean reconnect) {
        if (loop.isClosed()) {
            return;
        }
        online = true;
        // subscriptions first, so that replies to queued requests find their filters
        subscriptions.connected(connAck.sessionPresent(), connAck.subscriptionIdentifiersAvailable());
        publishes.connected(connAck.receiveMaximum(), connAck.maximumPacketSize());
        for (ConnectionListener listener : listeners) {
            safely(() -> listener.onConnected(connAck.sessionPresent(), reconnect));
        }
    }

    private void disconnected(Throwable cause) {
        if (!online) {
            return;
        }
        online = false;
        subscriptions.disconnected();
        publishes.disconnected(cause);
        for (ConnectionListener listener : listeners) {
            safely(() -> listener.onDisconnected(cause));
        }
    }

    private JobsClientClosedException closedException() {
        return new JobsClientClosedException("connection " + name() + " is closed");
    }

    private void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("{}: connection listener failed", name(), e);
        }
    }

    /** What the transport reports. */
    private final class Events implements TransportEvents {
        @Override
        public void onMessage(String topic, byte[] payload, Qos qos, boolean retain, int[] subscriptionIds) {
            try {
                subscriptions.dispatch(topic, payload, qos.level(), retain, subscriptionIds);
            } catch (RuntimeException | Error e) {
                // an exception here could make the library close the connection
                LOG.error("{}: dispatch of a message on {} failed", name(), topic, e);
            }
        }

        @Override
        public void onConnectionLost(Throwable cause) {
            loop.lost(cause);
        }

        @Override
        public void onConnectedByOwner(Optional<ConnAck> connAck) {
            loop.connectedByOwner(connAck);
        }
    }
}
