package io.iotjobs.internal.agent;

import io.iotjobs.agent.AgentScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The default {@link AgentScheduler}: the system UTC clock and one daemon timer thread. */
public final class SystemScheduler implements AgentScheduler, AutoCloseable {
    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor timer;

    /**
     * Creates the scheduler and its thread.
     *
     * @param threadName the timer thread's name
     */
    public SystemScheduler(String threadName) {
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        try {
            ScheduledFuture<?> future = timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException closed) {
            return () -> {};
        }
    }

    /** Stops the timer thread; tasks not run yet never run. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
