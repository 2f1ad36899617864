package io.iotjobs.samples;

import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.Qos;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.v1.IotJobsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job-processing loop with the V1 (callback) client: the seed's first usage example, made safe.
 *
 * <pre>
 * start()                            subscribe: start-next accepted/rejected, update accepted/rejected,
 *                                    notify-next; then publish StartNext (jobs may be queued already)
 * start-next accepted with a job  -&gt; run it, publish its update (SUCCEEDED, FAILED or REJECTED)
 * start-next accepted, no job     -&gt; idle (JobEvents.waiting)
 * update accepted                 -&gt; publish StartNext for the next job
 * update rejected                 -&gt; idle; publish StartNext if notify-next announced a job meanwhile
 * notify-next with a job          -&gt; publish StartNext when idle, otherwise remember it for later
 * </pre>
 *
 * <p>What it does beyond the seed:
 * <ul>
 *   <li><b>One job at a time, with explicit state</b> instead of a global "current job": the state moves
 *       IDLE → STARTING → RUNNING → UPDATING → IDLE under a lock. A notify-next that arrives while busy is
 *       remembered, not acted on, and not lost. After an accepted update the loop asks for the next job
 *       itself instead of waiting for notify-next: the service gives no order between a reply and the events
 *       it causes, and StartNext's empty answer is how the loop learns that the queue is done.</li>
 *   <li><b>Duplicates.</b> The service may deliver an event twice; a second notify-next while busy changes
 *       nothing, and StartNext never hands out a second job while one is IN_PROGRESS.</li>
 *   <li><b>Client tokens.</b> Every request carries a token of this processor, and a reply is acted on only
 *       when it carries the token of the request in flight. Other clients on the same connection (a V2
 *       client during a migration, a second processor) receive their replies on the same topics, and
 *       without the check this loop would run their jobs.</li>
 * </ul>
 *
 * <p>Threads: the callbacks run on the V1 client's executor, and the job runs inside the start-next
 * accepted callback (as in the seed), so it may block for as long as the work takes.
 */
public final class JobProcessorV1 implements AutoCloseable {

    private enum State {
        IDLE,
        STARTING,
        RUNNING,
        UPDATING,
        CLOSED
    }

    private static final Qos QOS = Qos.AT_LEAST_ONCE;
    private static final long STEP_TIMEOUT_MINUTES = 10;

    private final IotJobsClient jobs;
    private final String thingName;
    private final JobHandler handler;
    private final JobEvents events;
    private final String tokenPrefix = "v1-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong tokenCounter = new AtomicLong();
    private final List<JobsSubscription> subscriptions = new ArrayList<>();

    private final Object lock = new Object();
    private State state = State.IDLE; // all five guarded by lock
    private String awaitedToken; // the client token of the request whose reply we wait for
    private boolean jobAnnounced; // notify-next announced a job while we were busy
    private JobExecutionData currentJob;
    private JobOutcome currentOutcome;
    private long currentStartNanos;

