package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import org.immutables.value.Value;

/**
 * Accepted reply to GetPendingJobExecutions, on {@code .../jobs/get/accepted}.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableGetPendingJobExecutionsResponse.class)
@JsonDeserialize(as = ImmutableGetPendingJobExecutionsResponse.class)
public interface GetPendingJobExecutionsResponse extends JobsResponse {
    /**
     * The IN_PROGRESS executions, oldest queued first (empty when there are none).
     *
     * @return the summaries
     */
    List<JobExecutionSummary> inProgressJobs();

    /**
     * The QUEUED executions, oldest first (empty when there are none).
     *
     * @return the summaries
     */
    List<JobExecutionSummary> queuedJobs();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GetPendingJobExecutionsResponse}; nothing is required. */
    final class Builder extends ImmutableGetPendingJobExecutionsResponse.Builder {}
}
