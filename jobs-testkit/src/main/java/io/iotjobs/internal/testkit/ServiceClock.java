package io.iotjobs.internal.testkit;

import java.time.Instant;

/**
 * The time source and timer of the local Jobs service. Every timestamp the service writes, every step and
 * in-progress timer and every delayed reply goes through it, so a manual clock makes timer tests
 * deterministic.
 *
 * <p>Implementations are thread-safe. Tasks run on a thread of the clock's choosing (the scheduler thread of
 * the system clock, the thread that advances a manual clock), never while the caller of
 * {@link #schedule} is still inside that call.
 */
public interface ServiceClock extends AutoCloseable {

    /**
     * The current time.
     *
     * @return now
     */
    Instant now();

    /**
     * Runs a task at (or soon after) a point in time. A time in the past runs the task as soon as possible.
     *
     * @param at when to run it
     * @param task the task; it must not throw
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Instant at, Runnable task);

    /**
     * Stops running tasks and releases threads, if the clock has any. Idempotent.
     */
    @Override
    void close();

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        /**
         * Cancels the task if it has not started. Idempotent.
         */
        void cancel();
    }
}
