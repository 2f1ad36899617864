package io.iotjobs.internal.testkit;

import io.iotjobs.core.JobsLimits;
import java.util.Objects;

/**
 * The local Jobs service's settings. Immutable; change a copy with the {@code with...} methods.
 *
 * @param limits the request limits (status details, client token)
 * @param pendingListSize most executions listed by GetPendingJobExecutions and notify (IN_PROGRESS first)
 * @param maxJobDocumentBytes largest job document accepted at job creation, in bytes of compact UTF-8 JSON
 * @param describeTerminalAsError whether Describe of a terminal execution is rejected with TerminalStateReached
 * @param strictThings whether requests and job targets must name registered things
 */
public record ServiceConfig(
        JobsLimits limits,
        int pendingListSize,
        int maxJobDocumentBytes,
        boolean describeTerminalAsError,
        boolean strictThings) {

    /** The documented pending-list size of GetPendingJobExecutions and notify. */
    public static final int DEFAULT_PENDING_LIST_SIZE = 10;
    /** The documented job-document limit: 32 KiB. */
    public static final int DEFAULT_MAX_JOB_DOCUMENT_BYTES = 32768;

    /** The service's documented behaviour. */
    public static final ServiceConfig DEFAULT = new ServiceConfig(
            JobsLimits.DEFAULT, DEFAULT_PENDING_LIST_SIZE, DEFAULT_MAX_JOB_DOCUMENT_BYTES, false, false);

    /**
     * Checks the settings.
     *
     * @param limits the limits
     * @param pendingListSize at least 1
     * @param maxJobDocumentBytes at least 2
     * @param describeTerminalAsError the describe choice
     * @param strictThings the registry choice
     */
    public ServiceConfig {
        Objects.requireNonNull(limits, "limits");
        if (pendingListSize < 1) {
            throw new IllegalArgumentException("pendingListSize: must be at least 1, got " + pendingListSize);
        }
        if (maxJobDocumentBytes < 2) {
            throw new IllegalArgumentException(
                    "maxJobDocumentBytes: must be at least 2 (\"{}\"), got " + maxJobDocumentBytes);
        }
    }

    /**
     * A copy with other request limits.
     *
     * @param value the limits
     * @return the copy
     */
    public ServiceConfig withLimits(JobsLimits value) {
        return new ServiceConfig(value, pendingListSize, maxJobDocumentBytes, describeTerminalAsError, strictThings);
    }

    /**
     * A copy with another pending-list size.
     *
     * @param value at least 1
     * @return the copy
     */
    public ServiceConfig withPendingListSize(int value) {
        return new ServiceConfig(limits, value, maxJobDocumentBytes, describeTerminalAsError, strictThings);
    }

    /**
     * A copy with another job-document limit.
     *
     * @param value bytes of compact UTF-8 JSON, at least 2
     * @return the copy
     */
    public ServiceConfig withMaxJobDocumentBytes(int value) {
        return new ServiceConfig(limits, pendingListSize, value, describeTerminalAsError, strictThings);
    }

    /**
     * A copy that answers Describe of a terminal execution with TerminalStateReached (or not).
     *
     * @param value true for the error
     * @return the copy
     */
    public ServiceConfig withDescribeTerminalAsError(boolean value) {
        return new ServiceConfig(limits, pendingListSize, maxJobDocumentBytes, value, strictThings);
    }

    /**
     * A copy that requires registered things (or not).
     *
     * @param value true to refuse requests and job targets naming things that are not registered
     * @return the copy
     */
    public ServiceConfig withStrictThings(boolean value) {
        return new ServiceConfig(limits, pendingListSize, maxJobDocumentBytes, describeTerminalAsError, value);
    }
}
