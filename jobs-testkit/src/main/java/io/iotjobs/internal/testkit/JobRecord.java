package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A job created through the control API. The id and creation time are fixed; everything else is guarded by the
 * job's monitor ({@code synchronized (job)}), which control operations take before any thing lock. Reading
 * {@link #spec} needs no lock (it is replaced whole).
 */
final class JobRecord {
    final String jobId;
    final Instant createdAt;

    /** What the job was created with; replaced whole. */
    volatile JobSpec spec;

    /** Added to under a thing lock alone (retries), so safe to read without the monitor. */
    final List<ExecutionRecord> executions = new CopyOnWriteArrayList<>();
    /** Whether the job's {@code completed} event was published. Guarded by {@code this}. */
    boolean completedAnnounced;
    /** The end-time task of a scheduled job, or {@code null}. */
    volatile ServiceClock.Cancellable endTask;
    /** Who waits for the rollout, and its rate. Guarded by {@code this}. */
    final Rollouts.State rollout = new Rollouts.State();
    /** The things a CONTINUOUS job's targets name now. Guarded by {@code this}. */
    final Set<String> covered = new HashSet<>();
    /** Written under {@code this}; read also under thing locks alone (retries). */
    volatile boolean canceled;
    /** Guarded by {@code this}. */
    boolean forceCanceled;
    /** Guarded by {@code this}. */
    String reasonCode;
    /** Guarded by {@code this}. */
    String comment;
    /** Written under {@code this}; read also under thing locks alone (retries). */
    volatile boolean deleted;
    /** Guarded by {@code this}. */
    Instant lastUpdatedAt;

    JobRecord(JobSpec spec, Instant createdAt) {
        this.jobId = spec.jobId();
        this.spec = spec;
        this.createdAt = createdAt;
        this.lastUpdatedAt = createdAt;
    }

    JobDocument document() {
        return spec.document();
    }

    Optional<Duration> inProgressTimeout() {
        return spec.inProgressTimeout();
    }

    boolean continuous() {
        return spec.targetSelection() == JobSpec.TargetSelection.CONTINUOUS;
    }

    @Override
    public String toString() {
        return "job " + jobId;
    }
}
