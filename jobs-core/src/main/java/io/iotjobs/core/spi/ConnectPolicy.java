package io.iotjobs.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How a connection connects and reconnects: the bound on one attempt and the reconnect backoff.
 *
 * @param attemptTimeout how long one attempt (network connection, TLS, CONNECT, CONNACK) may take
 * @param autoReconnect whether to reconnect after an unexpected loss
 * @param minBackoff the first reconnect delay; each failed attempt doubles it up to {@code maxBackoff}, and each
 *     delay is randomised between half and all of its value
 * @param maxBackoff the largest reconnect delay
 */
public record ConnectPolicy(Duration attemptTimeout, boolean autoReconnect, Duration minBackoff,
        Duration maxBackoff) {

    /** The defaults: 10 s per attempt, automatic reconnect with a backoff from 1 s to 30 s. */
    public static final ConnectPolicy DEFAULT = new ConnectPolicy(Duration.ofSeconds(10), true, Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    /**
     * Checks the values.
     *
     * @param attemptTimeout how long one attempt may take
     * @param autoReconnect whether to reconnect after an unexpected loss
     * @param minBackoff the first reconnect delay
     * @param maxBackoff the largest reconnect delay
     * @throws NullPointerException if a duration is {@code null}
     * @throws IllegalArgumentException if a duration is not positive or {@code maxBackoff < minBackoff}
     */
    public ConnectPolicy {
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
            throw new IllegalArgumentException("attemptTimeout: must be positive, got " + attemptTimeout);
        }
        if (minBackoff.isZero() || minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("reconnectBackoff: need 0 < min <= max, got " + minBackoff + ", "
                    + maxBackoff);
        }
    }
}
