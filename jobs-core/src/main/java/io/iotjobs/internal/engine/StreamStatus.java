package io.iotjobs.internal.engine;

/** Status of a subscription as seen by its listener. */
public enum StreamStatus {
    /** The subscription is in place (first SUBACK, or again after a lost session). */
    ESTABLISHED,
    /** The broker lost the subscription with the session; it is being subscribed again. */
    LOST,
    /** The subscription failed for good (refused, or its client closed); no more events will come. */
    HALTED
}
