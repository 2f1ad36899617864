package io.iotjobs.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Status of a job execution, as spelled on the wire.
 *
 * <p>{@link #UNKNOWN} stands for any value this version of the SDK does not know (the service may add
 * statuses); the value types that carry a status also keep the wire spelling (for example
 * {@link JobExecutionData#rawStatus()}), so nothing is lost.
 */
public enum JobStatus {
    /** Waiting for the device. The initial status of every execution. */
    QUEUED,
    /** The device has started it. */
    IN_PROGRESS,
    /** The device finished it successfully (terminal). */
    SUCCEEDED,
    /** The device reported a failure (terminal; may be retried by the job's retry configuration). */
    FAILED,
    /** A step timer or the in-progress timer expired (terminal). */
    TIMED_OUT,
    /** The device refused the job (terminal, never retried). */
    REJECTED,
    /** The thing is no longer a target of the job (terminal). */
    REMOVED,
    /** The job or this execution was canceled (terminal). */
    CANCELED,
    /** A status this SDK does not know. Never sent by the SDK. */
    @JsonEnumDefaultValue
    UNKNOWN;

    /**
     * The spelling on the wire.
     *
     * @return the constant's name, which is its wire spelling
     */
    public String wireName() {
        return name();
    }

    /**
     * Maps a wire spelling to a status.
     *
     * @param wireName the spelling received, e.g. {@code "IN_PROGRESS"}
     * @return the status, or {@link #UNKNOWN} when the spelling is {@code null}, not known, or {@code "UNKNOWN"}
     */
    public static JobStatus fromWireName(String wireName) {
        if (wireName == null) {
            return UNKNOWN;
        }
        switch (wireName) {
            case "QUEUED":
                return QUEUED;
            case "IN_PROGRESS":
                return IN_PROGRESS;
            case "SUCCEEDED":
                return SUCCEEDED;
            case "FAILED":
                return FAILED;
            case "TIMED_OUT":
                return TIMED_OUT;
            case "REJECTED":
                return REJECTED;
            case "REMOVED":
                return REMOVED;
            case "CANCELED":
                return CANCELED;
            default:
                return UNKNOWN;
        }
    }

    /**
     * Whether an execution in this status can no longer change.
     *
     * @return true for SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED and CANCELED
     */
    public boolean isTerminal() {
        return this != QUEUED && this != IN_PROGRESS && this != UNKNOWN;
    }

    /**
     * Whether a device may request this status with UpdateJobExecution.
     *
     * @return true for IN_PROGRESS, SUCCEEDED, FAILED and REJECTED
     */
    public boolean isSettableByDevice() {
        return this == IN_PROGRESS || this == SUCCEEDED || this == FAILED || this == REJECTED;
    }
}
