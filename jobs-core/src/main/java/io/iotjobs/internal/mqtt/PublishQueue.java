package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.OfflineQueuePolicy;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The publishes of one connection: a queue that sends while connected and keeps the QoS 1 publishes in flight
 * within the window (the broker's receive maximum, or the library's own limit when lower), so that a publish
 * never fails because too many are in flight or because the connection is down; it waits. A publish larger than
 * the broker's maximum packet size fails alone, before it is sent, and the connection stays up.
 *
 * <p>While disconnected the queue is bounded: a publish that finds {@code offlineLimit} publishes waiting fails, or
 * makes the oldest fail, by the {@link OfflineQueuePolicy}. A publish whose future someone else failed (an
 * acknowledgement timeout) leaves the queue if it is still waiting there.
 */
final class PublishQueue {

    private final MqttTransport transport;
    private final BiFunction<String, Throwable, JobsTransportException> failure;
    private final Supplier<JobsClientClosedException> closedFailure;
    private final int offlineLimit;
    private final OfflineQueuePolicy offlinePolicy;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<Pending> unconfirmed = Collections.newSetFromMap(new IdentityHashMap<>());
    private int inFlight;
    private int window = Integer.MAX_VALUE;
    private int maximumPacketSize = Integer.MAX_VALUE;
    private boolean online;
    private boolean closed;
    /** A thread is in {@link #drain()}; another one asked it to look again. Guarded by the lock. */
    private boolean draining;

    private boolean drainAgain;

    /**
     * @param transport sends the packets
     * @param failure maps a failed publish (topic, failure) to the SDK's exception
     * @param closedFailure the failure of publishes after close
     * @param offlineLimit the most publishes waiting while disconnected
     * @param offlinePolicy which publish fails when a publish made while disconnected finds the queue full
     */
    PublishQueue(
            MqttTransport transport,
            BiFunction<String, Throwable, JobsTransportException> failure,
            Supplier<JobsClientClosedException> closedFailure,
            int offlineLimit,
            OfflineQueuePolicy offlinePolicy) {
        this.transport = transport;
        this.failure = failure;
        this.closedFailure = closedFailure;
        this.offlineLimit = offlineLimit;
        this.offlinePolicy = Objects.requireNonNull(offlinePolicy, "offlinePolicy");
    }

    CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Pending pending = new Pending(topic, payload, qos, retain);
        Pending overflow = null;
        synchronized (lock) {
            if (closed) {
                pending.future.completeExceptionally(closedFailure.get());
                return pending.future;
            }
            if (!online && queue.size() >= offlineLimit) {
                overflow = offlinePolicy == OfflineQueuePolicy.FAIL_NEWEST ? pending : queue.pollFirst();
            }
            if (overflow != pending) {
                queue.addLast(pending);
            }
        }
        if (overflow != null) {
            overflow.future.completeExceptionally(new JobsTransportException(
                    "publish to " + overflow.topic
                            + " failed, never sent: the offline queue is full (" + offlineLimit
                            + " publishes waiting for the"
                            + " connection, offlineQueue policy " + offlinePolicy + ")",
                    overflow.topic,
                    null,
                    false,
                    null));
        }
        // failed by someone else while still waiting (an acknowledgement timeout): it must not go out later
        pending.future.whenComplete((v, error) -> {
            if (error != null) {
                synchronized (lock) {
                    queue.remove(pending);
                }
            }
        });
        drain();
        return pending.future;
    }

    /**
     * Sends queued publishes while connected and within the window. Never holds the lock while sending. One thread
     * drains at a time, so that publishes go out in the order they were queued: a thread that finds another one
     * draining leaves it a note to look again, and returns.
     */
    private void drain() {
        synchronized (lock) {
            if (draining) {
                drainAgain = true;
                return;
            }
            draining = true;
        }
        boolean done = false;
        try {
            while (true) {
                Pending next;
                int limit;
                synchronized (lock) {
                    next = queue.peekFirst();
                    boolean blocked = next == null
                            || !online
                            || closed
                            || next.qos != Qos.AT_MOST_ONCE && inFlight >= window && !next.future.isDone();
                    if (blocked) {
                        if (drainAgain) {
                            drainAgain = false;
                            continue;
                        }
                        draining = false;
                        done = true;
                        return;
                    }
                    queue.pollFirst();
                    if (next.future.isDone()) {
                        continue;
                    }
                    if (next.qos != Qos.AT_MOST_ONCE) {
                        inFlight++;
                    }
                    unconfirmed.add(next);
                    limit = maximumPacketSize;
                }
                int size = packetSize(next);
                if (size > limit) {
                    release(next);
                    next.future.completeExceptionally(new JobsTransportException(
                            "publish to " + next.topic
                                    + " refused before sending: the PUBLISH would be " + size
                                    + " bytes, above the broker's"
                                    + " maximum packet size of " + limit + " bytes (payload " + next.payload.length
                                    + " bytes); the connection stays up",
                            next.topic,
                            0x95,
                            false,
                            null));
                    continue;
                }
                send(next);
            }
        } finally {
            if (!done) {
                synchronized (lock) {
                    draining = false;
                }
            }
        }
    }

    private void send(Pending pending) {
        CompletableFuture<Void> sent;
        try {
            sent = transport.publish(pending.topic, pending.payload, pending.qos, pending.retain);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, error) -> {
            if (error == null) {
                if (release(pending)) {
                    pending.future.complete(null);
                }
                drain();
                return;
            }
            Throwable cause = TransportFailures.unwrap(error);
            TransportException.Kind kind = cause instanceof TransportException
                    ? ((TransportException) cause).kind()
                    : TransportException.Kind.FAILED;
            if (kind == TransportException.Kind.WINDOW_FULL || kind == TransportException.Kind.NOT_CONNECTED) {
                requeue(pending, kind == TransportException.Kind.WINDOW_FULL);
                if (kind == TransportException.Kind.NOT_CONNECTED) {
                    drain();
                }
                // a full library window is retried when the next publish in flight completes
            } else if (release(pending)) {
                pending.future.completeExceptionally(failure.apply(pending.topic, cause));
                drain();
            }
        });
    }

    /** Forgets a publish that completed; false if the connection loss already failed it. */
    private boolean release(Pending pending) {
        synchronized (lock) {
            if (!unconfirmed.remove(pending)) {
                return false;
            }
            if (pending.qos != Qos.AT_MOST_ONCE) {
                inFlight = Math.max(0, inFlight - 1);
            }
            return true;
        }
    }

    private void requeue(Pending pending, boolean windowFull) {
        synchronized (lock) {
            if (!unconfirmed.remove(pending)) {
                return;
            }
            if (pending.qos != Qos.AT_MOST_ONCE) {
                inFlight--;
                if (windowFull) {
                    // the library's own count is lower than the broker's window: follow it
                    window = Math.max(1, inFlight);
                }
            }
            queue.addFirst(pending);
        }
    }

    /**
     * The connection is up: the window and packet limit of this connection apply, queued publishes go out.
     *
     * @param receiveMaximum the broker's receive maximum, if announced
     * @param maxPacketSize the broker's maximum packet size, if announced
     */
    void connected(OptionalInt receiveMaximum, OptionalInt maxPacketSize) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            online = true;
            inFlight = 0;
            window = Math.max(1, Math.min(receiveMaximum.orElse(65_535), transport.inFlightLimit()));
            maximumPacketSize = maxPacketSize.orElse(Integer.MAX_VALUE);
        }
        drain();
    }

    /**
     * The connection went down: publishes in flight fail with an unknown outcome, queued ones wait.
     *
     * @param cause why
     */
    void disconnected(Throwable cause) {
        List<Pending> lost;
        synchronized (lock) {
            if (!online) {
                return;
            }
            online = false;
            lost = new ArrayList<>(unconfirmed);
            unconfirmed.clear();
            inFlight = 0;
        }
        lost.forEach(p -> p.future.completeExceptionally(TransportFailures.lostInFlight(p.topic, cause)));
    }

    /** Closed for good: queued publishes fail. */
    void close() {
        List<Pending> dropped;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            online = false;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        JobsClientClosedException closedException = closedFailure.get();
        dropped.forEach(p -> p.future.completeExceptionally(closedException));
    }

    /** Sets the window directly (tests). */
    void window(int maxInFlight) {
        synchronized (lock) {
            window = Math.max(1, maxInFlight);
        }
        drain();
    }

    /** The size of the PUBLISH packet (MQTT 5, no properties), for the broker's maximum packet size. */
    static int packetSize(String topic, int payloadLength, Qos qos) {
        long remaining = 2L
                + topic.getBytes(StandardCharsets.UTF_8).length
                + (qos == Qos.AT_MOST_ONCE ? 0 : 2)
                + 1
                + payloadLength;
        int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
        return (int) Math.min(Integer.MAX_VALUE, 1 + lengthBytes + remaining);
    }

    private static int packetSize(Pending pending) {
        return packetSize(pending.topic, pending.payload.length, pending.qos);
    }

    private static final class Pending {
        final String topic;
        final byte[] payload;
        final Qos qos;
        final boolean retain;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Pending(String topic, byte[] payload, Qos qos, boolean retain) {
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
            this.retain = retain;
        }
    }
}
