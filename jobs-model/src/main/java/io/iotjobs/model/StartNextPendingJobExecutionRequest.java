package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * StartNextPendingJobExecution: returns the next pending execution, moving it from QUEUED to IN_PROGRESS
 * (an execution already IN_PROGRESS is returned unchanged). Published to
 * {@code $aws/things/{thingName}/jobs/start-next}.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableStartNextPendingJobExecutionRequest.class)
@JsonDeserialize(as = ImmutableStartNextPendingJobExecutionRequest.class)
public abstract class StartNextPendingJobExecutionRequest implements JobsRequest {
    StartNextPendingJobExecutionRequest() {
        // only the generated implementation extends this class
    }

    @Override
    public abstract String thingName();

    /**
     * Status details to set when the execution starts (absent: unchanged).
     *
     * @return up to 10 pairs; keys 1–128 of {@code [a-zA-Z0-9:_-]}, values 1–1024 characters
     */
    public abstract Optional<Map<String, String>> statusDetails();

    /**
     * Step timer: the execution times out unless updated within this many minutes.
     *
     * @return 1..10080, or empty for no step timer
     */
    public abstract OptionalLong stepTimeoutInMinutes();

    @Override
    public abstract Optional<String> clientToken();

    /**
     * Makes the status details an unmodifiable copy (Immutables keeps an {@code Optional<Map>} by reference).
     *
     * @return this value, or a copy with frozen details
     */
    @Value.Check
    StartNextPendingJobExecutionRequest normalize() {
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

    /** Builds a {@link StartNextPendingJobExecutionRequest}; {@code thingName} is required. */
    public static final class Builder extends ImmutableStartNextPendingJobExecutionRequest.Builder {}
}
