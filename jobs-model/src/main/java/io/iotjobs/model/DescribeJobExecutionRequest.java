package io.iotjobs.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * DescribeJobExecution: one execution of a job on the thing. Published to
 * {@code $aws/things/{thingName}/jobs/{jobId}/get}; the job id {@code $next} (see {@link #NEXT}) asks for
 * the execution StartNext would return.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableDescribeJobExecutionRequest.class)
@JsonDeserialize(as = ImmutableDescribeJobExecutionRequest.class)
public interface DescribeJobExecutionRequest extends JobsRequest {
    /** The job id alias for the next pending execution, valid for Describe only. */
    String NEXT = "$next";

    @Override
    String thingName();

    /**
     * The job, or {@link #NEXT}.
     *
     * @return 1–64 characters of {@code [a-zA-Z0-9_-]}, or {@code $next}
     */
    String jobId();

    /**
     * Which execution of the job (absent: the latest).
     *
     * @return the execution number
     */
    OptionalLong executionNumber();

    /**
     * Whether the reply includes the job document (the service's default is true).
     *
     * @return the flag, or empty for the service default
     */
    Optional<Boolean> includeJobDocument();

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

    /** Builds a {@link DescribeJobExecutionRequest}; {@code thingName} and {@code jobId} are required. */
    final class Builder extends ImmutableDescribeJobExecutionRequest.Builder {}
}
