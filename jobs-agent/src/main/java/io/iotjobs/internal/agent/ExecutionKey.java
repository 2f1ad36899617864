package io.iotjobs.internal.agent;

import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionSummary;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One job execution of the agent's thing: the job id and the execution number (0 when the service gave none).
 * Written {@code jobId#executionNumber} in logs and in the agent's memory of finished executions.
 *
 * @param jobId the job
 * @param executionNumber the execution number, or 0
 */
public record ExecutionKey(String jobId, long executionNumber) {

    /**
     * Checks the parts.
     *
     * @param jobId the job
     * @param executionNumber the execution number, or 0
     */
    public ExecutionKey {
        Objects.requireNonNull(jobId, "jobId");
        if (executionNumber < 0) {
            throw new IllegalArgumentException("executionNumber: must not be negative, got " + executionNumber);
        }
    }

    /**
     * The key of an execution as the service returned it.
     *
     * @param execution the execution
     * @return its key
     */
    public static ExecutionKey of(JobExecutionData execution) {
        return new ExecutionKey(execution.jobId(), execution.executionNumber().orElse(0));
    }

    /**
     * The key of an execution listed in a summary.
     *
     * @param summary the summary
     * @return its key
     */
    public static ExecutionKey of(JobExecutionSummary summary) {
        return new ExecutionKey(summary.jobId(), summary.executionNumber().orElse(0));
    }

    /**
     * Whether an execution the service names is this one. An execution number the service left out matches
     * any number (events may carry none).
     *
     * @param otherJobId the job id named
     * @param otherExecutionNumber the execution number named, if any
     * @return true when it is this execution
     */
    public boolean matches(String otherJobId, OptionalLong otherExecutionNumber) {
        return jobId.equals(otherJobId) && otherExecutionNumber.orElse(executionNumber) == executionNumber;
    }

    @Override
    public String toString() {
        return jobId + "#" + executionNumber;
    }
}
