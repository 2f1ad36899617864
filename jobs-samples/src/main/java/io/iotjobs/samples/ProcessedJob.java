package io.iotjobs.samples;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A job a processor finished: the service accepted its final status.
 *
 * @param jobId the job
 * @param operation the job document's {@code operation} field, or {@code "-"} when it has none
 * @param status the final status the device reported and the service accepted
 * @param statusDetails the status details sent with it
 * @param versionNumber the execution's version after the update ({@code -1} if the reply did not say)
 * @param duration from the start of the job to the service's acceptance of its status
 * @param reply the service's reply to the final update
 */
public record ProcessedJob(
        String jobId,
        String operation,
        JobStatus status,
        Map<String, String> statusDetails,
        long versionNumber,
        Duration duration,
        UpdateJobExecutionResponse reply) {

    /**
     * Builds the record from the started execution, the reported outcome and the service's reply.
     *
     * @param job the execution as started
     * @param outcome what the device reported
     * @param reply the accepted reply (requested with {@code includeJobExecutionState})
     * @param duration how long it took
     * @return the record
     */
    static ProcessedJob of(
            JobExecutionData job, JobOutcome outcome, UpdateJobExecutionResponse reply, Duration duration) {
        long version = reply.executionState()
                .map(state -> state.versionNumber().orElse(-1))
                .orElse(-1L);
        return new ProcessedJob(
                job.jobId(), operationOf(job), outcome.status(), outcome.statusDetails(), version, duration, reply);
    }

    /**
     * The {@code operation} field of a job's document.
     *
     * @param job the execution
     * @return the operation, or {@code "-"}
     */
    static String operationOf(JobExecutionData job) {
        return job.jobDocument()
                .flatMap(document -> document.getString("operation"))
                .orElse("-");
    }

    /**
     * The {@code operation} field of a job document.
     *
     * @param document the document
     * @return the operation, or {@code "-"}
     */
    static String operationOf(JobDocument document) {
        return document.getString("operation").orElse("-");
    }
}
