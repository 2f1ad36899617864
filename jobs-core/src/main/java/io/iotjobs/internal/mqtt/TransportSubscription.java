package io.iotjobs.internal.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * One listener's share of a subscription.
 */
public interface TransportSubscription {
    /**
     * The topic filter.
     *
     * @return the filter
     */
    String filter();

    /**
     * Removes this listener; the last listener of a filter sends the UNSUBSCRIBE. Idempotent.
     *
     * @return completes when the listener is removed (and, for the last one, the UNSUBACK arrived)
     */
    CompletableFuture<Void> unsubscribe();
}
