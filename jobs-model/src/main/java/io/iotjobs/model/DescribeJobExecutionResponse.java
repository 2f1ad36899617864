package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Accepted reply to DescribeJobExecution, on {@code .../jobs/{jobId}/get/accepted} (the literal
 * {@code $next} stays in the topic).
 */
@Value.Immutable
@JsonSerialize(as = ImmutableDescribeJobExecutionResponse.class)
@JsonDeserialize(as = ImmutableDescribeJobExecutionResponse.class)
public interface DescribeJobExecutionResponse extends JobsResponse {
    /**
     * The execution.
     *
     * @return the execution, or empty for {@code $next} when nothing is pending
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

    /** Builds a {@link DescribeJobExecutionResponse}; nothing is required. */
    final class Builder extends ImmutableDescribeJobExecutionResponse.Builder {}
}
