package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * GetPendingJobExecutions: lists the thing's IN_PROGRESS and QUEUED executions. Published to
 * {@code $aws/things/{thingName}/jobs/get}.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableGetPendingJobExecutionsRequest.class)
@JsonDeserialize(as = ImmutableGetPendingJobExecutionsRequest.class)
public interface GetPendingJobExecutionsRequest extends JobsRequest {
    @Override
    String thingName();

    @Override
    Optional<String> clientToken();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GetPendingJobExecutionsRequest}; {@code thingName} is required. */
    final class Builder extends ImmutableGetPendingJobExecutionsRequest.Builder {}
}
