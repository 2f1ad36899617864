package io.iotjobs.internal.engine;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.codec.JobsJson;
import io.iotjobs.internal.mqtt.MessageListener;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportFailures;
import io.iotjobs.internal.mqtt.TransportSubscription;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions that decode each message to a model type and hand it to a listener: V1's reply and event
 * subscriptions and V2's event streams.
 *
 * <p>On the MQTT delivery thread a message is only decoded; the listener runs on a per-subscription
 * {@link SerialExecutor} over the client's executor, so the events of one subscription arrive in order and
 * never on the MQTT thread. Several subscriptions to the same filter share one MQTT subscription (the
 * transport counts references) and each receives every message. After a reconnect without session the
 * transport subscribes again and the listener sees {@link StreamStatus#LOST} then
 * {@link StreamStatus#ESTABLISHED}. An exception thrown by the listener is logged as a listener failure; it
 * is never reported as a decode failure.
 */
public final class StreamEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEngine.class);

    private final Transport transport;
    private final Executor executor;
    private final Set<Subscription<?>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates an engine.
     *
     * @param transport the MQTT transport
     * @param executor where listeners run (wrapped in a serial executor per subscription)
     */
    public StreamEngine(Transport transport, Executor executor) {
        this.transport = transport;
        this.executor = executor;
    }

    /**
     * Subscribes.
     *
     * @param filter the topic filter
     * @param qos the subscription QoS
     * @param type the payload type
     * @param dedupeKey what makes two payloads the same delivery repeated (the second is dropped), or {@code null}
     *     to deliver every payload
     * @param listener the listener
     * @param <T> the payload type
     * @return the subscription; its {@link Subscription#ready()} completes on SUBACK
     */
    public <T> Subscription<T> open(
            String filter, Qos qos, Class<T> type, Function<? super T, Object> dedupeKey, StreamListener<T> listener) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(listener, "listener");
        Subscription<T> subscription =
                new Subscription<>(filter, type, listener, new SerialExecutor(executor), dedupeKey);
        if (closed) {
            subscription.ready.completeExceptionally(new JobsClientClosedException("the Jobs client was closed"));
            return subscription;
        }
        open.add(subscription);
        transport
                .subscribe(filter, SubscribeOptions.of(qos, false), subscription)
                .whenComplete((handle, e) -> {
                    if (e != null) {
                        Throwable cause = TransportFailures.unwrap(e);
                        open.remove(subscription);
                        subscription.status(StreamStatus.HALTED, cause);
                        subscription.ready.completeExceptionally(cause);
                        return;
                    }
                    subscription.handle = handle;
                    if (subscription.closed) {
                        handle.unsubscribe();
                        subscription.ready.complete(null);
                        return;
                    }
                    subscription.status(StreamStatus.ESTABLISHED, null);
                    subscription.ready.complete(null);
                });
        return subscription;
    }

    /**
     * Closes every open subscription, telling each listener {@link StreamStatus#HALTED}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (Subscription<?> subscription : open) {
            subscription.status(StreamStatus.HALTED, new JobsClientClosedException("the Jobs client was closed"));
            subscription.close();
        }
    }

    /**
     * One open subscription.
     *
     * @param <T> the payload type
     */
    public final class Subscription<T> implements MessageListener, JobsSubscription {
        private final String filter;
        private final Class<T> type;
        private final StreamListener<T> listener;
        private final SerialExecutor serial;
        private final Function<? super T, Object> dedupeKey;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private Object lastKey;
        private volatile TransportSubscription handle;
        private volatile boolean closed;

        Subscription(
                String filter,
                Class<T> type,
                StreamListener<T> listener,
                SerialExecutor serial,
                Function<? super T, Object> dedupeKey) {
            this.filter = filter;
            this.type = type;
            this.listener = listener;
            this.serial = serial;
            this.dedupeKey = dedupeKey;
        }

        /**
         * The topic filter.
         *
         * @return the filter
         */
        public String filter() {
            return filter;
        }

        @Override
        public String topic() {
            return filter;
        }

        @Override
        public CompletableFuture<Void> unsubscribe() {
            return close();
        }

        /**
         * Completes when the broker acknowledged the subscription; fails with a
         * {@link io.iotjobs.core.JobsTransportException} when it refused.
         *
         * @return the future
         */
        public CompletableFuture<Void> ready() {
            return ready;
        }

        /**
         * Whether {@link #close()} was called, directly or by closing the engine.
         *
         * @return true once closed
         */
        public boolean isClosed() {
            return closed;
        }

        /**
         * Stops delivery and unsubscribes (the last subscriber of a filter sends the UNSUBSCRIBE). Idempotent.
         *
         * @return completes when unsubscribed
         */
        public CompletableFuture<Void> close() {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            closed = true;
            open.remove(this);
            TransportSubscription h = handle;
            return h == null ? CompletableFuture.completedFuture(null) : h.unsubscribe();
        }

        @Override
        public void onMessage(String topic, byte[] payload, int qos) {
            if (closed) {
                return;
            }
            T event;
            try {
                event = JobsJson.decode(topic, payload, type);
            } catch (JobsDecodeException failure) {
                serial.execute(() -> {
                    if (!closed) {
                        guarded("decode-failure listener", () -> listener.onDecodeFailure(failure));
                    }
                });
                return;
            }
            deliver(topic, event);
        }

        /**
         * Delivers an event in this subscription's order, through the same de-duplication as received events
         * (a job event identical to the last one delivered is dropped).
         *
         * @param topic the topic to report
         * @param event the event
         */
        void deliver(String topic, T event) {
            serial.execute(() -> {
                if (closed) {
                    return;
                }
                if (dedupeKey != null) {
                    Object key = dedupeKey.apply(event);
                    if (key.equals(lastKey)) {
                        LOG.debug("dropped a repeated event on {}: {}", topic, key);
                        return;
                    }
                    lastKey = key;
                }
                guarded("listener", () -> listener.onEvent(topic, event));
            });
        }

        @Override
        public void onSubscriptionLost() {
            status(StreamStatus.LOST, null);
        }

        @Override
        public void onSubscriptionRestored() {
            status(StreamStatus.ESTABLISHED, null);
        }

        @Override
        public void onSubscriptionFailed(Throwable cause) {
            open.remove(this);
            status(StreamStatus.HALTED, cause);
        }

        void status(StreamStatus status, Throwable cause) {
            serial.execute(() -> guarded("status listener", () -> listener.onStatus(status, cause)));
        }

        private void guarded(String what, Runnable call) {
            try {
                call.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("the {} of the subscription to {} threw; the subscription goes on", what, filter, e);
            }
        }
    }
}
