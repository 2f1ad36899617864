package io.iotjobs.model;

import org.immutables.value.Value;

/**
 * Which notify events to receive: those of one thing.
 */
@Value.Immutable
public interface JobExecutionsChangedSubscriptionRequest extends JobsSubscriptionRequest {
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

    /** Builds a {@link JobExecutionsChangedSubscriptionRequest}; {@code thingName} is required. */
    final class Builder extends ImmutableJobExecutionsChangedSubscriptionRequest.Builder {}
}
