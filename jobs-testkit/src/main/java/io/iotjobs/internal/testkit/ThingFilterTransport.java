package io.iotjobs.internal.testkit;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.ConnectionListener;
import io.iotjobs.internal.mqtt.MessageListener;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportSubscription;
import io.iotjobs.internal.protocol.TopicRef;
import io.iotjobs.internal.protocol.Topics;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A transport that hands its listeners only the Jobs messages of the things a predicate accepts, so that
 * several local services can share one broker (tests running in parallel) without all of them answering every
 * request: each serves its own things. Messages on other topics pass unchanged; publishing and connection
 * events are the wrapped transport's.
 *
 * <p>The predicate runs on the delivery thread for every message and must be quick and never block.
 */
public final class ThingFilterTransport implements Transport {

    private final Transport delegate;
    private final Predicate<String> serves;

    /**
     * Wraps a transport.
     *
     * @param delegate the transport
     * @param serves whether a thing's messages are delivered
     */
    public ThingFilterTransport(Transport delegate, Predicate<String> serves) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.serves = Objects.requireNonNull(serves, "serves");
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        return delegate.publish(topic, payload, qos);
    }

    @Override
    public CompletableFuture<TransportSubscription> subscribe(
            String filter, SubscribeOptions options, MessageListener listener) {
        Objects.requireNonNull(listener, "listener");
        return delegate.subscribe(filter, options, new MessageListener() {
            @Override
            public void onMessage(String topic, byte[] payload, int qos) {
                Optional<TopicRef> ref = Topics.parse(topic);
                if (ref.isEmpty() || serves.test(ref.get().thingName())) {
                    listener.onMessage(topic, payload, qos);
                }
            }

            @Override
            public void onSubscriptionLost() {
                listener.onSubscriptionLost();
            }

            @Override
            public void onSubscriptionRestored() {
                listener.onSubscriptionRestored();
            }

            @Override
            public void onSubscriptionFailed(Throwable cause) {
                listener.onSubscriptionFailed(cause);
            }
        });
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        delegate.addConnectionListener(listener);
    }

    @Override
    public void removeConnectionListener(ConnectionListener listener) {
        delegate.removeConnectionListener(listener);
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public String name() {
        return delegate.name();
    }
}
