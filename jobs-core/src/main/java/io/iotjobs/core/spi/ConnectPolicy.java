package io.iotjobs.core.spi;

import io.iotjobs.core.OfflineQueuePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a connection connects and reconnects (the bound on one attempt, the reconnect backoff, how long
 * {@code connect()} keeps trying) and what it keeps while disconnected (the offline queue).
 *
 * @param attemptTimeout how long one attempt (network connection, TLS, CONNECT, CONNACK) may take
 * @param autoReconnect whether to reconnect after an unexpected loss
 * @param minBackoff the first reconnect delay; each failed attempt doubles it up to {@code maxBackoff}, and each
 *     delay is randomised between half and all of its value
 * @param maxBackoff the largest reconnect delay
 * @param connectRetryTimeout how long the first {@code connect()} retries failed attempts with the reconnect
 *     backoff before its future fails with the last attempt's cause; zero for no retry (one attempt)
 * @param offlineQueueLimit the most publishes queued while disconnected, at least 1
 * @param offlineQueuePolicy which publish fails when a publish made while disconnected finds the queue full
 */
public record ConnectPolicy(
        Duration attemptTimeout,
        boolean autoReconnect,
        Duration minBackoff,
        Duration maxBackoff,
        Duration connectRetryTimeout,
        int offlineQueueLimit,
        OfflineQueuePolicy offlineQueuePolicy) {

    /** The default offline queue limit: publishes made while disconnected beyond it fail by the policy. */
    public static final int DEFAULT_OFFLINE_QUEUE_LIMIT = 1_000;

    /**
     * The defaults: 10 s per attempt, automatic reconnect with a backoff from 1 s to 30 s, one attempt per
     * {@code connect()}, an offline queue of {@value #DEFAULT_OFFLINE_QUEUE_LIMIT} publishes failing the newest.
     */
    public static final ConnectPolicy DEFAULT =
            new ConnectPolicy(Duration.ofSeconds(10), true, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /**
     * Checks the values.
     *
     * @param attemptTimeout how long one attempt may take
     * @param autoReconnect whether to reconnect after an unexpected loss
     * @param minBackoff the first reconnect delay
     * @param maxBackoff the largest reconnect delay
     * @param connectRetryTimeout how long the first {@code connect()} retries; zero for no retry
     * @param offlineQueueLimit the most publishes queued while disconnected
     * @param offlineQueuePolicy which publish fails when the offline queue is full
     * @throws NullPointerException if a value is {@code null}
     * @throws IllegalArgumentException naming a value out of range
     */
    public ConnectPolicy {
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(connectRetryTimeout, "connectRetryTimeout");
        Objects.requireNonNull(offlineQueuePolicy, "offlineQueuePolicy");
        if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
            throw new IllegalArgumentException("attemptTimeout: must be positive, got " + attemptTimeout);
        }
        if (minBackoff.isZero() || minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException(
                    "reconnectBackoff: need 0 < min <= max, got " + minBackoff + ", " + maxBackoff);
        }
        if (connectRetryTimeout.isNegative()) {
            throw new IllegalArgumentException("connectRetry: must not be negative, got " + connectRetryTimeout);
        }
        if (offlineQueueLimit < 1) {
            throw new IllegalArgumentException("offlineQueue: the limit must be at least 1, got " + offlineQueueLimit);
        }
    }

    /**
     * A policy with one attempt per {@code connect()} and the default offline queue.
     *
     * @param attemptTimeout how long one attempt may take
     * @param autoReconnect whether to reconnect after an unexpected loss
     * @param minBackoff the first reconnect delay
     * @param maxBackoff the largest reconnect delay
     */
    public ConnectPolicy(Duration attemptTimeout, boolean autoReconnect, Duration minBackoff, Duration maxBackoff) {
        this(
                attemptTimeout,
                autoReconnect,
                minBackoff,
                maxBackoff,
                Duration.ZERO,
                DEFAULT_OFFLINE_QUEUE_LIMIT,
                OfflineQueuePolicy.FAIL_NEWEST);
    }

    /**
     * Whether the first {@code connect()} retries failed attempts.
     *
     * @return true when {@link #connectRetryTimeout()} is above zero
     */
    public boolean retriesConnect() {
        return !connectRetryTimeout.isZero();
    }
}
