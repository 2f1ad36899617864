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
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MqttTransport} over a HiveMQ MQTT client, for both protocols (the protocol's API is behind
 * {@link ProtocolClient}). Messages arrive through the client's stream of every incoming PUBLISH, on the client's
 * Netty thread for the clients the SDK builds (their application scheduler runs each step where it is called), on
 * the user's scheduler for a client the user built.
 *
 * <p>Connection attempts are {@link Attempts}': one holds the client at a time, since the client cannot abandon one
 * under way. A lost connection is reported once the client has finished tearing it down (on the SDK's event loops,
 * after the task that told of the loss), so that the next attempt finds the client ready.
 */
public final class HiveMqClientTransport implements MqttTransport, ClientEvents.Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(HiveMqClientTransport.class);
    private static final long CLOSE_WAIT_MILLIS = 1000;

    private final ProtocolClient client;
    private final ClientEvents relay;
    private final String clientId;
    private final String serverUri;
    private final EventLoopGroup loops;
    private final boolean ownerConnects;
    private final SubscriptionIds ids;
    private final Attempts attempts;
    private final Object lock = new Object();
    private volatile TransportEvents events; // written under lock
    private boolean ownerUp; // guarded by lock
    private Disposable inbound; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile boolean receiving = true; // false once closing: the message path reads it without the lock

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
    public HiveMqClientTransport(
            ProtocolClient client,
            ClientEvents relay,
            String clientId,
            String serverUri,
            Runnable beforeConnect,
            EventLoopGroup loops,
            boolean ownerConnects) {
        this(client, relay, clientId, serverUri, beforeConnect, loops, ownerConnects, UnaryOperator.identity());
    }

    /**
     * Creates the transport and binds the client's relay to it, with a translation of failed connection attempts
     * (an HTTP proxy's failures, see {@link HiveMqProxy}).
     *
     * @param client the client through its protocol's API
     * @param relay the SDK's listener inside the client
     * @param clientId the client id, for messages
     * @param serverUri the server address, for messages
     * @param beforeConnect run before each connection attempt (gives the client its TLS context)
     * @param loops the SDK's event loops the client runs on, released on {@link #close()}; {@code null} for a
     *     user's client, which {@link #close()} leaves open
     * @param ownerConnects whether the client's owner connects it
     * @param connectFailures applied to each failure of a connection attempt before it is classified
     * @throws IllegalArgumentException if the relay is bound to another transport
     */
    public HiveMqClientTransport(
            ProtocolClient client,
            ClientEvents relay,
            String clientId,
            String serverUri,
            Runnable beforeConnect,
            EventLoopGroup loops,
            boolean ownerConnects,
            UnaryOperator<Throwable> connectFailures) {
        this.client = client;
        this.relay = relay;
        this.clientId = clientId;
        this.serverUri = serverUri;
        this.loops = loops;
        this.ownerConnects = ownerConnects;
        this.ids = new SubscriptionIds(loops != null);
        this.attempts = new Attempts(client, clientId, beforeConnect, this::withIds, connectFailures);
        if (!relay.bind(this)) {
            throw new IllegalArgumentException(
                    "client: already wrapped by another MqttConnection; close that one" + " first");
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
                attempts.adoptConnected();
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
        if (!receiving) {
            return;
        }
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
        return attempts.connect();
    }

    /** Subscription identifiers only where the transport can send and report them too. */
    private ConnAck withIds(ConnAck connAck) {
        return connAck.subscriptionIdentifiersAvailable() && !ids.active()
                ? new ConnAck(connAck.sessionPresent(), connAck.receiveMaximum(), connAck.maximumPacketSize(), false)
                : connAck;
    }

    @Override
    public void abort() {
        attempts.abandon();
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return attempts.abandon().handle((v, e) -> null);
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
        Runnable settle = null;
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
                settle = attempts.lost();
                if (settle == null) {
                    return;
                }
            }
            receiver = events;
        }
        Runnable torndown = settle;
        Throwable cause = context.getCause();
        Runnable report = () -> {
            if (torndown != null) {
                torndown.run();
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
        return classified(
                () -> client.publish(topic, payload, qos, retain), TransportException.Kind.CONNECTION_LOST, "PUBACK");
    }

    @Override
    public CompletableFuture<Qos> subscribe(String filter, Qos qos, boolean noLocal, int subscriptionId) {
        ids.subscribing(filter, subscriptionId);
        return classified(() -> client.subscribe(filter, qos, noLocal), TransportException.Kind.FAILED, "SUBACK");
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
        ids.unsubscribing(filter);
        return classified(() -> client.unsubscribe(filter), TransportException.Kind.FAILED, "UNSUBACK");
    }

    private <T> CompletableFuture<T> classified(
            Supplier<CompletableFuture<T>> operation, TransportException.Kind otherwise, String packet) {
        CompletableFuture<T> sent;
        try {
            sent = operation.get();
        } catch (RuntimeException e) {
            // refused by the client before anything was sent (a malformed topic, for example)
            sent = CompletableFuture.failedFuture(
                    new TransportException(TransportException.Kind.FAILED, String.valueOf(e.getMessage()), null, e));
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
            receiving = false;
            subscription = inbound;
            inbound = null;
        }
        relay.unbind(this);
        CompletableFuture<Void> released = attempts.close(loops != null);
        if (loops != null) {
            awaitQuietly(released);
        }
        // The SDK's own client ends its message stream by itself when the session ends (or drops it with the client
        // when the session outlives the connection). Disposing it here, before a slow DISCONNECT has finished, would
        // leave the session-expired error that ends the stream without a subscriber, and RxJava reports such an
        // error as undeliverable on the JVM's uncaught-exception path. A user's client lives on: stop listening.
        if (subscription != null && loops == null) {
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
}
