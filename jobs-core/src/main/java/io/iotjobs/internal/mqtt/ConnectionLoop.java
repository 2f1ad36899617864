package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.ConnectPolicy;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection's state and its way back after a loss, for every transport: one attempt at a time, each bounded
 * by the connect timeout (a server that accepts the TCP connection and never answers would otherwise hold the
 * attempt, and every later reconnect, forever), reconnects with capped exponential backoff and jitter, clean
 * disconnects and closing.
 *
 * <p>The libraries' own automatic reconnects are not used: Paho's delay is one static shared by every client in
 * the JVM and ignores its minimum, and the libraries differ in what they restore.
 */
final class ConnectionLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLoop.class);
    /** Doublings of the first delay beyond which the delay is the longest one. */
    private static final int MAX_DOUBLINGS = 30;

    /** Where the loop reports connections up and down. */
    interface Listener {
        void up(ConnAck connAck, boolean reconnect);

        void down(Throwable cause);
    }

    /** Connection state. */
    private enum State {
        IDLE,
        CONNECTING,
        CONNECTED,
        DISCONNECTING,
        CLOSED
    }

    private final MqttTransport transport;
    private final ConnectPolicy policy;
    private final ScheduledExecutorService events;
    private final Listener listener;
    private final Function<Throwable, JobsTransportException> connectFailure;
    private final Object lock = new Object();
    private State state = State.IDLE;
    private CompletableFuture<Boolean> connectFuture;
    private boolean lastSessionPresent;
    private boolean everConnected;
    private int reconnectAttempt;
    /** Numbers the connection attempts; the one waiting for its CONNACK, or 0. */
    private long lastAttempt;

    private long pendingAttempt;
    /** When the first connect() stops retrying ({@link System#nanoTime()}), while it retries. */
    private long connectDeadlineNanos;

    ConnectionLoop(
            MqttTransport transport,
            ConnectPolicy policy,
            ScheduledExecutorService events,
            Listener listener,
            Function<Throwable, JobsTransportException> connectFailure) {
        this.transport = transport;
        this.policy = policy;
        this.events = events;
        this.listener = listener;
        this.connectFailure = connectFailure;
    }

    CompletableFuture<Boolean> connect() {
        CompletableFuture<Boolean> future;
        synchronized (lock) {
            switch (state) {
                case CLOSED:
                    return CompletableFuture.failedFuture(closed());
                case CONNECTED:
                    return CompletableFuture.completedFuture(lastSessionPresent);
                case CONNECTING:
                    if (connectFuture == null) {
                        // reconnecting after a loss: the caller waits for the next successful attempt
                        connectFuture = new CompletableFuture<>();
                    }
                    return connectFuture;
                default:
                    break;
            }
            if (transport.ownerConnects()) {
                return CompletableFuture.failedFuture(new IllegalStateException("this connection wraps a client"
                        + " that its owner connects: connect the " + transport.name() + " client yourself"));
            }
            state = State.CONNECTING;
            future = new CompletableFuture<>();
            connectFuture = future;
            reconnectAttempt = 0;
            connectDeadlineNanos =
                    System.nanoTime() + policy.connectRetryTimeout().toNanos();
        }
        attempt(true);
        return future;
    }

    private void attempt(boolean initial) {
        long attempt;
        synchronized (lock) {
            if (state != State.CONNECTING) {
                return;
            }
            attempt = ++lastAttempt;
            pendingAttempt = attempt;
        }
        long timeoutMillis = policy.attemptTimeout().toMillis();
        try {
            events.schedule(() -> timedOut(attempt, initial), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return;
        }
        CompletableFuture<ConnAck> connecting;
        try {
            connecting = transport.connect();
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        connecting.whenComplete((connAck, error) -> {
            if (error == null) {
                succeeded(attempt, connAck);
            } else {
                failed(attempt, error, initial);
            }
        });
    }

    private void timedOut(long attempt, boolean initial) {
        synchronized (lock) {
            if (state != State.CONNECTING || pendingAttempt != attempt) {
                return;
            }
        }
        long seconds = Math.max(1, policy.attemptTimeout().toSeconds());
        LOG.info(
                "{}: no CONNACK within {} s from {}; abandoning this connection attempt",
                transport.clientId(),
                seconds,
                transport.serverUri());
        // closes the socket and ends the attempt, so that the client can connect again
        transport.abort();
        failed(
                attempt,
                new TransportException(
                        TransportException.Kind.TIMEOUT,
                        "no CONNACK within " + seconds + " s (timed out waiting for a response from the server)",
                        null,
                        null),
                initial);
    }

    private void succeeded(long attempt, ConnAck connAck) {
        CompletableFuture<Boolean> future;
        boolean reconnect;
        synchronized (lock) {
            if (state != State.CONNECTING || pendingAttempt != attempt) {
                if (state == State.CLOSED || state == State.IDLE) {
                    // connected after all, too late: close what the attempt opened
                    transport.abort();
                }
                return;
            }
            pendingAttempt = 0;
            state = State.CONNECTED;
            lastSessionPresent = connAck.sessionPresent();
            reconnectAttempt = 0;
            reconnect = everConnected;
            everConnected = true;
            future = connectFuture;
            connectFuture = null;
        }
        LOG.debug(
                "{}: connected (session present: {}, receive maximum: {})",
                transport.clientId(),
                connAck.sessionPresent(),
                connAck.receiveMaximum());
        listener.up(connAck, reconnect);
        if (future != null) {
            future.complete(connAck.sessionPresent());
        }
    }

    private void failed(long attempt, Throwable error, boolean initial) {
        CompletableFuture<Boolean> future = null;
        boolean retry;
        long retryDelayMs = -1;
        // a proxy refusing the credentials or the destination refuses the next attempt too: wait the longest delay
        boolean lasting = TransportFailures.isLastingRefusal(error);
        synchronized (lock) {
            if (state != State.CONNECTING || pendingAttempt != attempt) {
                return;
            }
            pendingAttempt = 0;
            retry = !initial && policy.autoReconnect();
            if (initial && policy.retriesConnect()) {
                // connect() retries with the reconnect backoff while the next attempt can start before the deadline
                long delayMs = backoffMillis(lasting ? MAX_DOUBLINGS : reconnectAttempt);
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs) - connectDeadlineNanos < 0) {
                    reconnectAttempt++;
                    retryDelayMs = delayMs;
                }
            }
            if (!retry && retryDelayMs < 0) {
                state = State.IDLE;
                future = connectFuture;
                connectFuture = null;
            }
        }
        if (retryDelayMs >= 0) {
            LOG.info(
                    "{}: connect attempt failed, retrying in {} ms: {}",
                    transport.clientId(),
                    retryDelayMs,
                    error.toString());
            schedule(() -> attempt(true), retryDelayMs);
        } else if (retry) {
            LOG.debug("{}: reconnect attempt failed: {}", transport.clientId(), error.toString());
            scheduleReconnect(lasting);
        } else if (future != null) {
            future.completeExceptionally(connectFailure.apply(error));
        }
    }

    /** The transport lost the connection by itself. */
    void lost(Throwable cause) {
        boolean reconnect;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            reconnect = policy.autoReconnect() && !transport.ownerConnects();
            state = reconnect ? State.CONNECTING : State.IDLE;
        }
        LOG.info("{}: connection lost: {}", transport.clientId(), cause == null ? "disconnected" : cause.toString());
        listener.down(cause);
        if (reconnect) {
            scheduleReconnect(false);
        }
    }

    /** The owner of a wrapped client connected it (again). */
    void connectedByOwner(Optional<ConnAck> connAck) {
        boolean reconnect;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CONNECTED;
            reconnect = everConnected;
            everConnected = true;
        }
        listener.up(connAck.orElse(ConnAck.of(false)), reconnect);
    }

    /**
     * Schedules the next attempt after the backoff delay; after a lasting refusal (a proxy refusing the credentials or
     * the destination) after the longest delay, since sooner would only be refused again.
     */
    private void scheduleReconnect(boolean lasting) {
        long delayMs;
        synchronized (lock) {
            if (state != State.CONNECTING) {
                return;
            }
            delayMs = backoffMillis(lasting ? MAX_DOUBLINGS : reconnectAttempt++);
        }
        schedule(() -> attempt(false), delayMs);
    }

    private void schedule(Runnable nextAttempt, long delayMs) {
        try {
            events.schedule(nextAttempt, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("{}: closed, not reconnecting", transport.clientId());
        }
    }

    private long backoffMillis(int attempt) {
        long min = Math.max(1, policy.minBackoff().toMillis());
        long max = Math.max(min, policy.maxBackoff().toMillis());
        long base = attempt >= MAX_DOUBLINGS ? max : Math.min(max, min << attempt);
        // "equal jitter": half fixed, half random, so delays never collapse to zero
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    CompletableFuture<Void> disconnect() {
        CompletableFuture<Boolean> abandoned;
        synchronized (lock) {
            if (state == State.CLOSED || state == State.IDLE || state == State.DISCONNECTING) {
                return CompletableFuture.completedFuture(null);
            }
            if (transport.ownerConnects()) {
                return CompletableFuture.failedFuture(new IllegalStateException("this connection wraps a client"
                        + " that its owner connects: disconnect the " + transport.name() + " client yourself"));
            }
            abandoned = connectFuture;
            connectFuture = null;
            pendingAttempt = 0;
            state = State.DISCONNECTING;
        }
        if (abandoned != null) {
            abandoned.completeExceptionally(
                    new JobsTransportException("disconnect() was called while connecting", null, null, false, null));
        }
        CompletableFuture<Void> sent;
        try {
            sent = transport.disconnect();
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(null);
        }
        return sent.handle((v, e) -> null).thenRun(() -> {
            synchronized (lock) {
                if (state == State.DISCONNECTING) {
                    state = State.IDLE;
                }
            }
            listener.down(null);
        });
    }

    /**
     * Stops for good.
     *
     * @return whether the connection was up or on its way up
     */
    boolean close() {
        CompletableFuture<Boolean> abandoned;
        boolean wasUp;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return false;
            }
            wasUp = state != State.IDLE;
            state = State.CLOSED;
            abandoned = connectFuture;
            connectFuture = null;
        }
        if (abandoned != null) {
            abandoned.completeExceptionally(closed());
        }
        return wasUp;
    }

    boolean isClosed() {
        synchronized (lock) {
            return state == State.CLOSED;
        }
    }

    private JobsClientClosedException closed() {
        return new JobsClientClosedException("connection " + transport.clientId() + " is closed");
    }
}
