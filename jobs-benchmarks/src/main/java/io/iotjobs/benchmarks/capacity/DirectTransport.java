package io.iotjobs.benchmarks.capacity;

import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.ConnectionListener;
import io.iotjobs.internal.mqtt.MessageListener;
import io.iotjobs.internal.mqtt.SubscribeOptions;
import io.iotjobs.internal.mqtt.Transport;
import io.iotjobs.internal.mqtt.TransportSubscription;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A transport with no network: the service's subscription is kept so that the benchmark can hand it requests
 * directly, and whatever the service publishes is counted and dropped. It isolates the service's own work
 * (decode, validate, state change, encode) from MQTT.
 */
final class DirectTransport implements Transport {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final LongAdder accepted = new LongAdder();
    private final LongAdder other = new LongAdder();
    private volatile MessageListener listener;

    /**
     * Delivers a message to the subscriber, on the calling thread.
     *
     * @param topic the topic
     * @param payload the payload
     */
    void deliver(String topic, byte[] payload) {
        listener.onMessage(topic, payload, 1);
    }

    /**
     * Publishes to topics ending in {@code /accepted} so far.
     *
     * @return the count
     */
    long accepted() {
        return accepted.sum();
    }

    /**
     * Every other publish so far (rejections and events).
     *
     * @return the count
     */
    long other() {
        return other.sum();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        if (topic.endsWith("/accepted")) {
            accepted.increment();
        } else {
            other.increment();
        }
        return DONE;
    }

    @Override
    public CompletableFuture<TransportSubscription> subscribe(
            String filter, SubscribeOptions options, MessageListener subscriber) {
        this.listener = subscriber;
        return CompletableFuture.completedFuture(new TransportSubscription() {
            @Override
            public String filter() {
                return filter;
            }

            @Override
            public CompletableFuture<Void> unsubscribe() {
                return DONE;
            }
        });
    }

    @Override
    public void addConnectionListener(ConnectionListener connectionListener) {
        // always connected
    }

    @Override
    public void removeConnectionListener(ConnectionListener connectionListener) {
        // always connected
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public String name() {
        return "direct";
    }
}
