package io.iotjobs.samples;

import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.v2.IotJobsClientV2;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEventType;
import io.iotjobs.v2.V2ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The job-processing loop with the V2 (request-response) client: the seed's second usage example.
 *
 * <pre>
 * repeat until stopped:
 *     GetPendingJobExecutions        nothing pending?  wait for a notify-next event announcing a job
 *     StartNextPendingJobExecution   the next job, now IN_PROGRESS
 *     run it
 *     UpdateJobExecution             SUCCEEDED, FAILED or REJECTED, with status details
 * </pre>
 *
 * <p>Each step is one future; a failed future holds a {@link V2ServiceException}, whose
 * {@link V2ServiceException#modeledError() modeledError()} is the service's rejection when there was one.
 * Rejections the service says are worth retrying ({@code RequestThrottled}, {@code InternalError}), timeouts
 * and connection failures are retried with a growing delay; any other failure of GetPending or StartNext
 * ends {@link #run} by throwing it. A rejected update (e.g. the job was canceled meanwhile) is reported and
 * the loop moves on.
 *
 * <p>Unlike the seed, an idle device does not poll every 30 seconds: it waits for the notify-next event the
 * service sends when a job is queued (with a check every 5 minutes as a safety net), so a new job starts at
 * once and an idle device sends nothing.
 *
 * <p>Threads: {@link #run} blocks the calling thread; the job runs on it. One job at a time.
 */
public final class JobProcessorV2 {

    private static final long STEP_TIMEOUT_MINUTES = 15;
    private static final Duration IDLE_RECHECK = Duration.ofMinutes(5);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY_DELAY = Duration.ofSeconds(30);

    private final IotJobsClientV2 jobs;
    private final String thingName;
    private final JobHandler handler;
    private final JobEvents events;

    /**
     * A processor for one thing.
     *
     * @param jobs the V2 client (its connection may be shared)
     * @param thingName the thing whose jobs to run
     * @param handler runs each job
     * @param events told about each step
     */
    public JobProcessorV2(IotJobsClientV2 jobs, String thingName, JobHandler handler, JobEvents events) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.thingName = Objects.requireNonNull(thingName, "thingName");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Runs jobs until {@code stop} is signalled. A job already running when the signal comes is finished
     * and reported first. {@link JobEvents#waiting()} is called each time nothing is pending, so a caller that
     * wants to stop when the queue is empty calls {@code stop.stop()} from there.
     *
     * @param stop ends the loop
     * @return the jobs finished, in order
     * @throws V2ServiceException if a request failed in a way a retry cannot fix (for example the device's
     *     policy does not allow the topic, or the client was closed)
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public List<ProcessedJob> run(StopSignal stop) throws InterruptedException {
        Semaphore jobAnnounced = new Semaphore(0);
        stop.onStop(jobAnnounced::release); // a stop ends the wait at once

        ServiceStreamOptions<NextJobExecutionChangedEvent> options = ServiceStreamOptions.builder(
                        (NextJobExecutionChangedEvent event) -> {
                            if (event.execution().isPresent()) { // absent: nothing is pending any more
                                jobAnnounced.release();
                            }
                        })
                .subscriptionStatusListener(status -> {
                    if (status.type() == SubscriptionStatusEventType.SUBSCRIPTION_HALTED) {
                        events.requestFailed("notify-next stream", null, status.toString());
                    }
                })
                .build();
        List<ProcessedJob> finished = new ArrayList<>();
        try (StreamingOperation nextJobs = jobs.createNextJobExecutionChangedStream(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(thingName)
                        .build(),
                options)) {
            // subscribe before the first GetPending, so that no announcement falls in between
            try {
                nextJobs.open().join();
            } catch (CompletionException e) {
                throw (V2ServiceException) e.getCause();
            }

            Duration retryDelay = FIRST_RETRY_DELAY;
            while (!stop.isStopped()) {
                String operation = "GetPendingJobExecutions";
                try {
                    jobAnnounced.drainPermits(); // what GetPending sees from now on needs no announcement
                    GetPendingJobExecutionsResponse pending = jobs.getPendingJobExecutions(
                                    GetPendingJobExecutionsRequest.builder()
                                            .thingName(thingName)
                                            .build())
                            .join();
                    if (pending.inProgressJobs().isEmpty()
                            && pending.queuedJobs().isEmpty()) {
                        events.waiting();
                        jobAnnounced.tryAcquire(IDLE_RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                        continue;
                    }

                    operation = "StartNextPendingJobExecution";
                    StartNextJobExecutionResponse started = jobs.startNextPendingJobExecution(
                                    StartNextPendingJobExecutionRequest.builder()
                                            .thingName(thingName)
                                            .stepTimeoutInMinutes(STEP_TIMEOUT_MINUTES)
                                            .build())
                            .join();
                    retryDelay = FIRST_RETRY_DELAY;
                    if (started.execution().isPresent()) { // empty if the job was canceled in between
                        JobExecutionData job = started.execution().get();
                        boolean resumed = pending.inProgressJobs().stream()
                                .anyMatch(summary -> summary.jobId().equals(job.jobId()));
                        process(job, resumed, stop).ifPresent(finished::add);
                    }
                } catch (CompletionException e) {
                    V2ServiceException failure = (V2ServiceException) e.getCause(); // always this type
                    events.requestFailed(operation, null, describe(failure));
                    if (!isWorthRetrying(failure)) {
                        throw failure;
                    }
                    stop.await(retryDelay);
                    retryDelay = longer(retryDelay);
                }
            }
        }
        return finished;
    }

    /** Runs one job and reports its outcome, retrying the report while the failure is temporary. */
    private Optional<ProcessedJob> process(JobExecutionData job, boolean resumed, StopSignal stop)
            throws InterruptedException {
        events.started(job, resumed);
        long startNanos = System.nanoTime();
        JobOutcome outcome = runSafely(job);

        UpdateJobExecutionRequest update = UpdateJobExecutionRequest.builder()
                .thingName(thingName)
                .jobId(job.jobId())
                .status(outcome.status())
                .statusDetails(outcome.statusDetails())
                .includeJobExecutionState(true) // the reply then tells the new version
                .build();
        Duration retryDelay = FIRST_RETRY_DELAY;
        while (true) {
            try {
                UpdateJobExecutionResponse reply =
                        jobs.updateJobExecution(update).join();
                ProcessedJob done =
                        ProcessedJob.of(job, outcome, reply, Duration.ofNanos(System.nanoTime() - startNanos));
                events.finished(done);
                return Optional.of(done);
            } catch (CompletionException e) {
                V2ServiceException failure = (V2ServiceException) e.getCause();
                events.requestFailed("UpdateJobExecution", job.jobId(), describe(failure));
                // A rejection such as InvalidStateTransition (canceled meanwhile) is final for this job. A
                // retry after an unknown outcome may meet InvalidStateTransition too: the first one got through.
                if (!isWorthRetrying(failure) || stop.await(retryDelay)) {
                    return Optional.empty();
                }
                retryDelay = longer(retryDelay);
            }
        }
    }

    private JobOutcome runSafely(JobExecutionData job) {
        try {
            return handler.process(job);
        } catch (RuntimeException e) {
            return JobOutcome.failed("the device's job handler failed: " + e);
        }
    }

    /** What a failure says: the service's rejection when there is one, otherwise the client's reason. */
    static String describe(V2ServiceException failure) {
        return failure.modeledError()
                .map(error -> "rejected: " + error.rawCode().orElse("(no code)")
                        + error.message().map(message -> ": " + message).orElse(""))
                .orElseGet(() -> failure.getCause().getClass().getSimpleName() + ": " + failure.getMessage());
    }

    private static boolean isWorthRetrying(V2ServiceException failure) {
        if (failure.modeledError().isPresent()) {
            return failure.modeledError().get().code().isRetryable(); // RequestThrottled, InternalError
        }
        Throwable cause = failure.getCause();
        return cause instanceof JobsTimeoutException
                || cause instanceof JobsTransportException && !((JobsTransportException) cause).isLikelyPolicyDenial();
    }

    private static Duration longer(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(LAST_RETRY_DELAY) > 0 ? LAST_RETRY_DELAY : doubled;
    }
}
