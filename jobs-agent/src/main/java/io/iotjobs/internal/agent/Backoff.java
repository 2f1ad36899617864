package io.iotjobs.internal.agent;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the cap doubles per failed attempt from the minimum up to the maximum, and
 * each delay is drawn between half the cap and the cap ("equal jitter"), so that devices that failed together
 * do not retry together, and no retry comes sooner than half the cap.
 */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private final DoubleSupplier random;

    /**
     * Creates a backoff.
     *
     * @param min the cap of the first retry (positive)
     * @param max the largest cap (at least {@code min})
     * @param random numbers in [0, 1)
     */
    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.min = Objects.requireNonNull(min, "min");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (min.isZero() || min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("retryBackoff: need 0 < min <= max, got " + min + ", " + max);
        }
    }

    /**
     * The delay before the next attempt.
     *
     * @param failures how many attempts failed so far (1 after the first failure)
     * @return a delay in [cap / 2, cap], where cap = min(max, min * 2^(failures - 1))
     */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: must be at least 1, got " + failures);
        }
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        long cap = minNanos;
        for (int i = 1; i < failures && cap < maxNanos; i++) {
            cap = cap > maxNanos / 2 ? maxNanos : cap * 2;
        }
        cap = Math.min(cap, maxNanos);
        long half = cap / 2;
        long jitter = (long) (random.getAsDouble() * (cap - half + 1));
        return Duration.ofNanos(Math.min(cap, half + jitter));
    }

    /**
     * The smallest cap.
     *
     * @return the minimum
     */
    public Duration min() {
        return min;
    }

    /**
     * The largest cap.
     *
     * @return the maximum
     */
    public Duration max() {
        return max;
    }
}
