package io.iotjobs.internal.mqtt;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.Qos;
import io.iotjobs.core.TopicSubscription;
import io.iotjobs.internal.engine.ClientThreads;
import io.iotjobs.internal.engine.SerialExecutor;
import io.iotjobs.internal.protocol.MqttNames;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's own publishes and subscriptions on a connection (everything that is not Jobs), with the same
 * guarantees as the Jobs traffic: names checked before anything is sent, publishes queued within the window,
 * subscriptions made again after a lost session, and listeners and future completions on the SDK's callback
 * pool (never on the MQTT library's thread), one at a time and in order per subscription.
 */
public final class UserTraffic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UserTraffic.class);

    private final ManagedConnection connection;
    private ClientThreads threads;
    private boolean closed;

    /**
     * Creates the traffic of a connection.
     *
     * @param connection the connection
     */
    public UserTraffic(ManagedConnection connection) {
        this.connection = connection;
    }

    /** The callback pool, joined on first use (so a connection that never uses it starts no thread). */
    private synchronized ClientThreads threads() {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        if (threads == null) {
            threads = new ClientThreads(null);
        }
        return threads;
    }

    /**
     * Publishes.
     *
     * @param topic the topic name (checked)
     * @param payload the payload (copied)
     * @param qos the QoS
     * @param retain the retain flag
     * @return completes on the callback pool when written (QoS 0) or acknowledged (QoS 1)
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos, boolean retain) {
        MqttNames.topicName(topic);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        return onPool(connection.publish(topic, payload.clone(), qos, retain));
    }

    /**
     * Subscribes.
     *
     * @param filter the topic filter (checked)
     * @param qos the maximum QoS
     * @param listener called with each message, in order, on the callback pool
     * @return completes on the callback pool with the subscription on SUBACK
     */
    public CompletableFuture<TopicSubscription> subscribe(String filter, Qos qos, Consumer<IncomingMessage> listener) {
        MqttNames.topicFilter(filter, connection.protocol().hasSharedSubscriptions());
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(listener, "listener");
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        Listener forwarding =
                new Listener(filter, listener, new SerialExecutor(threads().executor()));
        return onPool(connection
                .subscribe(filter, SubscribeOptions.of(qos, false), forwarding)
                .thenApply(handle -> {
                    forwarding.handle = handle;
                    return (TopicSubscription) forwarding;
                }));
    }

    private synchronized boolean isClosed() {
        return closed || connection.isClosed();
    }

    private <T> CompletableFuture<T> onPool(CompletableFuture<T> source) {
        CompletableFuture<T> result = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            Runnable completion = error == null
                    ? () -> result.complete(value)
                    : () -> result.completeExceptionally(TransportFailures.unwrap(error));
            try {
                threads().executor().execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run();
            }
        });
        return result;
    }

    private JobsClientClosedException closedException() {
        return new JobsClientClosedException("connection " + connection.name() + " is closed");
    }

    /** Leaves the callback pool. Idempotent. */
    @Override
    public void close() {
        ClientThreads left;
        synchronized (this) {
            closed = true;
            left = threads;
            threads = null;
        }
        if (left != null) {
            left.close();
        }
    }

    /** One subscription of the device's own: hands each message to the user's listener, in order. */
    private final class Listener implements MessageListener, TopicSubscription {
        private final String filter;
        private final Consumer<IncomingMessage> listener;
        private final SerialExecutor serial;
        private volatile TransportSubscription handle;
        private volatile boolean stopped;

        Listener(String filter, Consumer<IncomingMessage> listener, SerialExecutor serial) {
            this.filter = filter;
            this.listener = listener;
            this.serial = serial;
        }

        @Override
        public void onMessage(String topic, byte[] payload, int qos) {
            onMessage(topic, payload, qos, false);
        }

        @Override
        public void onMessage(String topic, byte[] payload, int qos, boolean retain) {
            if (stopped) {
                return;
            }
            IncomingMessage message =
                    new IncomingMessage(topic, payload, qos == 0 ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE, retain);
            try {
                serial.execute(() -> {
                    if (stopped) {
                        return;
                    }
                    try {
                        listener.accept(message);
                    } catch (RuntimeException | Error e) {
                        LOG.warn(
                                "{}: the listener of the subscription to {} threw on {}; the subscription goes on",
                                connection.name(),
                                filter,
                                topic,
                                e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("{}: message on {} not delivered, the connection is closing", connection.name(), topic);
            }
        }

        @Override
        public void onSubscriptionFailed(Throwable cause) {
            LOG.warn(
                    "{}: the subscription to {} could not be made again after the broker lost the session; no more"
                            + " messages will arrive on it: {}",
                    connection.name(),
                    filter,
                    cause.toString());
        }

        @Override
        public String filter() {
            return filter;
        }

        @Override
        public Qos grantedQos() {
            TransportSubscription h = handle;
            return h == null ? Qos.AT_LEAST_ONCE : h.grantedQos();
        }

        @Override
        public CompletableFuture<Void> unsubscribe() {
            stopped = true;
            TransportSubscription h = handle;
            return h == null ? CompletableFuture.completedFuture(null) : onPool(h.unsubscribe());
        }
    }
}
