package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job created through the control API. The immutable part is set at creation; the list of executions and
 * the canceled/deleted flags are guarded by the job's monitor ({@code synchronized (job)}), which control
 * operations take before any thing lock.
 */
final class JobRecord {
    final String jobId;
    final JobDocument document;
    final List<String> targets;
    final Duration inProgressTimeout;
    final Instant createdAt;

    /** Guarded by {@code this}. */
    final List<ExecutionRecord> executions = new ArrayList<>();
    /** Guarded by {@code this}. */
    boolean canceled;
    /** Guarded by {@code this}. */
    boolean deleted;
    /** Guarded by {@code this}. */
    Instant lastUpdatedAt;

    JobRecord(String jobId, JobDocument document, List<String> targets, Duration inProgressTimeout,
            Instant createdAt) {
        this.jobId = jobId;
        this.document = document;
        this.targets = List.copyOf(targets);
        this.inProgressTimeout = inProgressTimeout;
        this.createdAt = createdAt;
        this.lastUpdatedAt = createdAt;
    }

    Optional<Duration> inProgressTimeout() {
        return Optional.ofNullable(inProgressTimeout);
    }

    @Override
    public String toString() {
        return "job " + jobId;
    }
}
