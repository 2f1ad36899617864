package io.iotjobs.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * The status part of an execution, returned by UpdateJobExecution (on request) and in VersionMismatch and
 * InvalidStateTransition rejections.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableJobExecutionState.class)
@JsonDeserialize(as = ImmutableJobExecutionState.class)
public interface JobExecutionState {
    /**
     * The status as spelled on the wire, kept even when this SDK does not know it.
     *
     * @return the wire spelling
     */
    @JsonProperty("status")
    Optional<String> rawStatus();

    /**
     * The status.
     *
     * @return the status ({@link JobStatus#UNKNOWN} for a spelling this SDK does not know)
     */
    default Optional<JobStatus> status() {
        return rawStatus().map(JobStatus::fromWireName);
    }

    /**
     * The stored status details.
     *
     * @return the details, or empty when none were ever set
     */
    Optional<Map<String, String>> statusDetails();

    /**
     * The current version.
     *
     * @return the version
     */
    OptionalLong versionNumber();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JobExecutionState}; nothing is required. */
    final class Builder extends ImmutableJobExecutionState.Builder {
        /**
         * Sets the status by its constant.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(JobStatus status) {
            rawStatus(status.wireName());
            return this;
        }
    }
}
