package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} over a Paho MQTT v5 {@link MqttAsyncClient}.
 *
 * <p>It drives reconnects itself (capped exponential backoff with jitter) instead of Paho's automatic
 * reconnect, whose delay is one static shared by every client in the JVM and ignores its minimum. Paho's
 * callback thread is the delivery thread of this transport: messages are dispatched there; the engines on
 * top only decode and hand off. A single daemon "events" thread per connection runs reconnect attempts and
 * the user's connection listeners.
 */
public final class PahoTransport extends AbstractTransport {

    private static final Logger LOG = LoggerFactory.getLogger(PahoTransport.class);
    private static final long DISCONNECT_QUIESCE_MS = 1000;

    /** Connection state. */
    private enum State { IDLE, CONNECTING, CONNECTED, DISCONNECTING, CLOSED }

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final boolean ownsClient;
    private final boolean autoReconnect;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final ScheduledExecutorService events;

    private final Object stateLock = new Object();
    private State state = State.IDLE;
    private CompletableFuture<Boolean> connectFuture;
    private boolean lastSessionPresent;
    private int reconnectAttempt;
    /** Numbers the connection attempts; the one waiting for its CONNACK, or 0. */
    private long lastAttempt;
    private long pendingAttempt;

    /**
     * Creates the transport. It installs itself as the client's callback.
     *
     * @param client the Paho client
     * @param options the options for {@code connect()}, or {@code null} for a client that is already
     *     connected and reconnected by its owner
     * @param ownsClient whether closing this transport closes the client
     * @param autoReconnect whether to reconnect after an unexpected loss
     * @param minBackoff first reconnect delay
     * @param maxBackoff largest reconnect delay
     */
    public PahoTransport(MqttAsyncClient client, MqttConnectionOptions options, boolean ownsClient,
            boolean autoReconnect, Duration minBackoff, Duration maxBackoff) {
        this.client = client;
        this.options = options;
        this.ownsClient = ownsClient;
        this.autoReconnect = autoReconnect;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "iotjobs-mqtt-events-" + client.getClientId());
            thread.setDaemon(true);
            return thread;
        });
        client.setCallback(new Callback());
        if (client.isConnected()) {
            synchronized (stateLock) {
                state = State.CONNECTED;
            }
            connected(false);
        }
    }

    @Override
    public String name() {
        return client.getClientId();
    }

    /**
     * The thread that runs reconnects and connection-listener notifications.
     *
     * @return the executor
     */
    public ScheduledExecutorService events() {
        return events;
    }

    // -------------------------------------------------------------------------------- connect / close

    /**
     * Connects (once; later losses reconnect by themselves when enabled).
     *
     * @return completes with the CONNACK's session-present flag, or fails with a
     *     {@link JobsTransportException} explaining why the first attempt failed
     */
    public CompletableFuture<Boolean> connect() {
        CompletableFuture<Boolean> future;
        synchronized (stateLock) {
            switch (state) {
                case CLOSED:
                    return CompletableFuture.failedFuture(new JobsClientClosedException(
                            "connection " + name() + " is closed"));
                case CONNECTED:
                    return CompletableFuture.completedFuture(lastSessionPresent);
                case CONNECTING:
                    if (connectFuture != null) {
                        return connectFuture;
                    }
                    break;
                default:
                    break;
            }
            if (options == null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "this connection wraps a client it does not connect: connect the Paho client yourself"));
            }
            state = State.CONNECTING;
            future = new CompletableFuture<>();
            connectFuture = future;
        }
        attemptConnect(true);
        return future;
    }

    private void attemptConnect(boolean initial) {
        long attempt;
        synchronized (stateLock) {
            if (state != State.CONNECTING) {
                return;
            }
            attempt = ++lastAttempt;
            pendingAttempt = attempt;
        }
        scheduleConnectTimeout(attempt, initial);
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    Integer receiveMaximum = token.getResponseProperties() == null ? null
                            : token.getResponseProperties().getReceiveMaximum();
                    onConnectSuccess(attempt, token.getSessionPresent(), receiveMaximum);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    onConnectFailure(attempt, exception, initial);
                }
            });
        } catch (MqttException | RuntimeException e) {
            onConnectFailure(attempt, e, initial);
        }
    }

    /**
     * Paho bounds only the TCP connect by the connection timeout: a server that accepts the connection but
     * never answers the CONNECT (a half-dead broker, something else on the port) would leave the attempt, and
     * with it every later reconnect, waiting forever. This bounds the whole attempt.
     */
    private void scheduleConnectTimeout(long attempt, boolean initial) {
        int seconds = options.getConnectionTimeout();
        if (seconds <= 0) {
            return;
        }
        try {
            events.schedule(() -> connectTimedOut(attempt, initial, seconds), seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: nothing to bound
        }
    }

    private void connectTimedOut(long attempt, boolean initial, int seconds) {
        synchronized (stateLock) {
            if (state != State.CONNECTING || pendingAttempt != attempt) {
                return;
            }
        }
        LOG.info("{}: no CONNACK within {} s from {}; abandoning this connection attempt", name(), seconds,
                client.getServerURI());
        try {
            // closes the socket and ends the attempt's threads, so that the client can connect again
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: closing the timed-out attempt failed: {}", name(), e.toString());
        }
        onConnectFailure(attempt, new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT), initial);
    }

    private void onConnectSuccess(long attempt, boolean sessionPresent, Integer receiveMaximum) {
        CompletableFuture<Boolean> future;
        synchronized (stateLock) {
            if (state != State.CONNECTING || pendingAttempt != attempt) {
                return;
            }
            pendingAttempt = 0;
            state = State.CONNECTED;
            lastSessionPresent = sessionPresent;
            reconnectAttempt = 0;
            future = connectFuture;
            connectFuture = null;
        }
        LOG.debug("{}: connected (session present: {}, receive maximum: {})", name(), sessionPresent,
                receiveMaximum);
        setInFlightWindow(receiveMaximum == null ? 65535 : receiveMaximum);
        connected(sessionPresent);
        if (future != null) {
            future.complete(sessionPresent);
        }
    }

    private void onConnectFailure(long attempt, Throwable exception, boolean initial) {
        CompletableFuture<Boolean> future = null;
        boolean retry;
        synchronized (stateLock) {
            if (state != State.CONNECTING || pendingAttempt != attempt) {
                return;
            }
            pendingAttempt = 0;
            retry = !initial && autoReconnect;
            if (!retry) {
                state = State.IDLE;
                future = connectFuture;
                connectFuture = null;
            }
        }
        if (retry) {
            LOG.debug("{}: reconnect attempt failed: {}", name(), exception.toString());
            scheduleReconnect();
        } else if (future != null) {
            future.completeExceptionally(MqttErrors.transportFailure("connect to " + client.getServerURI()
                    + " as " + name() + " failed", null, exception, false));
        }
    }

    private void connectionLostByPaho(Throwable cause) {
        boolean reconnect;
        synchronized (stateLock) {
            if (state != State.CONNECTED) {
                return;
            }
            reconnect = autoReconnect && options != null;
            state = reconnect ? State.CONNECTING : State.IDLE;
        }
        LOG.info("{}: connection lost: {}", name(), cause == null ? "disconnected" : cause.toString());
        connectionLost(cause);
        if (reconnect) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long delayMs;
        synchronized (stateLock) {
            if (state != State.CONNECTING) {
                return;
            }
            delayMs = backoffMillis(reconnectAttempt++);
        }
        try {
            events.schedule(() -> attemptConnect(false), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("{}: closed, not reconnecting", name());
        }
    }

    private long backoffMillis(int attempt) {
        long min = Math.max(1, minBackoff.toMillis());
        long max = Math.max(min, maxBackoff.toMillis());
        long base = attempt >= 30 ? max : Math.min(max, min << attempt);
        // "equal jitter": half fixed, half random, so delays never collapse to zero
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    /**
     * Disconnects cleanly and stops reconnecting; {@link #connect()} may be called again later.
     *
     * @return completes when disconnected
     */
    public CompletableFuture<Void> disconnect() {
        CompletableFuture<Boolean> abandoned;
        synchronized (stateLock) {
            if (state == State.CLOSED || state == State.IDLE) {
                return CompletableFuture.completedFuture(null);
            }
            abandoned = connectFuture;
            connectFuture = null;
            state = State.DISCONNECTING;
        }
        if (abandoned != null) {
            abandoned.completeExceptionally(new JobsTransportException("disconnect() was called while connecting",
                    null, null, false, null));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.disconnect(DISCONNECT_QUIESCE_MS, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    completeAfter(Thread.currentThread(), done);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    completeAfter(Thread.currentThread(), done);
                }
            }, 0, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            done.complete(null);
        }
        return done.whenComplete((v, e) -> {
            synchronized (stateLock) {
                if (state == State.DISCONNECTING) {
                    state = State.IDLE;
                }
            }
            connectionLost(null);
        });
    }

    /**
     * Completes {@code done} once the Paho thread that reported the disconnect has finished (at most
     * {@value #DISCONNECT_QUIESCE_MS} ms later). Paho reports the disconnect from inside its shutdown, before
     * that is over; a {@code connect()} made at once then sometimes got no CONNACK delivered and ran into the
     * connect timeout (seen once on Mosquitto, in a disconnect-then-connect test). Waiting for the reporting
     * thread lets the next {@code connect()} start from a client that has finished disconnecting.
     */
    private void completeAfter(Thread reporter, CompletableFuture<Void> done) {
        try {
            events.execute(() -> {
                try {
                    reporter.join(DISCONNECT_QUIESCE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.complete(null);
            });
        } catch (RejectedExecutionException closing) {
            done.complete(null);
        }
    }

    /**
     * Closes for good: disconnects (an owned client), fails queued work, stops the events thread.
     * Idempotent.
     */
    public void close() {
        boolean wasConnected;
        synchronized (stateLock) {
            if (state == State.CLOSED) {
                return;
            }
            wasConnected = state == State.CONNECTED || state == State.CONNECTING || state == State.DISCONNECTING;
            state = State.CLOSED;
        }
        CompletableFuture<Boolean> abandoned;
        synchronized (stateLock) {
            abandoned = connectFuture;
            connectFuture = null;
        }
        if (abandoned != null) {
            abandoned.completeExceptionally(new JobsClientClosedException("connection " + name() + " was closed"));
        }
        if (ownsClient) {
            try {
                if (wasConnected && client.isConnected()) {
                    // the clients closed before the connection sent their UNSUBSCRIBEs: let them be applied
                    // first, or a persistent session may keep the subscriptions
                    awaitUnsubscribes(DISCONNECT_QUIESCE_MS);
                    // a graceful DISCONNECT completes as soon as it is written; Paho's forcible variant waits out
                    // its whole timeout for a token that a DISCONNECT never gets
                    client.disconnect(0, null, null, 0, new MqttProperties()).waitForCompletion(DISCONNECT_QUIESCE_MS);
                }
            } catch (MqttException | RuntimeException e) {
                LOG.debug("{}: disconnect on close failed: {}", name(), e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                LOG.debug("{}: close failed: {}", name(), e.toString());
            }
        } else {
            client.setCallback(null);
        }
        markClosed();
        events.shutdownNow();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------ packets

    @Override
    protected void sendPublish(String topic, byte[] payload, Qos qos, PublishCallback callback) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos.level());
        message.setRetained(false);
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int code = MqttErrors.firstFailureCode(token.getReasonCodes());
                    if (code >= 0) {
                        callback.failed(MqttErrors.refused("PUBACK", topic, code));
                    } else {
                        callback.sent();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    callback.failed(MqttErrors.transportFailure("publish to " + topic + " failed", topic, exception,
                            true));
                }
            });
        } catch (MqttException e) {
            switch (e.getReasonCode()) {
                case MqttClientException.REASON_CODE_MAX_INFLIGHT:
                    callback.windowFull();
                    break;
                case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED:
                case MqttClientException.REASON_CODE_CONNECTION_LOST:
                case MqttClientException.REASON_CODE_CLIENT_DISCONNECTING:
                case MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS:
                    callback.notConnected();
                    break;
                default:
                    callback.failed(MqttErrors.transportFailure("publish to " + topic + " failed", topic, e, false));
            }
        }
    }

    @Override
    protected CompletableFuture<Void> sendSubscribe(String filter, SubscribeOptions subscribeOptions) {
        MqttSubscription subscription = new MqttSubscription(filter, subscribeOptions.qos().level());
        subscription.setNoLocal(subscribeOptions.noLocal());
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            client.subscribe(new MqttSubscription[] {subscription}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int code = MqttErrors.firstFailureCode(token.getReasonCodes());
                    if (code >= 0) {
                        acked.completeExceptionally(MqttErrors.refused("SUBACK", filter, code));
                    } else {
                        acked.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    acked.completeExceptionally(MqttErrors.transportFailure("subscribe to " + filter + " failed",
                            filter, exception, false));
                }
            }, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            acked.completeExceptionally(MqttErrors.transportFailure("subscribe to " + filter + " failed", filter, e,
                    false));
        }
        return acked;
    }

    @Override
    protected CompletableFuture<Void> sendUnsubscribe(String filter) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            client.unsubscribe(filter, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acked.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    acked.completeExceptionally(MqttErrors.transportFailure("unsubscribe from " + filter + " failed",
                            filter, exception, false));
                }
            });
        } catch (MqttException | RuntimeException e) {
            acked.completeExceptionally(MqttErrors.transportFailure("unsubscribe from " + filter + " failed",
                    filter, e, false));
        }
        return acked;
    }

    /** Paho's one callback, shared by everything on this connection. */
    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            Throwable cause = response.getException() != null ? response.getException()
                    : new MqttException(response.getReturnCode());
            connectionLostByPaho(cause);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("{}: MQTT error: {}", name(), exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                PahoTransport.this.messageArrived(topic, message.getPayload(), message.getQos());
            } catch (RuntimeException | Error e) {
                // an exception here would make Paho close the connection
                LOG.error("{}: dispatch of a message on {} failed", name(), topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish outcomes are taken from each publish's own action listener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            boolean ours;
            synchronized (stateLock) {
                ours = options != null;
                if (!ours && state != State.CLOSED) {
                    state = State.CONNECTED;
                }
            }
            if (!ours) {
                // a wrapped client reconnected by its owner: the session flag is not exposed, assume it is lost
                connected(false);
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // enhanced authentication is not used
        }
    }
}
