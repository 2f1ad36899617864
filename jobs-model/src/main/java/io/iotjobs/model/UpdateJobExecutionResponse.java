package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Accepted reply to UpdateJobExecution, on {@code .../jobs/{jobId}/update/accepted}.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableUpdateJobExecutionResponse.class)
@JsonDeserialize(as = ImmutableUpdateJobExecutionResponse.class)
public interface UpdateJobExecutionResponse extends JobsResponse {
    /**
     * The execution state after the update (only when the request set {@code includeJobExecutionState}).
     *
     * @return the state
     */
    Optional<JobExecutionState> executionState();

    /**
     * The job document (only when the request set {@code includeJobDocument}).
     *
     * @return the document
     */
    Optional<JobDocument> jobDocument();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link UpdateJobExecutionResponse}; nothing is required. */
    final class Builder extends ImmutableUpdateJobExecutionResponse.Builder {}
}
