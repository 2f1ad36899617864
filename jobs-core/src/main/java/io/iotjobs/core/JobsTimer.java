package io.iotjobs.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock and a timer: where the Jobs clients measure the deadline of each request. By default they use the system
 * clock and the SDK's shared timer thread; tests (and the job agent, with its own scheduler) give one they control,
 * so that a request's timeout passes when the test's time says so, without sleeping.
 *
 * <p><b>Contract.</b> Implementations are thread-safe. {@link #schedule} never runs the task on the calling thread
 * before returning; tasks run on a thread of the timer's choosing and are short (the clients only hand work to
 * their own executor from them).
 */
public interface JobsTimer {

    /**
     * The current time.
     *
     * @return now
     */
    Instant now();

    /**
     * Runs a task once after a delay.
     *
     * @param delay zero or positive
     * @param task the task
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /**
         * Cancels the task if it has not started. Idempotent.
         */
        void cancel();
    }
}
