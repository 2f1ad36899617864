package io.iotjobs.testkit;

import io.iotjobs.model.JobDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the local service's control API describes it. Immutable and thread-safe.
 */
public final class JobInfo {

    /** The status of a job (not of its executions). */
    public enum Status {
        /** Some execution may still run. */
        IN_PROGRESS,
        /** The job was canceled (executions that were IN_PROGRESS may still run unless canceled with force). */
        CANCELED,
        /** Every execution reached a terminal status. */
        COMPLETED,
        /** The job waits for its start time, or for its next maintenance window (see {@link SchedulingConfig}). */
        SCHEDULED
    }

    private final JobSpec spec;
    private final Instant createdAt;
    private final Instant lastUpdatedAt;
    private final Status status;
    private final boolean forceCanceled;
    private final String reasonCode;
    private final String comment;

    JobInfo(
            JobSpec spec,
            Instant createdAt,
            Instant lastUpdatedAt,
            Status status,
            boolean forceCanceled,
            Optional<String> reasonCode,
            Optional<String> comment) {
        this.spec = spec;
        this.createdAt = createdAt;
        this.lastUpdatedAt = lastUpdatedAt;
        this.status = status;
        this.forceCanceled = forceCanceled;
        this.reasonCode = reasonCode.orElse(null);
        this.comment = comment.orElse(null);
    }

    /**
     * What the job was created with.
     *
     * @return the spec
     */
    public JobSpec spec() {
        return spec;
    }

    /**
     * The job id.
     *
     * @return the id
     */
    public String jobId() {
        return spec.jobId();
    }

    /**
     * The job document.
     *
     * @return the document
     */
    public JobDocument document() {
        return spec.document();
    }

    /**
     * The things the job was created for, in order.
     *
     * @return an unmodifiable list
     */
    public List<String> targetThingNames() {
        return spec.targetThingNames();
    }

    /**
     * The in-progress timeout.
     *
     * @return the timeout, or empty for none
     */
    public Optional<Duration> inProgressTimeout() {
        return spec.inProgressTimeout();
    }

    /**
     * The job's description.
     *
     * @return the description, or empty for none
     */
    public Optional<String> description() {
        return spec.description();
    }

    /**
     * When the job was created (service time, to the second).
     *
     * @return the time
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * The job's status when it was described.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * The latest change of the job or of one of its executions (service time, to the second).
     *
     * @return the time
     */
    public Instant lastUpdatedAt() {
        return lastUpdatedAt;
    }

    /**
     * When the job completed: the last change, once every execution is terminal and the job was not canceled.
     *
     * @return the time, or empty while the job is not {@link Status#COMPLETED}
     */
    public Optional<Instant> completedAt() {
        return status == Status.COMPLETED ? Optional.of(lastUpdatedAt) : Optional.empty();
    }

    /**
     * Whether the job was canceled with {@code force}.
     *
     * @return true after a forced cancel
     */
    public boolean forceCanceled() {
        return forceCanceled;
    }

    /**
     * The reason code given when the job was canceled.
     *
     * @return the code, or empty
     */
    public Optional<String> reasonCode() {
        return Optional.ofNullable(reasonCode);
    }

    /**
     * The comment given when the job was canceled.
     *
     * @return the comment, or empty
     */
    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobInfo)) {
            return false;
        }
        JobInfo other = (JobInfo) o;
        return spec.equals(other.spec)
                && createdAt.equals(other.createdAt)
                && lastUpdatedAt.equals(other.lastUpdatedAt)
                && status == other.status
                && forceCanceled == other.forceCanceled
                && Objects.equals(reasonCode, other.reasonCode)
                && Objects.equals(comment, other.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, createdAt, lastUpdatedAt, status, forceCanceled, reasonCode, comment);
    }

    @Override
    public String toString() {
        return "JobInfo{" + spec + ", " + status + ", createdAt=" + createdAt + "}";
    }
}
