package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Accepted reply to StartNextPendingJobExecution, on {@code .../jobs/start-next/accepted}. When nothing is
 * pending the reply is still accepted, without an execution.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableStartNextJobExecutionResponse.class)
@JsonDeserialize(as = ImmutableStartNextJobExecutionResponse.class)
public interface StartNextJobExecutionResponse extends JobsResponse {
    /**
     * The execution now IN_PROGRESS, with its job document.
     *
     * @return the execution, or empty when nothing is pending
     */
    Optional<JobExecutionData> execution();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link StartNextJobExecutionResponse}; nothing is required. */
    final class Builder extends ImmutableStartNextJobExecutionResponse.Builder {}
}
