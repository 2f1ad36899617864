package io.iotjobs.internal.hivemq;

import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection attempts of one HiveMQ client, one holding the client at a time. The client cannot abandon an
 * attempt under way: it ends by itself, bounded by its socket, TLS and CONNACK timeouts. So an abandoned attempt
 * is left to end (and disconnected should it connect after all), and the next attempt starts once the client is
 * done with the one before: failed, disconnected, or lost and torn down.
 */
final class Attempts {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ProtocolClient client;
    private final String clientId;
    private final Runnable beforeConnect;
    private final UnaryOperator<ConnAck> onConnAck;
    private final UnaryOperator<Throwable> connectFailures;
    private final Object lock = new Object();
    private Attempt latest; // guarded by lock
    private boolean closed; // guarded by lock

    /**
     * @param client the client
     * @param clientId the client id, for logs
     * @param beforeConnect run before each attempt
     * @param onConnAck what a successful attempt reports, from what the client's CONNACK said
     * @param connectFailures applied to the failure of an attempt before it is classified
     */
    Attempts(
            ProtocolClient client,
            String clientId,
            Runnable beforeConnect,
            UnaryOperator<ConnAck> onConnAck,
            UnaryOperator<Throwable> connectFailures) {
        this.client = client;
        this.clientId = clientId;
        this.beforeConnect = beforeConnect;
        this.onConnAck = onConnAck;
        this.connectFailures = connectFailures;
    }

    /**
     * Makes one attempt, once the client is done with the previous one.
     *
     * @return the CONNACK's content, or the classified failure
     */
    CompletableFuture<ConnAck> connect() {
        Attempt next = new Attempt();
        Attempt previous;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new TransportException(TransportException.Kind.FAILED, "the transport is closed", null, null));
            }
            previous = latest;
            latest = next;
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
            done.result.completeExceptionally(HiveMqFailures.classify(
                    connectFailures.apply(error), TransportException.Kind.FAILED, "CONNACK", client.protocol()));
            done.settled.complete(null);
            return;
        }
        boolean keep;
        synchronized (lock) {
            keep = !done.abandoned && !closed;
            done.up = true;
        }
        if (keep) {
            done.result.complete(onConnAck.apply(connAck));
        } else {
            LOG.debug("{}: connected after the attempt was abandoned; disconnecting", clientId);
            done.result.completeExceptionally(abandoned());
            end(done);
        }
    }

    private static TransportException abandoned() {
        return new TransportException(TransportException.Kind.FAILED, "connection attempt abandoned", null, null);
    }

    /** The client was connected before the SDK had it: its connection is the one to lose or end. */
    void adoptConnected() {
        Attempt connected = new Attempt();
        connected.up = true;
        synchronized (lock) {
            latest = connected;
        }
    }

    /**
     * Gives up the latest attempt: leaves it to end if it is under way, disconnects it if it is connected.
     *
     * @return completes once the attempt no longer holds the client
     */
    CompletableFuture<Void> abandon() {
        Attempt current;
        boolean wasUp;
        synchronized (lock) {
            current = latest;
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

    /**
     * The client says its connection went down. Failed attempts are reported by their own futures, and the SDK's
     * disconnects are not losses: only a connection still wanted is lost.
     *
     * @return to run once the client has torn the connection down (it lets the next attempt start), or
     *     {@code null} if this was no loss
     */
    Runnable lost() {
        Attempt connection;
        synchronized (lock) {
            connection = latest;
            if (closed || connection == null || !connection.up) {
                return null;
            }
            connection.up = false;
        }
        return () -> connection.settled.complete(null);
    }

    /**
     * No more attempts; a connection made after all is disconnected.
     *
     * @param disconnect whether to disconnect the client's connection too (a client the SDK owns)
     * @return completes once the latest attempt no longer holds the client
     */
    CompletableFuture<Void> close(boolean disconnect) {
        synchronized (lock) {
            closed = true;
        }
        return disconnect ? abandon() : DONE;
    }

    /** One connection attempt, and the connection it made. */
    private static final class Attempt {
        /** What {@link #connect()} returned. */
        final CompletableFuture<ConnAck> result = new CompletableFuture<>();
        /** Completes once the attempt no longer holds the client: it failed, or its connection ended. */
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        /** Connected, and not yet lost or ended; guarded by the lock. */
        boolean up;
        /** Given up by {@link #abandon()}; guarded by the lock. */
        boolean abandoned;
    }
}
