package io.iotjobs.model;

import org.immutables.value.Value;

/**
 * Which GetPendingJobExecutions replies to receive: those of one thing.
 */
@Value.Immutable
public interface GetPendingJobExecutionsSubscriptionRequest extends JobsSubscriptionRequest {
    @Override
    String thingName();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GetPendingJobExecutionsSubscriptionRequest}; {@code thingName} is required. */
    final class Builder extends ImmutableGetPendingJobExecutionsSubscriptionRequest.Builder {}
}
