package io.iotjobs.internal.engine;

import io.iotjobs.core.JobsDecodeException;

/**
 * Receives what happens on one subscription, in order, on the subscription's serial executor.
 *
 * @param <T> the payload type
 */
public interface StreamListener<T> {
    /**
     * A message was decoded.
     *
     * @param topic the topic it arrived on
     * @param event the decoded payload
     */
    void onEvent(String topic, T event);

    /**
     * A message could not be decoded.
     *
     * @param failure the topic, payload and reason
     */
    default void onDecodeFailure(JobsDecodeException failure) {}

    /**
     * The subscription's status changed.
     *
     * @param status the new status
     * @param cause why (HALTED, LOST), or {@code null}
     */
    default void onStatus(StreamStatus status, Throwable cause) {}
}
