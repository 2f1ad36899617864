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
public abstract class JobExecutionState {
    JobExecutionState() {
        // only the generated implementation extends this class
    }

    /**
     * The status as spelled on the wire, kept even when this SDK does not know it.
     *
     * @return the wire spelling
     */
    @JsonProperty("status")
    public abstract Optional<String> rawStatus();

    /**
     * The status.
     *
     * @return the status ({@link JobStatus#UNKNOWN} for a spelling this SDK does not know)
     */
    public Optional<JobStatus> status() {
        return rawStatus().map(JobStatus::fromWireName);
    }

    /**
     * The stored status details.
     *
     * @return the details, or empty when none were ever set
     */
    public abstract Optional<Map<String, String>> statusDetails();

    /**
     * The current version.
     *
     * @return the version
     */
    public abstract OptionalLong versionNumber();

    /**
     * Makes the status details an unmodifiable copy (Immutables keeps an {@code Optional<Map>} by reference).
     *
     * @return this value, or a copy with frozen details
     */
    @Value.Check
    JobExecutionState normalize() {
        return Frozen.isFrozen(statusDetails())
                ? this
                : builder()
                        .from(this)
                        .statusDetails(Frozen.statusDetails(statusDetails()))
                        .build();
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JobExecutionState}; nothing is required. */
    public static final class Builder extends ImmutableJobExecutionState.Builder {
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
