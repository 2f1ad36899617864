package io.iotjobs.internal.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemServiceClockTest {

    @Test
    void runsTasksOnItsDaemonThreadAndCancels() throws Exception {
        SystemServiceClock clock = new SystemServiceClock("test-timers");
        try {
            Instant before = clock.now();
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<Thread> thread = new AtomicReference<>();
            clock.schedule(before.plusMillis(20), () -> {
                thread.set(Thread.currentThread());
                ran.countDown();
            });
            ServiceClock.Cancellable cancelled = clock.schedule(before.plusMillis(10), () -> {
                throw new AssertionError("cancelled task ran");
            });
            cancelled.cancel();
            // a time in the past runs as soon as possible
            CountDownLatch late = new CountDownLatch(1);
            clock.schedule(before.minus(Duration.ofHours(1)), late::countDown);

            assertThat(late.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(thread.get().getName()).isEqualTo("test-timers");
            assertThat(thread.get().isDaemon()).isTrue();
            assertThat(clock.now()).isAfterOrEqualTo(before.plusMillis(20));
        } finally {
            clock.close();
        }
        // after close, scheduling is a no-op
        clock.schedule(clock.now(), () -> {
                    throw new AssertionError("ran after close");
                })
                .cancel();
        clock.close();
    }
}
