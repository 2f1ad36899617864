package io.iotjobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A handler that runs until the test releases it (or, unless it is stubborn, until it is told to stop), then
 * claims success; it counts its runs and records why it was told to stop.
 */
final class Gate implements JobHandler {

    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final boolean stubborn;
    final AtomicInteger runs = new AtomicInteger();
    final AtomicReference<CancellationReason> told = new AtomicReference<>();

    private Gate(boolean stubborn) {
        this.stubborn = stubborn;
    }

    /** Returns when released or told to stop. */
    static Gate obedient() {
        return new Gate(false);
    }

    /** Returns only when released, whatever it is told. */
    static Gate stubborn() {
        return new Gate(true);
    }

    @Override
    public JobResult handle(JobContext context) throws InterruptedException {
        runs.incrementAndGet();
        running.countDown();
        while (true) {
            try {
                if (release.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                told.set(context.cancellationReason().orElse(null));
                if (!stubborn) {
                    break;
                }
            }
        }
        return JobResult.succeeded(Map.of("done", "yes"));
    }

    void awaitRunning() throws InterruptedException {
        assertThat(running.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                .as("the handler runs")
                .isTrue();
    }

    void release() {
        release.countDown();
    }
}
