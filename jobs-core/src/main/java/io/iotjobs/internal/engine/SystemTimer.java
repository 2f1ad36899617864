package io.iotjobs.internal.engine;

import io.iotjobs.core.JobsTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The default {@link JobsTimer}: the system clock and a scheduled executor (the SDK's shared timer thread). */
final class SystemTimer implements JobsTimer {
    private final ScheduledExecutorService timer;

    private SystemTimer(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static JobsTimer over(ScheduledExecutorService timer) {
        return new SystemTimer(timer);
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> scheduled = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> scheduled.cancel(false);
    }
}
