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
        COMPLETED
    }

    private final String jobId;
    private final JobDocument document;
    private final List<String> targetThingNames;
    private final Duration inProgressTimeout;
    private final Instant createdAt;
    private final Status status;

    JobInfo(String jobId, JobDocument document, List<String> targetThingNames, Optional<Duration> inProgressTimeout,
            Instant createdAt, Status status) {
        this.jobId = jobId;
        this.document = document;
        this.targetThingNames = List.copyOf(targetThingNames);
        this.inProgressTimeout = inProgressTimeout.orElse(null);
        this.createdAt = createdAt;
        this.status = status;
    }

    /**
     * The job id.
     *
     * @return the id
     */
    public String jobId() {
        return jobId;
    }

    /**
     * The job document.
     *
     * @return the document
     */
    public JobDocument document() {
        return document;
    }

    /**
     * The things the job was created for, in order.
     *
     * @return an unmodifiable list
     */
    public List<String> targetThingNames() {
        return targetThingNames;
    }

    /**
     * The in-progress timeout.
     *
     * @return the timeout, or empty for none
     */
    public Optional<Duration> inProgressTimeout() {
        return Optional.ofNullable(inProgressTimeout);
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobInfo)) {
            return false;
        }
        JobInfo other = (JobInfo) o;
        return jobId.equals(other.jobId) && document.equals(other.document)
                && targetThingNames.equals(other.targetThingNames)
                && Objects.equals(inProgressTimeout, other.inProgressTimeout) && createdAt.equals(other.createdAt)
                && status == other.status;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, document, targetThingNames, inProgressTimeout, createdAt, status);
    }

    @Override
    public String toString() {
        return "JobInfo{" + jobId + ", " + status + ", targets=" + targetThingNames + ", createdAt=" + createdAt
                + (inProgressTimeout == null ? "" : ", inProgressTimeout=" + inProgressTimeout) + "}";
    }
}
