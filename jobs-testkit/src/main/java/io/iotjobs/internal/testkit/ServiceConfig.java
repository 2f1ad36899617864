package io.iotjobs.internal.testkit;

import io.iotjobs.core.JobsLimits;
import java.util.Objects;

/**
 * The local Jobs service's settings. Immutable; change a copy with the {@code with...} methods.
 */
public final class ServiceConfig {
    /** The documented pending-list size of GetPendingJobExecutions and notify. */
    public static final int DEFAULT_PENDING_LIST_SIZE = 10;
    /** The documented job-document limit: 32 KiB. */
    public static final int DEFAULT_MAX_JOB_DOCUMENT_BYTES = 32768;

    /** The service's documented behaviour. */
    public static final ServiceConfig DEFAULT =
            new ServiceConfig(JobsLimits.DEFAULT, DEFAULT_PENDING_LIST_SIZE, DEFAULT_MAX_JOB_DOCUMENT_BYTES, false);

    private final JobsLimits limits;
    private final int pendingListSize;
    private final int maxJobDocumentBytes;
    private final boolean describeTerminalAsError;

    private ServiceConfig(JobsLimits limits, int pendingListSize, int maxJobDocumentBytes,
            boolean describeTerminalAsError) {
        this.limits = Objects.requireNonNull(limits, "limits");
        if (pendingListSize < 1) {
            throw new IllegalArgumentException("pendingListSize: must be at least 1, got " + pendingListSize);
        }
        if (maxJobDocumentBytes < 2) {
            throw new IllegalArgumentException("maxJobDocumentBytes: must be at least 2 (\"{}\"), got "
                    + maxJobDocumentBytes);
        }
        this.pendingListSize = pendingListSize;
        this.maxJobDocumentBytes = maxJobDocumentBytes;
        this.describeTerminalAsError = describeTerminalAsError;
    }

    /**
     * A copy with other request limits.
     *
     * @param value the limits
     * @return the copy
     */
    public ServiceConfig withLimits(JobsLimits value) {
        return new ServiceConfig(value, pendingListSize, maxJobDocumentBytes, describeTerminalAsError);
    }

    /**
     * A copy with another pending-list size.
     *
     * @param value at least 1
     * @return the copy
     */
    public ServiceConfig withPendingListSize(int value) {
        return new ServiceConfig(limits, value, maxJobDocumentBytes, describeTerminalAsError);
    }

    /**
     * A copy with another job-document limit.
     *
     * @param value bytes of compact UTF-8 JSON, at least 2
     * @return the copy
     */
    public ServiceConfig withMaxJobDocumentBytes(int value) {
        return new ServiceConfig(limits, pendingListSize, value, describeTerminalAsError);
    }

    /**
     * A copy that answers Describe of a terminal execution with TerminalStateReached (or not).
     *
     * @param value true for the error
     * @return the copy
     */
    public ServiceConfig withDescribeTerminalAsError(boolean value) {
        return new ServiceConfig(limits, pendingListSize, maxJobDocumentBytes, value);
    }

    /**
     * The request limits (status details, client token).
     *
     * @return the limits
     */
    public JobsLimits limits() {
        return limits;
    }

    /**
     * Most executions listed by GetPendingJobExecutions and notify (IN_PROGRESS first).
     *
     * @return default 10
     */
    public int pendingListSize() {
        return pendingListSize;
    }

    /**
     * Largest job document accepted at job creation, in bytes of compact UTF-8 JSON.
     *
     * @return default 32768
     */
    public int maxJobDocumentBytes() {
        return maxJobDocumentBytes;
    }

    /**
     * Whether Describe of a terminal execution is rejected with TerminalStateReached instead of answered.
     *
     * @return default false
     */
    public boolean describeTerminalAsError() {
        return describeTerminalAsError;
    }

    @Override
    public String toString() {
        return "ServiceConfig{" + limits + ", pendingListSize=" + pendingListSize + ", maxJobDocumentBytes="
                + maxJobDocumentBytes + ", describeTerminalAsError=" + describeTerminalAsError + "}";
    }
}
