package io.iotjobs.model;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * Which DescribeJobExecution replies to receive: those of one job of a thing, or of all its jobs.
 */
@Value.Immutable
public interface DescribeJobExecutionSubscriptionRequest extends JobsSubscriptionRequest {
    @Override
    String thingName();

    /**
     * The job whose replies to receive.
     *
     * @return the job id, or empty for the replies of every job of the thing
     */
    @Override
    Optional<String> jobId();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DescribeJobExecutionSubscriptionRequest}; {@code thingName} is required. */
    final class Builder extends ImmutableDescribeJobExecutionSubscriptionRequest.Builder {}
}
