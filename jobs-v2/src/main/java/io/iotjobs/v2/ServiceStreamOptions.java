package io.iotjobs.v2;

import io.iotjobs.core.JobsDecodeException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a V2 event stream calls: the incoming-event listener (required), and optionally a subscription-status
 * listener and a deserialization-failure listener; plus whether to resync after a lost session.
 *
 * <pre>{@code
 * ServiceStreamOptions<NextJobExecutionChangedEvent> options = ServiceStreamOptions
 *     .builder((NextJobExecutionChangedEvent event) -> handle(event))
 *     .subscriptionStatusListener(status -> log(status))
 *     .build();
 * }</pre>
 *
 * <p>All listeners of one stream run one at a time, in order, on the client's executor (never on the MQTT
 * library's thread). An exception thrown by a listener is logged; the stream goes on.
 *
 * @param <E> the event type
 */
public final class ServiceStreamOptions<E> {
    private final Consumer<E> incomingEventListener;
    private final Consumer<SubscriptionStatusEvent> subscriptionStatusListener;
    private final Consumer<JobsDecodeException> deserializationFailureListener;
    private final boolean resync;

    private ServiceStreamOptions(Builder<E> builder) {
        this.incomingEventListener = builder.incomingEventListener;
        this.subscriptionStatusListener = builder.subscriptionStatusListener;
        this.deserializationFailureListener = builder.deserializationFailureListener;
        this.resync = builder.resync;
    }

    /**
     * Starts options with the listener for events.
     *
     * @param incomingEventListener called with each event
     * @param <E> the event type
     * @return the builder
     */
    public static <E> Builder<E> builder(Consumer<E> incomingEventListener) {
        return new Builder<>(incomingEventListener);
    }

    /**
     * Options with only an event listener (status changes and decode failures are logged; resync on).
     *
     * @param incomingEventListener called with each event
     * @param <E> the event type
     * @return the options
     */
    public static <E> ServiceStreamOptions<E> of(Consumer<E> incomingEventListener) {
        return builder(incomingEventListener).build();
    }

    Consumer<E> incomingEventListener() {
        return incomingEventListener;
    }

    Consumer<SubscriptionStatusEvent> subscriptionStatusListener() {
        return subscriptionStatusListener;
    }

    Consumer<JobsDecodeException> deserializationFailureListener() {
        return deserializationFailureListener;
    }

    boolean resync() {
        return resync;
    }

    /**
     * Builds {@link ServiceStreamOptions}. Not thread-safe.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final Consumer<E> incomingEventListener;
        private Consumer<SubscriptionStatusEvent> subscriptionStatusListener = status -> {};
        private Consumer<JobsDecodeException> deserializationFailureListener;
        private boolean resync = true;

        private Builder(Consumer<E> incomingEventListener) {
            this.incomingEventListener = Objects.requireNonNull(incomingEventListener, "incomingEventListener");
        }

        /**
         * Called when the subscription is established, lost or halted.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<E> subscriptionStatusListener(Consumer<SubscriptionStatusEvent> listener) {
            this.subscriptionStatusListener = Objects.requireNonNull(listener, "subscriptionStatusListener");
            return this;
        }

        /**
         * Called with payloads that cannot be decoded (topic, payload and reason); without it they are logged.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<E> deserializationFailureListener(Consumer<JobsDecodeException> listener) {
            this.deserializationFailureListener = Objects.requireNonNull(listener, "deserializationFailureListener");
            return this;
        }

        /**
         * Whether, each time the subscription is established again after a lost session, the stream fetches
         * the current state (GetPendingJobExecutions for the notify stream, DescribeJobExecution {@code $next}
         * for the notify-next stream) and delivers it as an event, so nothing queued while offline is missed
         * (default true).
         *
         * @param resync the flag
         * @return this builder
         */
        public Builder<E> resyncOnReconnect(boolean resync) {
            this.resync = resync;
            return this;
        }

        /**
         * Creates the options.
         *
         * @return the options
         */
        public ServiceStreamOptions<E> build() {
            return new ServiceStreamOptions<>(this);
        }
    }
}
