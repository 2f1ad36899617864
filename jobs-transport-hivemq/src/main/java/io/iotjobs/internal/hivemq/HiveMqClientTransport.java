package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportEvents;
import io.iotjobs.core.spi.TransportException;
import io.netty.channel.EventLoopGroup;
import io.reactivex.disposables.Disposable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MqttTransport} over a HiveMQ MQTT client, for both protocols (the protocol's API is behind
 * {@link ProtocolClient}). Messages arrive through the client's stream of every incoming PUBLISH, on the client's
 * Netty thread for the clients the SDK builds (their application scheduler runs each step where it is called), on
 * the user's scheduler for a client the user built.
 *
 * <p>Connection attempts. The HiveMQ client cannot abandon an attempt under way: it ends by itself, bounded by its
 * socket, TLS and CONNACK timeouts (on the clients the SDK builds, a little longer than the attempt timeout).
 * {@link #abort()} therefore abandons the attempt (a late success is disconnected at once), and the next
 * {@link #connect()} starts once the abandoned attempt has ended. Likewise a connection that is lost is reported once the client has finished tearing
 * it down, so that the next attempt finds the client ready.
 */
public final class HiveMqClientTransport implements MqttTransport, ClientEvents.Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(HiveMqClientTransport.class);
    private static final long CLOSE_WAIT_MILLIS = 1000;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ProtocolClient client;
    private final ClientEvents relay;
    private final String clientId;
    private final String serverUri;
    private final Runnable beforeConnect;
    private final EventLoopGroup loops;
    private final boolean ownerConnects;
    private final SubscriptionIds ids;
    private final Object lock = new Object();
    private volatile TransportEvents events; // written under lock
    private Attempt attempt; // guarded by lock: the latest connect(), or the connection found at start()
    private boolean ownerUp; // guarded by lock
    private Disposable inbound; // guarded by lock
    private boolean closed; // guarded by lock

    /**
     * Creates the transport and binds the client's relay to it.
     *
     * @param client the client through its protocol's API
     * @param relay the SDK's listener inside the client
     * @param clientId the client id, for messages
     * @param serverUri the server address, for messages
     * @param beforeConnect run before each connection attempt (gives the client its TLS context)
     * @param loops the SDK's event loops the client runs on, released on {@link #close()}; {@code null} for a
     *     user's client, which {@link #close()} leaves open
     * @param ownerConnects whether the client's owner connects it
     * @throws IllegalArgumentException if the relay is bound to another transport
     */
    public HiveMqClientTransport(ProtocolClient client, ClientEvents relay, String clientId, String serverUri,
            Runnable beforeConnect, EventLoopGroup loops, boolean ownerConnects) {
        this.client = client;
        this.relay = relay;
        this.clientId = clientId;
        this.serverUri = serverUri;
        this.beforeConnect = beforeConnect;
        this.loops = loops;
        this.ownerConnects = ownerConnects;
        this.ids = new SubscriptionIds(loops != null);
        if (!relay.bind(this)) {
            throw new IllegalArgumentException("client: already wrapped by another MqttConnection; close that one"
                    + " first");
        }
    }

    @Override
    public String name() {
        return HiveMqFactory.NAME;
    }

    @Override
    public MqttProtocol protocol() {
        return client.protocol();
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String serverUri() {
        return serverUri;
    }

    @Override
    public boolean ownerConnects() {
        return ownerConnects;
    }

    @Override
    public boolean isConnected() {
        return client.config().getState().isConnected();
    }

    @Override
    public int inFlightLimit() {
        return client.inFlightLimit();
    }

    @Override
    public void start(TransportEvents receiver) {
        synchronized (lock) {
            events = receiver;
            boolean connected = isConnected();
            if (ownerConnects) {
                ownerUp = connected;
            } else if (connected) {
                // a user's client connected before it was wrapped: its loss must be reported like any other
                attempt = new Attempt();
                attempt.up = true;
            }
        }
        receive();
    }

    private void receive() {
        Disposable subscription = client.receive(this::arrived, this::receiveEnded);
        synchronized (lock) {
            if (!closed) {
                inbound = subscription;
                return;
            }
        }
        subscription.dispose();
    }

    private void arrived(Object original, String topic, byte[] payload, Qos qos, boolean retain) {
        int[] subscriptionIds = ids.of(original);
        if (subscriptionIds != null) {
            events.onMessage(topic, payload, qos, retain, subscriptionIds);
        }
    }

    /** The client ends its stream of messages when its session ends; the next session needs a new one. */
    private void receiveEnded(Throwable cause) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        LOG.debug("{}: message stream ended ({}); subscribing again", clientId, cause.toString());
        receive();
    }

    @Override
    public CompletableFuture<ConnAck> connect() {
        Attempt next = new Attempt();
        Attempt previous;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new TransportException(TransportException.Kind.FAILED,
                        "the transport is closed", null, null));
            }
            previous = attempt;
            attempt = next;
        }
        (previous == null ? DONE : previous.settled).whenComplete((v, e) -> launch(next));
        return next.result;
    }

    private void launch(Attempt next) {
        synchronized (lock) {
            if (next.abandoned || closed) {
                next.result.completeExceptionally(abandoned());
                next.settled.complete(null);
                return;
            }
        }
        CompletableFuture<ConnAck> sent;
        try {
            beforeConnect.run();
            sent = client.connect();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((connAck, error) -> attempted(next, connAck, error));
    }

    private void attempted(Attempt done, ConnAck connAck, Throwable error) {
        if (error != null) {
            done.result.completeExceptionally(HiveMqFailures.classify(error, TransportException.Kind.FAILED,
                    "CONNACK", protocol()));
            done.settled.complete(null);
            return;
        }
        boolean keep;
        synchronized (lock) {
            keep = !done.abandoned && !closed;
            done.up = true;
        }
        if (keep) {
            done.result.complete(withIds(connAck));
        } else {
            LOG.debug("{}: connected after the attempt was abandoned; disconnecting", clientId);
            done.result.completeExceptionally(abandoned());
            end(done);
        }
    }

    private static TransportException abandoned() {
        return new TransportException(TransportException.Kind.FAILED, "connection attempt abandoned", null, null);
    }

    /** Subscription identifiers only where the transport can send and report them too. */
    private ConnAck withIds(ConnAck connAck) {
        return connAck.subscriptionIdentifiersAvailable() && !ids.active() ? new ConnAck(connAck.sessionPresent(),
                connAck.receiveMaximum(), connAck.maximumPacketSize(), false) : connAck;
    }

    @Override
    public void abort() {
        abandon();
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return abandon().handle((v, e) -> null);
    }

    /**
     * Gives up the latest attempt: fails it if it is still under way (it ends by itself), disconnects it if it is
     * connected.
     *
     * @return completes once the attempt no longer holds the client
     */
    private CompletableFuture<Void> abandon() {
        Attempt current;
        boolean wasUp;
        synchronized (lock) {
            current = attempt;
            if (current == null) {
                return DONE;
            }
            current.abandoned = true;
            wasUp = current.up;
        }
        // its result is left to complete when the client is done with it: the connection has moved on, and a
        // failure reported now would overtake the connection's own account of why it gave the attempt up
        if (wasUp) {
            end(current);
        }
        return current.settled;
    }

    /** Disconnects a connection the SDK no longer wants; the HiveMQ client has no way to close it without. */
    private void end(Attempt connection) {
        synchronized (lock) {
            if (!connection.up) {
                return;
            }
            connection.up = false;
        }
        CompletableFuture<Void> down;
        try {
            down = client.disconnect();
        } catch (RuntimeException e) {
            down = CompletableFuture.failedFuture(e);
        }
        down.whenComplete((v, e) -> connection.settled.complete(null));
    }

    @Override
    public void connected(MqttClientConnectedContext context) {
        ids.connected(client.config());
        TransportEvents receiver;
        synchronized (lock) {
            if (!ownerConnects || closed || events == null || ownerUp) {
                return;
            }
            ownerUp = true;
            receiver = events;
        }
        receiver.onConnectedByOwner(client.connAck(context).map(this::withIds));
    }

    @Override
    public void disconnected(MqttClientDisconnectedContext context) {
        TransportEvents receiver;
        Attempt lost = null;
        synchronized (lock) {
            if (closed || events == null) {
                return;
            }
            if (ownerConnects) {
                if (!ownerUp) {
                    return;
                }
                ownerUp = false;
            } else {
                // failed attempts are reported by their futures, and the SDK's own disconnects are not losses
                if (attempt == null || !attempt.up) {
                    return;
                }
                attempt.up = false;
                lost = attempt;
            }
            receiver = events;
        }
        Attempt ended = lost;
        Throwable cause = context.getCause();
        Runnable report = () -> {
            if (ended != null) {
                ended.settled.complete(null);
            }
            receiver.onConnectionLost(cause);
        };
        if (loops != null) {
            EventLoops.afterCurrentTask(loops, report);
        } else {
            // a user's executors are unknown: a reconnect that finds the client still tearing down fails, and the
            // connection tries again after its backoff
            report.run();
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        return classified(() -> client.publish(topic, payload, qos, retain), TransportException.Kind.CONNECTION_LOST,
                "PUBACK");
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId) {
        ids.subscribing(filter, subscriptionId);
        return classified(() -> client.subscribe(filter, qos, noLocal), TransportException.Kind.FAILED, "SUBACK");
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        return classified(() -> client.unsubscribe(filter), TransportException.Kind.FAILED, "UNSUBACK");
    }

    private <T> CompletableFuture<T> classified(Supplier<CompletableFuture<T>> operation,
            TransportException.Kind otherwise, String packet) {
        CompletableFuture<T> sent;
        try {
            sent = operation.get();
        } catch (RuntimeException e) {
            // refused by the client before anything was sent (a malformed topic, for example)
            sent = CompletableFuture.failedFuture(new TransportException(TransportException.Kind.FAILED,
                    String.valueOf(e.getMessage()), null, e));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        sent.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(HiveMqFailures.classify(error, otherwise, packet, protocol()));
            }
        });
        return result;
    }

    @Override
    public void close() {
        Disposable subscription;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            subscription = inbound;
            inbound = null;
        }
        relay.unbind(this);
        if (loops != null) {
            awaitQuietly(abandon());
        }
        if (subscription != null) {
            subscription.dispose();
        }
        if (loops != null) {
            EventLoops.release(loops);
        }
    }

    /** Waits a moment for the DISCONNECT, unless on the client's own thread, which has to send it. */
    private void awaitQuietly(CompletableFuture<Void> disconnected) {
        if (EventLoops.isOwnThread(loops)) {
            return;
        }
        try {
            disconnected.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("{}: disconnect on close did not complete: {}", clientId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection attempt, and the connection it made. */
    private static final class Attempt {
        /** What {@link #connect()} returned. */
        final CompletableFuture<ConnAck> result = new CompletableFuture<>();
        /** Completes once the attempt no longer holds the client: it failed, or its connection ended. */
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        /** Connected, and not yet lost or disconnected; guarded by the transport's lock. */
        boolean up;
        /** Given up by {@link #abort()} or {@link #disconnect()}; guarded by the transport's lock. */
        boolean abandoned;
    }
}
