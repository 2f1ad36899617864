package io.iotjobs.internal.mqtt;

import io.iotjobs.core.Qos;
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
     * The QoS the broker granted for the filter (the QoS asked for, before the first SUBACK). Views that do not
     * track the SUBACK (test doubles, filtering wrappers) report QoS 1.
     *
     * @return the granted QoS
     */
    default Qos grantedQos() {
        return Qos.AT_LEAST_ONCE;
    }

    /**
     * Removes this listener; the last listener of a filter sends the UNSUBSCRIBE. Idempotent.
     *
     * @return completes when the listener is removed (and, for the last one, the UNSUBACK arrived)
     */
    CompletableFuture<Void> unsubscribe();
}
