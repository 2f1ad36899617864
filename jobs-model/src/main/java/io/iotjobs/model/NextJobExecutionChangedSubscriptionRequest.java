package io.iotjobs.model;

import org.immutables.value.Value;

/**
 * Which notify-next events to receive: those of one thing.
 */
@Value.Immutable
public interface NextJobExecutionChangedSubscriptionRequest extends JobsSubscriptionRequest {
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

    /** Builds a {@link NextJobExecutionChangedSubscriptionRequest}; {@code thingName} is required. */
    final class Builder extends ImmutableNextJobExecutionChangedSubscriptionRequest.Builder {}
}
