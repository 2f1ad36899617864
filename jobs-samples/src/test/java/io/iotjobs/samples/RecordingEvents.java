package io.iotjobs.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobExecutionData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Records what a processor reports, and lets a test wait (with a deadline) until enough has happened. */
final class RecordingEvents implements JobEvents {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<String> started = new ArrayList<>();
    private final List<ProcessedJob> finished = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int waiting;
    private StopSignal stopWhenIdle;

    /** Stops the signal on the next {@link #waiting()}, as the commands' "until idle" mode does. */
    synchronized RecordingEvents stoppingWhenIdle(StopSignal stop) {
        this.stopWhenIdle = stop;
        return this;
    }

    @Override
    public synchronized void started(JobExecutionData job, boolean resumed) {
        started.add(job.jobId());
        notifyAll();
    }

    @Override
    public synchronized void finished(ProcessedJob job) {
        finished.add(job);
        notifyAll();
    }

    @Override
    public synchronized void waiting() {
        waiting++;
        if (stopWhenIdle != null) {
            stopWhenIdle.stop();
        }
        notifyAll();
    }

    @Override
    public synchronized void requestFailed(String operation, String jobId, String description) {
        failures.add(operation + " " + jobId + " " + description);
        notifyAll();
    }

    synchronized List<String> started() {
        return List.copyOf(started);
    }

    synchronized List<ProcessedJob> finished() {
        return List.copyOf(finished);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized int waitingCount() {
        return waiting;
    }

    /** Waits until {@code count} jobs are finished. */
    void awaitFinished(int count) throws InterruptedException {
        awaitUntil(() -> finished.size() >= count, count + " finished jobs");
    }

    /** Waits until the processor has reported "nothing pending" {@code count} times in all. */
    void awaitWaiting(int count) throws InterruptedException {
        awaitUntil(() -> waiting >= count, count + " waiting reports");
    }

    /** Waits until {@code count} jobs were started. */
    void awaitStarted(int count) throws InterruptedException {
        awaitUntil(() -> started.size() >= count, count + " started jobs");
    }

    private synchronized void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            assertThat(left)
                    .as(
                            "waited %s for %s; started %s, finished %s, failures %s",
                            DEADLINE,
                            what,
                            started,
                            finished.stream().map(ProcessedJob::jobId).toList(),
                            failures)
                    .isPositive();
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
