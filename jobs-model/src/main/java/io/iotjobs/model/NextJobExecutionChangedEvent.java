package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The notify-next event ({@code .../jobs/notify-next}): the execution that is now next (the oldest
 * IN_PROGRESS one, else the oldest QUEUED one) changed. Sent only when the head changes.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableNextJobExecutionChangedEvent.class)
@JsonDeserialize(as = ImmutableNextJobExecutionChangedEvent.class)
public interface NextJobExecutionChangedEvent {
    /**
     * The new next execution, with its job document.
     *
     * @return the execution, or empty when nothing is pending any more
     */
    Optional<JobExecutionData> execution();

    /**
     * When the service sent the reply.
     *
     * @return the time, to the second
     */
    Optional<Instant> timestamp();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link NextJobExecutionChangedEvent}; nothing is required. */
    final class Builder extends ImmutableNextJobExecutionChangedEvent.Builder {}
}