    /**
     * A processor for one thing. Call {@link #start()} to begin.
     *
     * @param jobs the V1 client (its connection may be shared)
     * @param thingName the thing whose jobs to run
     * @param handler runs each job
     * @param events told about each step
     */
    public JobProcessorV1(IotJobsClient jobs, String thingName, JobHandler handler, JobEvents events) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.thingName = Objects.requireNonNull(thingName, "thingName");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Subscribes to the replies and to notify-next, waits for the broker to acknowledge them, then asks for
     * the next job. Returns at once after that: the loop goes on in the callbacks until {@link #close()}.
     *
     * @throws CompletionException if a subscription fails (for example, the policy denies the topic)
     */
    public void start() {
        StartNextPendingJobExecutionSubscriptionRequest startNext =
                StartNextPendingJobExecutionSubscriptionRequest.builder()
                        .thingName(thingName)
                        .build();
        UpdateJobExecutionSubscriptionRequest update = UpdateJobExecutionSubscriptionRequest.builder()
                .thingName(thingName)
                .build(); // every job
        NextJobExecutionChangedSubscriptionRequest nextChanged = NextJobExecutionChangedSubscriptionRequest.builder()
                .thingName(thingName)
                .build();

        List<CompletableFuture<JobsSubscription>> subscribed = List.of(
                jobs.subscribeToStartNextPendingJobExecutionAccepted(startNext, QOS, this::onStartNextAccepted),
                jobs.subscribeToStartNextPendingJobExecutionRejected(startNext, QOS, this::onStartNextRejected),
                jobs.subscribeToUpdateJobExecutionAccepted(update, QOS, this::onUpdateAccepted),
                jobs.subscribeToUpdateJobExecutionRejected(update, QOS, this::onUpdateRejected),
                jobs.subscribeToNextJobExecutionChangedEvents(nextChanged, QOS, this::onNextJobChanged));
        for (CompletableFuture<JobsSubscription> subscription : subscribed) {
            JobsSubscription done = subscription.join();
            synchronized (lock) {
                subscriptions.add(done);
            }
        }
        // the service sends nothing on subscribe: ask once for jobs queued while we were away
        requestNextJob();
    }

    /**
     * Stops: no new job is started and the subscriptions are removed. A job running now still finishes and
     * its update is published, but its reply is no longer seen. Idempotent.
     */
    @Override
    public void close() {
        List<JobsSubscription> toRemove;
        synchronized (lock) {
            state = State.CLOSED;
            toRemove = new ArrayList<>(subscriptions);
            subscriptions.clear();
        }
        CompletableFuture.allOf(
                        toRemove.stream().map(JobsSubscription::unsubscribe).toArray(CompletableFuture[]::new))
                .exceptionally(error -> null)
                .join();
    }

    // ---- notify-next ----

    private void onNextJobChanged(NextJobExecutionChangedEvent event) {
        if (event.execution().isPresent()) { // absent when nothing is pending any more
            requestNextJob();
        }
    }

    /** Publishes StartNext when idle; otherwise remembers that a job is waiting. */
    private void requestNextJob() {
        String token;
        synchronized (lock) {
            if (state != State.IDLE) {
                jobAnnounced = state != State.CLOSED;
                return;
            }
            state = State.STARTING;
            jobAnnounced = false;
            token = newAwaitedToken();
        }
        StartNextPendingJobExecutionRequest request = StartNextPendingJobExecutionRequest.builder()
                .thingName(thingName)
                .stepTimeoutInMinutes(STEP_TIMEOUT_MINUTES)
                .clientToken(token)
                .build();
        whenPublishFails(
                jobs.publishStartNextPendingJobExecution(request, QOS), "StartNextPendingJobExecution", null, token);
    }

    // ---- start-next replies ----

    private void onStartNextAccepted(StartNextJobExecutionResponse reply) {
        Optional<JobExecutionData> next = reply.execution();
        boolean announced;
        synchronized (lock) {
            if (state == State.CLOSED || !isAwaited(reply.clientToken())) {
                return; // closed, or the reply to someone else's request
            }
            awaitedToken = null;
            announced = jobAnnounced;
            if (next.isEmpty()) {
                state = State.IDLE;
            } else {
                state = State.RUNNING;
                currentJob = next.get();
                currentStartNanos = System.nanoTime();
            }
        }
        if (next.isEmpty()) {
            if (announced) {
                requestNextJob(); // a job was queued after the service answered
            } else {
                events.waiting();
            }
            return;
        }
        JobExecutionData job = next.get();
        events.started(job, false);
        JobOutcome outcome = runSafely(job);

        String token;
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.UPDATING;
            }
            currentOutcome = outcome;
            token = newAwaitedToken();
        }
        UpdateJobExecutionRequest update = UpdateJobExecutionRequest.builder()
                .thingName(thingName)
                .jobId(job.jobId())
                .status(outcome.status())
                .statusDetails(outcome.statusDetails())
                .includeJobExecutionState(true) // the reply then tells the new version
                .clientToken(token)
                .build();
        whenPublishFails(jobs.publishUpdateJobExecution(update, QOS), "UpdateJobExecution", job.jobId(), token);
    }

    private void onStartNextRejected(RejectedError error) {
        synchronized (lock) {
            if (!isAwaited(error.clientToken())) {
                return;
            }
            awaitedToken = null;
            state = State.IDLE;
        }
        // wait for the next notify-next rather than retrying in a tight loop
        events.requestFailed("StartNextPendingJobExecution", null, describe(error));
    }

    // ---- update replies ----

    private void onUpdateAccepted(UpdateJobExecutionResponse reply) {
        ProcessedJob done;
        synchronized (lock) {
            if (!isAwaited(reply.clientToken())) {
                return;
            }
            done = ProcessedJob.of(
                    currentJob, currentOutcome, reply, Duration.ofNanos(System.nanoTime() - currentStartNanos));
            finishCurrentJob();
        }
        events.finished(done);
        // Ask for the next job rather than wait for notify-next: that event may have come before this reply
        // (then it was remembered), may come later, or may never come (the queue is empty). StartNext answers
        // in every case, and its empty answer tells that the queue is done.
        requestNextJob();
    }

    private void onUpdateRejected(RejectedError error) {
        String jobId;
        boolean announced;
        synchronized (lock) {
            if (!isAwaited(error.clientToken())) {
                return;
            }
            jobId = currentJob.jobId();
            announced = finishCurrentJob();
        }
        // e.g. InvalidStateTransition: the job was canceled while it ran. The cancellation also changes the
        // next job, so a notify-next follows (or came already) and the loop goes on from there.
        events.requestFailed("UpdateJobExecution", jobId, describe(error));
        if (announced) {
            requestNextJob();
        }
    }

    // ---- helpers ----

    /** Back to IDLE after the update's reply (under the lock); returns whether a job was announced meanwhile. */
    private boolean finishCurrentJob() {
        awaitedToken = null;
        currentJob = null;
        currentOutcome = null;
        if (state != State.CLOSED) {
            state = State.IDLE;
        }
        return jobAnnounced;
    }

    private JobOutcome runSafely(JobExecutionData job) {
        try {
            return handler.process(job);
        } catch (RuntimeException e) {
            return JobOutcome.failed("the device's job handler failed: " + e);
        }
    }

    private String newAwaitedToken() {
        awaitedToken = tokenPrefix + tokenCounter.incrementAndGet();
        return awaitedToken;
    }

    private boolean isAwaited(Optional<String> clientToken) {
        return clientToken.isPresent() && clientToken.get().equals(awaitedToken);
    }

    /** A publish fails only if the client or connection is closed; then give up on that request. */
    private void whenPublishFails(CompletableFuture<Void> published, String operation, String jobId, String token) {
        published.whenComplete((ok, error) -> {
            if (error == null) {
                return;
            }
            synchronized (lock) {
                if (!token.equals(awaitedToken)) {
                    return;
                }
                awaitedToken = null;
                if (state != State.CLOSED) {
                    state = State.IDLE;
                }
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            events.requestFailed(operation, jobId, "not published: " + cause.getMessage());
        });
    }

    private static String describe(RejectedError error) {
        return error.rawCode().orElse("(no code)")
                + error.message().map(message -> ": " + message).orElse("");
    }
}
