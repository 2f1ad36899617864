package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * A pending execution as listed by GetPendingJobExecutions and the notify event. It carries no status: the
 * list (or map key) it appears in gives it.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableJobExecutionSummary.class)
@JsonDeserialize(as = ImmutableJobExecutionSummary.class)
public interface JobExecutionSummary {
    /**
     * The job.
     *
     * @return the job id
     */
    String jobId();

    /**
     * The thing; the service normally leaves it out.
     *
     * @return the thing name
     */
    Optional<String> thingName();

    /**
     * When the execution was queued.
     *
     * @return the time, to the second
     */
    Optional<Instant> queuedAt();

    /**
     * When it went IN_PROGRESS (IN_PROGRESS executions only).
     *
     * @return the time, to the second
     */
    Optional<Instant> startedAt();

    /**
     * When it last changed.
     *
     * @return the time, to the second
     */
    Optional<Instant> lastUpdatedAt();

    /**
     * Its version, starting at 1 and growing by one per accepted change.
     *
     * @return the version
     */
    OptionalLong versionNumber();

    /**
     * Which execution of the job on this thing (starting at 1).
     *
     * @return the execution number
     */
    OptionalLong executionNumber();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JobExecutionSummary}; {@code jobId} is required. */
    final class Builder extends ImmutableJobExecutionSummary.Builder {}
}
