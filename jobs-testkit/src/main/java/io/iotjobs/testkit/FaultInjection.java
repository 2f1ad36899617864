package io.iotjobs.testkit;

import io.iotjobs.internal.testkit.Faults;
import java.time.Duration;

/**
 * Faults the local Jobs service injects so that you can test how your device code copes with a service
 * that is slow, loses replies, throttles, fails or repeats itself. Get it from
 * {@link LocalJobsService#faults()}. Everything is off until switched on; {@link #reset()} switches
 * everything off again.
 *
 * <p>Times are service-clock times: with a {@link TestClock}, delayed replies go out when the test advances the
 * clock past their time (on the advancing thread), and the throttling window moves only with the clock.
 *
 * <p>Thread-safe; changes apply to requests processed after the call returns. Each setter returns this object
 * for chaining.
 */
public final class FaultInjection {

    private final Faults faults;

    FaultInjection(Faults faults) {
        this.faults = faults;
    }

    /**
     * Publishes every reply (accepted or rejected) this long after its request was processed. The request
     * takes effect, and its events are published, at once; only the reply waits. Its {@code timestamp} is the
     * processing time.
     *
     * @param delay zero (no delay) or positive
     * @return this
     * @throws IllegalArgumentException if the delay is negative
     */
    public FaultInjection delayReplies(Duration delay) {
        faults.delayReplies(delay);
        return this;
    }

    /**
     * Drops the next {@code count} replies. The requests still take effect and their events are published:
     * the device sees a timeout although the change happened (as after a lost QoS 0 reply).
     *
     * @param count how many replies, added to any not dropped yet
     * @return this
     * @throws IllegalArgumentException if the count is negative
     */
    public FaultInjection dropNextReplies(int count) {
        faults.dropReplies(count);
        return this;
    }

    /**
     * Loses the next {@code count} requests on the way: the service neither processes nor answers them, so the
     * device sees a timeout and nothing changed (unlike {@link #dropNextReplies(int)}, where the change
     * happened). Lost requests do not count towards {@link #throttleAbove(int)}.
     *
     * @param count how many requests, added to any not lost yet
     * @return this
     * @throws IllegalArgumentException if the count is negative
     */
    public FaultInjection loseNextRequests(int count) {
        faults.loseRequests(count);
        return this;
    }

    /**
     * Rejects requests with {@code RequestThrottled} (without processing them) while {@code requestsPerSecond}
     * requests were already admitted within the last second of service time. Rejected requests do not count.
     *
     * @param requestsPerSecond the rate, or 0 to stop throttling
     * @return this
     * @throws IllegalArgumentException if the rate is negative
     */
    public FaultInjection throttleAbove(int requestsPerSecond) {
        faults.throttleAbove(requestsPerSecond);
        return this;
    }

    /**
     * Rejects the next {@code count} requests with {@code InternalError}, without processing them.
     *
     * @param count how many requests, added to any not failed yet
     * @return this
     * @throws IllegalArgumentException if the count is negative
     */
    public FaultInjection failNextRequests(int count) {
        faults.failRequests(count);
        return this;
    }

    /**
     * Publishes every {@code notify} and {@code notify-next} event twice, as the real service sometimes does.
     *
     * @param enabled true to duplicate events
     * @return this
     */
    public FaultInjection duplicateEvents(boolean enabled) {
        faults.duplicateEvents(enabled);
        return this;
    }

    /**
     * Switches every fault off. Replies already delayed still go out at their time.
     */
    public void reset() {
        faults.reset();
    }
}
