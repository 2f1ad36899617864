package io.iotjobs.core;

/**
 * Limits the clients check before publishing (and the local service enforces). The defaults are the
 * service's documented limits; change them only if AWS changes its limits.
 *
 * <p>Fixed by the protocol and not configurable: thing names 1–128 characters of {@code [a-zA-Z0-9:_-]},
 * job ids 1–64 of {@code [a-zA-Z0-9_-]}, status-detail keys 1–128 of {@code [a-zA-Z0-9:_-]}, step timeouts
 * 1..10080 minutes (or -1 on update).
 *
 * <p>Immutable and thread-safe.
 */
public final class JobsLimits {
    /** The service's documented limits: 10 pairs, 1024-character values, 64-character client tokens. */
    public static final JobsLimits DEFAULT = new JobsLimits(10, 1024, 64);

    private final int maxStatusDetailsPairs;
    private final int maxStatusDetailValueLength;
    private final int maxClientTokenLength;

    private JobsLimits(int maxStatusDetailsPairs, int maxStatusDetailValueLength, int maxClientTokenLength) {
        this.maxStatusDetailsPairs = positive(maxStatusDetailsPairs, "maxStatusDetailsPairs");
        this.maxStatusDetailValueLength = positive(maxStatusDetailValueLength, "maxStatusDetailValueLength");
        this.maxClientTokenLength = positive(maxClientTokenLength, "maxClientTokenLength");
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1, got " + value);
        }
        return value;
    }

    /**
     * Limits with a different status-details pair count.
     *
     * @param pairs at least 1
     * @return new limits
     */
    public JobsLimits withMaxStatusDetailsPairs(int pairs) {
        return new JobsLimits(pairs, maxStatusDetailValueLength, maxClientTokenLength);
    }

    /**
     * Limits with a different status-details value length.
     *
     * @param length at least 1
     * @return new limits
     */
    public JobsLimits withMaxStatusDetailValueLength(int length) {
        return new JobsLimits(maxStatusDetailsPairs, length, maxClientTokenLength);
    }

    /**
     * Limits with a different client token length.
     *
     * @param length at least 1
     * @return new limits
     */
    public JobsLimits withMaxClientTokenLength(int length) {
        return new JobsLimits(maxStatusDetailsPairs, maxStatusDetailValueLength, length);
    }

    /**
     * Most status-details pairs in one request.
     *
     * @return default 10
     */
    public int maxStatusDetailsPairs() {
        return maxStatusDetailsPairs;
    }

    /**
     * Longest status-details value, in characters.
     *
     * @return default 1024
     */
    public int maxStatusDetailValueLength() {
        return maxStatusDetailValueLength;
    }

    /**
     * Longest client token, in characters.
     *
     * @return default 64
     */
    public int maxClientTokenLength() {
        return maxClientTokenLength;
    }

    @Override
    public String toString() {
        return "JobsLimits{statusDetailsPairs=" + maxStatusDetailsPairs + ", statusDetailValueLength="
                + maxStatusDetailValueLength + ", clientTokenLength=" + maxClientTokenLength + "}";
    }
}
