package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * StartNextPendingJobExecution: returns the next pending execution, moving it from QUEUED to IN_PROGRESS
 * (an execution already IN_PROGRESS is returned unchanged). Published to
 * {@code $aws/things/{thingName}/jobs/start-next}.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableStartNextPendingJobExecutionRequest.class)
@JsonDeserialize(as = ImmutableStartNextPendingJobExecutionRequest.class)
public interface StartNextPendingJobExecutionRequest extends JobsRequest {
    @Override
    String thingName();

    /**
     * Status details to set when the execution starts (absent: unchanged).
     *
     * @return up to 10 pairs; keys 1–128 of {@code [a-zA-Z0-9:_-]}, values 1–1024 characters
     */
    Optional<Map<String, String>> statusDetails();

    /**
     * Step timer: the execution times out unless updated within this many minutes.
     *
     * @return 1..10080, or empty for no step timer
     */
    OptionalLong stepTimeoutInMinutes();

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

    /** Builds a {@link StartNextPendingJobExecutionRequest}; {@code thingName} is required. */
    final class Builder extends ImmutableStartNextPendingJobExecutionRequest.Builder { }
}
