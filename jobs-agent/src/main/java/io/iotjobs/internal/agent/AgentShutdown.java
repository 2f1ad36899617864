package io.iotjobs.internal.agent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of an agent: a last task on the control thread, then its threads, its port and its store thread. */
final class AgentShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(AgentShutdown.class);
    private static final Duration LAST_TASK_BOUND = Duration.ofSeconds(5);

    private final AgentSettings settings;
    private final AgentLoop loop;
    private final JobsPort port;
    private final CheckpointWriter writer;

    AgentShutdown(AgentSettings settings, AgentLoop loop, JobsPort port, CheckpointWriter writer) {
        this.settings = settings;
        this.loop = loop;
        this.port = port;
        this.writer = writer;
    }

    /**
     * Waits for a future, at most the timeout, in real time.
     *
     * @return true if it completed normally in time
     */
    static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs the last task on the control thread (bounded), then stops everything; pending checkpoint writes
     * are finished first.
     *
     * @param lastTask runs on the control thread
     */
    void run(Runnable lastTask) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        loop.post(() -> {
            try {
                lastTask.run();
            } finally {
                stopped.complete(null);
            }
        });
        if (!await(stopped, LAST_TASK_BOUND)) {
            LOG.warn("{}: the agent's thread did not stop in time", settings.thingName());
        }
        loop.shutdown();
        port.close();
        if (settings.ownsScheduler() && settings.scheduler() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("{}: closing the scheduler failed", settings.thingName(), e);
            }
        }
        writer.shutdown(LAST_TASK_BOUND.toMillis());
    }
}
