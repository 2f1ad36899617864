package io.iotjobs.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A rejected reply ({@code .../rejected}) to any of the four operations.
 */
@Value.Immutable
@JsonSerialize(as = ImmutableRejectedError.class)
@JsonDeserialize(as = ImmutableRejectedError.class)
public interface RejectedError extends JobsResponse {
    /**
     * The code as spelled on the wire, kept even when this SDK does not know it.
     *
     * @return the wire spelling
     */
    @JsonProperty("code")
    Optional<String> rawCode();

    /**
     * The code.
     *
     * @return the code; {@link RejectedErrorCode#UNKNOWN} when absent or not known to this SDK
     */
    default RejectedErrorCode code() {
        return rawCode().map(RejectedErrorCode::fromWireName).orElse(RejectedErrorCode.UNKNOWN);
    }

    /**
     * The service's explanation. Its text is not a stable interface: branch on {@link #code()}.
     *
     * @return the message
     */
    Optional<String> message();

    /**
     * The execution's current state (VersionMismatch and InvalidStateTransition only).
     *
     * @return the state
     */
    Optional<JobExecutionState> executionState();

    /**
     * A new builder.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RejectedError}; nothing is required. */
    final class Builder extends ImmutableRejectedError.Builder {
        /**
         * Sets the code by its constant.
         *
         * @param code the code
         * @return this builder
         */
        public Builder code(RejectedErrorCode code) {
            rawCode(code.wireName());
            return this;
        }
    }
}
