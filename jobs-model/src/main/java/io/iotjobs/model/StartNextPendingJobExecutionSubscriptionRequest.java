package io.iotjobs.model;

import org.immutables.value.Value;

/**
 * Which StartNextPendingJobExecution replies to receive: those of one thing.
 */
@Value.Immutable
public interface StartNextPendingJobExecutionSubscriptionRequest extends JobsSubscriptionRequest {
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

    /** Builds a {@link StartNextPendingJobExecutionSubscriptionRequest}; {@code thingName} is required. */
    final class Builder extends ImmutableStartNextPendingJobExecutionSubscriptionRequest.Builder {}
}
