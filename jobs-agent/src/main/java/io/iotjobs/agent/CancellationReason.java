package io.iotjobs.agent;

import io.iotjobs.model.JobStatus;
import java.util.Optional;

/**
 * Why the agent told a running handler to stop (see {@link JobContext#isCancelled()}).
 *
 * <p>For every reason except {@link #HANDLER_TIME_LIMIT} the agent sends no status update for the execution
 * after telling the handler: either the execution has already reached a terminal status at the service (and
 * reporting over it would be rejected), or the agent is closing and leaves the execution IN_PROGRESS so that
 * the next agent resumes it.
 */
public enum CancellationReason {
    /** The job or this execution was canceled at the service (status CANCELED). */
    CANCELED,
    /** The thing is no longer a target of the job (status REMOVED). */
    REMOVED,
    /** A step timer or the job's in-progress timer expired at the service (status TIMED_OUT). */
    TIMED_OUT,
    /** The execution was deleted at the service (DescribeJobExecution or an update said ResourceNotFound). */
    DELETED,
    /**
     * The execution reached a terminal status the agent did not report (someone else set SUCCEEDED, FAILED or
     * REJECTED, or the service said the execution is terminal without saying which status).
     */
    COMPLETED_ELSEWHERE,
    /**
     * The handler ran longer than its time limit. Unlike the other reasons, the agent reports the execution
     * FAILED itself, at once, without waiting for the handler.
     */
    HANDLER_TIME_LIMIT,
    /**
     * {@link JobsAgent#close()} was called. The execution stays IN_PROGRESS; an agent started later with the
     * same checkpoint store resumes it from its last checkpoint.
     */
    AGENT_CLOSING;

    /**
     * The reason that matches a terminal status seen at the service.
     *
     * @param status a terminal status
     * @return CANCELED, REMOVED, TIMED_OUT for those statuses; COMPLETED_ELSEWHERE for any other
     */
    public static CancellationReason forStatus(JobStatus status) {
        switch (status) {
            case CANCELED:
                return CANCELED;
            case REMOVED:
                return REMOVED;
            case TIMED_OUT:
                return TIMED_OUT;
            default:
                return COMPLETED_ELSEWHERE;
        }
    }

    /**
     * The execution status this reason stands for at the service.
     *
     * @return CANCELED, REMOVED or TIMED_OUT for those reasons; empty for the others
     */
    public Optional<JobStatus> status() {
        switch (this) {
            case CANCELED:
                return Optional.of(JobStatus.CANCELED);
            case REMOVED:
                return Optional.of(JobStatus.REMOVED);
            case TIMED_OUT:
                return Optional.of(JobStatus.TIMED_OUT);
            default:
                return Optional.empty();
        }
    }
}
