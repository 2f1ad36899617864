package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * UpdateJobExecution: reports progress or the result of an execution. Published to
 * {@code $aws/things/{thingName}/jobs/{jobId}/update}.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableUpdateJobExecutionRequest.class)
@JsonDeserialize(as = ImmutableUpdateJobExecutionRequest.class)
public abstract class UpdateJobExecutionRequest implements JobsRequest {
    UpdateJobExecutionRequest() {
        // only the generated implementation extends this class
    }

    @Override
    public abstract String thingName();

    /**
     * The job.
     *
     * @return 1–64 characters of {@code [a-zA-Z0-9_-]}
     */
    public abstract String jobId();

    /**
     * The new status: IN_PROGRESS, SUCCEEDED, FAILED or REJECTED.
     *
     * @return the status
     */
    public abstract JobStatus status();

    /**
     * Status details to store (absent: unchanged; present: replaces the stored ones).
     *
     * @return up to 10 pairs; keys 1–128 of {@code [a-zA-Z0-9:_-]}, values 1–1024 characters
     */
    public abstract Optional<Map<String, String>> statusDetails();

    /**
     * A new step timer counted from this update: 1..10080 minutes, or -1 to cancel the current one
     * (absent: the current timer is kept).
     *
     * @return the step timeout
     */
    public abstract OptionalLong stepTimeoutInMinutes();

    /**
     * Optimistic locking: the update is rejected with VersionMismatch unless the execution's current version
     * is this one.
     *
     * @return the expected version
     */
    public abstract OptionalLong expectedVersion();

    /**
     * Which execution of the job (absent: the latest).
     *
     * @return the execution number
     */
    public abstract OptionalLong executionNumber();

    /**
     * Whether the reply includes the execution state (default false).
     *
     * @return the flag
     */
    public abstract Optional<Boolean> includeJobExecutionState();

    /**
     * Whether the reply includes the job document (default false).
     *
     * @return the flag
     */
    public abstract Optional<Boolean> includeJobDocument();

    @Override
    public abstract Optional<String> clientToken();

    /**
     * Makes the status details an unmodifiable copy (Immutables keeps an {@code Optional<Map>} by reference).
     *
     * @return this value, or a copy with frozen details
     */
    @Value.Check
    UpdateJobExecutionRequest normalize() {
        return Frozen.isFrozen(statusDetails())
                ? this
                : builder()
                        .from(this)
                        .statusDetails(Frozen.statusDetails(statusDetails()))
                        .build();
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link UpdateJobExecutionRequest}; {@code thingName}, {@code jobId} and {@code status} are required. */
    public static final class Builder extends ImmutableUpdateJobExecutionRequest.Builder {}
}
