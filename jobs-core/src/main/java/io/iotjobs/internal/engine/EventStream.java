package io.iotjobs.internal.engine;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.protocol.EventType;
import io.iotjobs.model.JobsRequest;
import io.iotjobs.model.JobsResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A V2 event stream (notify or notify-next of one thing): created closed, {@link #open()}ed once,
 * {@link #close()}d once.
 *
 * <p>With resync on, every time the subscription is (re-)established after a loss the stream fetches the
 * current state from the service (GetPendingJobExecutions for notify, DescribeJobExecution {@code $next}
 * for notify-next) and delivers it as an event, in order with the live events, so that a device never
 * misses a job that was queued while it could not hear events.
 *
 * @param <E> the event type
 */
public final class EventStream<E> {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    /** What the stream reports. */
    public interface Callbacks<E> {
        /**
         * An event.
         *
         * @param event the event
         */
        void onEvent(E event);

        /**
         * A status change.
         *
         * @param status the status
         * @param cause why, or {@code null}
         */
        void onStatus(StreamStatus status, Throwable cause);

        /**
         * A payload that could not be decoded.
         *
         * @param failure the failure
         */
        void onDecodeFailure(JobsDecodeException failure);
    }

    private final StreamEngine streams;
    private final JobsClientCore core;
    private final EventType<E> type;
    private final String thingName;
    private final Callbacks<E> callbacks;
    private final boolean resync;
    private StreamEngine.Subscription<E> subscription;
    private boolean opened;
    private boolean closed;

    EventStream(
            StreamEngine streams,
            JobsClientCore core,
            EventType<E> type,
            String thingName,
            Callbacks<E> callbacks,
            boolean resync) {
        this.streams = streams;
        this.core = core;
        this.type = type;
        this.thingName = thingName;
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.resync = resync;
    }

    /**
     * Subscribes. Idempotent while open.
     *
     * @return completes when the subscription is established (on SUBACK)
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized CompletableFuture<Void> open() {
        if (closed) {
            throw new IllegalStateException("the stream was closed; create a new one");
        }
        if (opened) {
            return subscription.ready();
        }
        opened = true;
        subscription = streams.open(
                type.topic(thingName), Qos.AT_LEAST_ONCE, type.eventType(), type.dedupeKey(), new Listener());
        return subscription.ready();
    }

    /**
     * Unsubscribes; no callback runs afterwards. Idempotent.
     *
     * @return completes when unsubscribed
     */
    public synchronized CompletableFuture<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        return subscription == null ? CompletableFuture.completedFuture(null) : subscription.close();
    }

    /**
     * Whether the stream was opened and not closed (by {@link #close()} or by closing its client).
     *
     * @return true while open
     */
    public synchronized boolean isOpen() {
        return opened && !closed && !subscription.isClosed();
    }

    private void fetchCurrentState(StreamEngine.Subscription<E> sub) {
        current(type.resync()).whenComplete((event, error) -> {
            if (error != null) {
                LOG.warn(
                        "resync of {} for {} failed; events queued while offline may be missing: {}",
                        type,
                        thingName,
                        error.toString());
                return;
            }
            sub.deliver(type.topic(thingName), event);
        });
    }

    private <Q extends JobsRequest, R extends JobsResponse> CompletableFuture<E> current(
            EventType.Resync<Q, R, E> resync) {
        return core.request(resync.operation(), resync.request().apply(thingName), null)
                .thenApply(resync.event());
    }

    private final class Listener implements StreamListener<E> {
        private boolean lost;

        @Override
        public void onEvent(String topic, E event) {
            callbacks.onEvent(event);
        }

        @Override
        public void onDecodeFailure(JobsDecodeException failure) {
            callbacks.onDecodeFailure(failure);
        }

        @Override
        public void onStatus(StreamStatus status, Throwable cause) {
            callbacks.onStatus(status, cause);
            if (status == StreamStatus.LOST) {
                lost = true;
            } else if (status == StreamStatus.ESTABLISHED && lost) {
                lost = false;
                if (resync) {
                    fetchCurrentState(subscription);
                }
            }
        }
    }

    /**
     * Adapts plain consumers to {@link Callbacks}.
     *
     * @param onEvent event consumer
     * @param onStatus status consumer
     * @param onDecodeFailure decode-failure consumer
     * @param <E> the event type
     * @return the callbacks
     */
    public static <E> Callbacks<E> callbacks(
            Consumer<E> onEvent,
            java.util.function.BiConsumer<StreamStatus, Throwable> onStatus,
            Consumer<JobsDecodeException> onDecodeFailure) {
        return new Callbacks<>() {
            @Override
            public void onEvent(E event) {
                onEvent.accept(event);
            }

            @Override
            public void onStatus(StreamStatus status, Throwable cause) {
                onStatus.accept(status, cause);
            }

            @Override
            public void onDecodeFailure(JobsDecodeException failure) {
                onDecodeFailure.accept(failure);
            }
        };
    }
}
