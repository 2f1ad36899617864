package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of a job on a thing. Every mutable field is guarded by the owning {@link ThingRecord}'s lock.
 *
 * <p>Timestamps are kept to the second (the service's wire granularity); deadlines keep full precision.
 */
final class ExecutionRecord {

    /**
     * The "next" order of the reference (§5.6): IN_PROGRESS before QUEUED, each group by queue time, ties by
     * creation order. Only meaningful for pending executions.
     */
    static final Comparator<ExecutionRecord> NEXT_ORDER = Comparator.comparingInt(
                    (ExecutionRecord e) -> e.status == JobStatus.IN_PROGRESS ? 0 : 1)
            .thenComparing(e -> e.queuedAt)
            .thenComparingLong(e -> e.sequence);

    final JobRecord job;
    final ThingRecord thing;
    final long executionNumber;
    /** Global creation order, breaks ties between executions queued in the same second. */
    final long sequence;

    final Instant queuedAt;

    JobStatus status = JobStatus.QUEUED;
    Map<String, String> statusDetails;
    Instant startedAt;
    Instant lastUpdatedAt;
    long versionNumber = 1;
    /** Step timer deadline, or {@code null}. */
    Instant stepDeadline;
    /** In-progress timer deadline, or {@code null}. */
    Instant inProgressDeadline;
    /** How many retry attempts came before this execution (0 for the first). */
    int retryAttempt;
    /** Retries so far of this job on this thing for FAILED, and for TIMED_OUT executions. */
    int failedRetries;

    int timedOutRetries;
    /** Set when the execution is deleted: late timer tasks and stale references then do nothing. */
    boolean removed;

    /** The scheduled timeout task, managed by {@link ExecutionTimers}. */
    ServiceClock.Cancellable timer;
    /** When {@link #timer} fires. */
    Instant timerAt;
    /** Bumped on every reschedule, so a task that lost a race with a cancel does nothing. */
    long timerGeneration;
    /** Every status change so far (within the timeline's bound). */
    final ExecutionTimeline timeline = new ExecutionTimeline();

    ExecutionRecord(JobRecord job, ThingRecord thing, long executionNumber, long sequence, Instant now) {
        this.job = job;
        this.thing = thing;
        this.executionNumber = executionNumber;
        this.sequence = sequence;
        this.queuedAt = seconds(now);
        this.lastUpdatedAt = this.queuedAt;
        timeline.add(now, status, versionNumber, null);
    }

    static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    String jobId() {
        return job.jobId;
    }

    boolean isPending() {
        return !removed && (status == JobStatus.QUEUED || status == JobStatus.IN_PROGRESS);
    }

    Optional<Map<String, String>> statusDetails() {
        return Optional.ofNullable(statusDetails);
    }

    /**
     * The earlier of the step and in-progress deadlines, while the execution is IN_PROGRESS.
     *
     * @return the deadline, or {@code null} when no timer runs
     */
    Instant deadline() {
        if (status != JobStatus.IN_PROGRESS || removed) {
            return null;
        }
        if (stepDeadline == null) {
            return inProgressDeadline;
        }
        if (inProgressDeadline == null) {
            return stepDeadline;
        }
        return stepDeadline.isBefore(inProgressDeadline) ? stepDeadline : inProgressDeadline;
    }

    /** QUEUED → IN_PROGRESS: sets startedAt and starts the job's in-progress timer. The version is not bumped. */
    void markStarted(Instant now) {
        status = JobStatus.IN_PROGRESS;
        startedAt = seconds(now);
        inProgressDeadline = job.inProgressTimeout().map(now::plus).orElse(null);
    }

    /** Moves to a terminal status; stops both timers. The version is not bumped. */
    void markTerminal(JobStatus terminal) {
        status = terminal;
        stepDeadline = null;
        inProgressDeadline = null;
    }

    /** Records one accepted change: the version grows by one, lastUpdatedAt moves, and the timeline grows. */
    void bump(Instant now) {
        versionNumber++;
        lastUpdatedAt = seconds(now);
        timeline.add(now, status, versionNumber, statusDetails);
        thing.revision++;
    }

    @Override
    public String toString() {
        return thing.thingName + "/" + job.jobId + "#" + executionNumber + " " + status + " v" + versionNumber;
    }
}
