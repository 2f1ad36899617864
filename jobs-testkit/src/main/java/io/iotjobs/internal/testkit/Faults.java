package io.iotjobs.internal.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The faults the local service injects on request, for users testing how their device code copes. All
 * counting is done on the service clock. Thread-safe.
 */
public final class Faults {

    /** What to do with one incoming request. */
    public enum Admission {
        /** Process it. */
        PROCESS,
        /** Ignore it: no change, no reply, as if it never arrived. */
        LOSE,
        /** Reject it with RequestThrottled. */
        THROTTLE,
        /** Reject it with InternalError. */
        INTERNAL_ERROR
    }

    /**
     * The switches at one moment.
     *
     * @param replyDelay how long every reply waits (zero: none)
     * @param repliesToDrop how many of the next replies are dropped
     * @param requestsToFail how many of the next requests are rejected with InternalError
     * @param requestsToLose how many of the next requests are lost
     * @param maxRequestsPerSecond the throttling rate, 0 for none
     * @param duplicateEvents whether notify and notify-next go out twice
     */
    public record State(
            Duration replyDelay,
            long repliesToDrop,
            long requestsToFail,
            long requestsToLose,
            int maxRequestsPerSecond,
            boolean duplicateEvents) {}

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final Runnable changed;
    private final Object lock = new Object();
    private Duration replyDelay = Duration.ZERO;
    private long repliesToDrop;
    private long requestsToFail;
    private long requestsToLose;
    private int maxRequestsPerSecond;
    private final ArrayDeque<Instant> admitted = new ArrayDeque<>();
    private boolean duplicateEvents;

    /**
     * Faults, all off.
     *
     * @param changed told (outside the lock) each time a switch is set or a count is used up
     */
    Faults(Runnable changed) {
        this.changed = changed;
    }

    /**
     * The switches now.
     *
     * @return their state
     */
    public State state() {
        synchronized (lock) {
            return new State(
                    replyDelay, repliesToDrop, requestsToFail, requestsToLose, maxRequestsPerSecond, duplicateEvents);
        }
    }

    /**
     * Publishes every reply this long after its request was processed (zero: at once).
     *
     * @param delay zero or positive
     */
    public void delayReplies(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: must not be negative, got " + delay);
        }
        synchronized (lock) {
            replyDelay = delay;
        }
        changed.run();
    }

    /**
     * Drops the next replies (the requests are still processed and their events published).
     *
     * @param count how many replies to drop, added to any still pending
     */
    public void dropReplies(int count) {
        requireNotNegative(count, "count");
        synchronized (lock) {
            repliesToDrop += count;
        }
        changed.run();
    }

    /**
     * Rejects the next requests with InternalError without processing them.
     *
     * @param count how many requests, added to any still pending
     */
    public void failRequests(int count) {
        requireNotNegative(count, "count");
        synchronized (lock) {
            requestsToFail += count;
        }
        changed.run();
    }

    /**
     * Loses the next requests: they are neither processed nor answered.
     *
     * @param count how many requests, added to any still pending
     */
    public void loseRequests(int count) {
        requireNotNegative(count, "count");
        synchronized (lock) {
            requestsToLose += count;
        }
        changed.run();
    }

    /**
     * Rejects requests with RequestThrottled while more than this many were admitted within the last second
     * of service time (0 turns throttling off).
     *
     * @param requestsPerSecond the rate, or 0 for no limit
     */
    public void throttleAbove(int requestsPerSecond) {
        requireNotNegative(requestsPerSecond, "requestsPerSecond");
        synchronized (lock) {
            maxRequestsPerSecond = requestsPerSecond;
            admitted.clear();
        }
        changed.run();
    }

    /**
     * Publishes every notify and notify-next event twice (or once again).
     *
     * @param enabled true to duplicate
     */
    public void duplicateEvents(boolean enabled) {
        synchronized (lock) {
            duplicateEvents = enabled;
        }
        changed.run();
    }

    /** Turns every fault off. */
    public void reset() {
        synchronized (lock) {
            replyDelay = Duration.ZERO;
            repliesToDrop = 0;
            requestsToFail = 0;
            requestsToLose = 0;
            maxRequestsPerSecond = 0;
            admitted.clear();
            duplicateEvents = false;
        }
        changed.run();
    }

    /**
     * Decides about one incoming request: lost requests never arrived, so they come first; then throttling, then
     * the InternalError budget. Lost, throttled and failed requests do not count towards the rate.
     *
     * @param now the service time
     * @return what to do
     */
    Admission admit(Instant now) {
        Admission admission = decide(now);
        if (admission == Admission.LOSE || admission == Admission.INTERNAL_ERROR) {
            changed.run(); // a count was used up
        }
        return admission;
    }

    private Admission decide(Instant now) {
        synchronized (lock) {
            if (requestsToLose > 0) {
                requestsToLose--;
                return Admission.LOSE;
            }
            if (maxRequestsPerSecond > 0) {
                Instant windowStart = now.minus(WINDOW);
                while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(windowStart)) {
                    admitted.pollFirst();
                }
                if (admitted.size() >= maxRequestsPerSecond) {
                    return Admission.THROTTLE;
                }
            }
            if (requestsToFail > 0) {
                requestsToFail--;
                return Admission.INTERNAL_ERROR;
            }
            if (maxRequestsPerSecond > 0) {
                admitted.addLast(now);
            }
            return Admission.PROCESS;
        }
    }

    /**
     * Whether to drop this reply (consumes one from the budget).
     *
     * @return true to drop it
     */
    boolean dropReply() {
        synchronized (lock) {
            if (repliesToDrop == 0) {
                return false;
            }
            repliesToDrop--;
        }
        changed.run();
        return true;
    }

    Duration replyDelay() {
        synchronized (lock) {
            return replyDelay;
        }
    }

    boolean duplicateEvents() {
        synchronized (lock) {
            return duplicateEvents;
        }
    }

    private static void requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": must not be negative, got " + value);
        }
    }
}
