package io.iotjobs.internal.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall clock, with one daemon scheduler thread for the service's timers. {@link #close()} shuts the
 * thread down; tasks not yet run are dropped.
 */
public final class SystemServiceClock implements ServiceClock {

    private static final Logger LOG = LoggerFactory.getLogger(SystemServiceClock.class);

    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    /**
     * Creates the clock and its scheduler thread.
     *
     * @param threadName the scheduler thread's name
     */
    public SystemServiceClock(String threadName) {
        this.clock = Clock.systemUTC();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        long delayNanos = Math.max(0, saturatedNanos(Duration.between(now(), at)));
        ScheduledFuture<?> future;
        try {
            future = scheduler.schedule(
                    () -> {
                        try {
                            task.run();
                        } catch (RuntimeException | Error e) {
                            LOG.warn("scheduled task failed", e);
                        }
                    },
                    delayNanos,
                    TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("clock closed: task for {} dropped", at);
            return () -> {};
        }
        return () -> future.cancel(false);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
