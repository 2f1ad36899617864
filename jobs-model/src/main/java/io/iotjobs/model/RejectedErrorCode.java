package io.iotjobs.model;

/**
 * The {@code code} of a rejected reply, with the service's PascalCase wire spellings.
 *
 * <p>{@link #UNKNOWN} stands for a code this SDK does not know; {@link RejectedError#rawCode()} keeps the
 * spelling received.
 */
public enum RejectedErrorCode {
    /** The service failed internally. Retryable. */
    INTERNAL_ERROR("InternalError"),
    /** The payload was not valid UTF-8 JSON. Such replies usually carry no client token. */
    INVALID_JSON("InvalidJson"),
    /** A field was invalid; the message says which. */
    INVALID_REQUEST("InvalidRequest"),
    /** The update is not valid from the current status (for example after a terminal status). */
    INVALID_STATE_TRANSITION("InvalidStateTransition"),
    /** The job execution does not exist. */
    RESOURCE_NOT_FOUND("ResourceNotFound"),
    /** {@code expectedVersion} did not match the stored version. */
    VERSION_MISMATCH("VersionMismatch"),
    /** The request topic maps to no operation. */
    INVALID_TOPIC("InvalidTopic"),
    /** The request was throttled. Retryable. */
    REQUEST_THROTTLED("RequestThrottled"),
    /** Describe of a job execution in a terminal state. */
    TERMINAL_STATE_REACHED("TerminalStateReached"),
    /** A code this SDK does not know. */
    UNKNOWN("Unknown");

    private final String wireName;

    RejectedErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The spelling on the wire.
     *
     * @return for example {@code "VersionMismatch"}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Maps a wire spelling to a code.
     *
     * @param wireName the spelling received
     * @return the code, or {@link #UNKNOWN}
     */
    public static RejectedErrorCode fromWireName(String wireName) {
        for (RejectedErrorCode code : values()) {
            if (code != UNKNOWN && code.wireName.equals(wireName)) {
                return code;
            }
        }
        return UNKNOWN;
    }

    /**
     * Whether the same request may succeed if sent again later (with a fresh client token).
     *
     * @return true for {@link #REQUEST_THROTTLED} and {@link #INTERNAL_ERROR}
     */
    public boolean isRetryable() {
        return this == REQUEST_THROTTLED || this == INTERNAL_ERROR;
    }
}
