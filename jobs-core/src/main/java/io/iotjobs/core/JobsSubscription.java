package io.iotjobs.core;

import java.util.concurrent.CompletableFuture;

/**
 * An active subscription of a V1 client to reply or event topics.
 *
 * <p>Thread-safe. {@link #unsubscribe()} is idempotent.
 */
public interface JobsSubscription {
    /**
     * The MQTT topic filter subscribed, e.g. {@code $aws/things/MyDevice/jobs/+/update/accepted}.
     *
     * @return the filter
     */
    String topic();

    /**
     * Stops the callbacks at once and unsubscribes; the MQTT UNSUBSCRIBE is sent when no other subscriber
     * on the same connection uses the filter.
     *
     * @return completes when unsubscribed, on the client's executor
     */
    CompletableFuture<Void> unsubscribe();
}
