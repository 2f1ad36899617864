package io.iotjobs.v2;

/** What happened to a stream's subscription. */
public enum SubscriptionStatusEventType {
    /** The subscription is in place: after {@link StreamingOperation#open()}, and again after a loss. */
    SUBSCRIPTION_ESTABLISHED,
    /**
     * The broker lost the subscription with the session (events may have been missed); the client is
     * subscribing again and, with resync on, will deliver the current state as an event.
     */
    SUBSCRIPTION_LOST,
    /** The subscription failed for good (refused by the broker, or the client was closed). */
    SUBSCRIPTION_HALTED
}
