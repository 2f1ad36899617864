package io.iotjobs.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One job execution in full, as returned by StartNext and Describe and carried by notify-next.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableJobExecutionData.class)
@JsonDeserialize(as = ImmutableJobExecutionData.class)
public abstract class JobExecutionData {
    JobExecutionData() {
        // only the generated implementation extends this class
    }

    /**
     * The job.
     *
     * @return the job id
     */
    public abstract String jobId();

    /**
     * The thing; live payloads usually leave it out.
     *
     * @return the thing name
     */
    public abstract Optional<String> thingName();

    /**
     * The job document (always present from StartNext and notify-next; from Describe unless
     * {@code includeJobDocument} was false).
     *
     * @return the document
     */
    public abstract Optional<JobDocument> jobDocument();

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
     * When the execution was queued.
     *
     * @return the time, to the second
     */
    public abstract Optional<Instant> queuedAt();

    /**
     * When it went IN_PROGRESS.
     *
     * @return the time, to the second
     */
    public abstract Optional<Instant> startedAt();

    /**
     * When it last changed.
     *
     * @return the time, to the second
     */
    public abstract Optional<Instant> lastUpdatedAt();

    /**
     * Its version, starting at 1 and growing by one per accepted change.
     *
     * @return the version
     */
    public abstract OptionalLong versionNumber();

    /**
     * Which execution of the job on this thing (starting at 1).
     *
     * @return the execution number
     */
    public abstract OptionalLong executionNumber();

    /**
     * Estimated seconds until a timer times the execution out (Describe only, while a timer runs; the real
     * timeout may come up to 60 s later).
     *
     * @return seconds
     */
    public abstract OptionalLong approximateSecondsBeforeTimedOut();

    /**
     * Makes the status details an unmodifiable copy (Immutables keeps an {@code Optional<Map>} by reference).
     *
     * @return this value, or a copy with frozen details
     */
    @Value.Check
    JobExecutionData normalize() {
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

    /** Builds a {@link JobExecutionData}; {@code jobId} is required. */
    public static final class Builder extends ImmutableJobExecutionData.Builder {
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
