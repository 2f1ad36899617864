package io.iotjobs.samples;

import io.iotjobs.model.JobExecutionData;

/**
 * What a job processor reports while it works; the commands print it, the tests record it. Every method
 * has an empty default. Called on the processor's threads (the V1 client's callback threads, or the V2 loop's
 * thread): keep implementations quick and thread-safe.
 */
public interface JobEvents {

    /**
     * The processor started a job (it is IN_PROGRESS now) and is about to run it.
     *
     * @param job the execution as the service returned it, with its document and version
     * @param resumed true when the job was already IN_PROGRESS before (left over from an earlier run); the
     *     V1 processor cannot tell and always says false
     */
    default void started(JobExecutionData job, boolean resumed) {}

    /**
     * The service accepted the job's final status.
     *
     * @param job the finished job
     */
    default void finished(ProcessedJob job) {}

    /**
     * Nothing is pending: the processor waits for a notify-next event announcing a job.
     */
    default void waiting() {}

    /**
     * A request failed (rejected by the service, timed out, or the connection failed); the processor goes on
     * unless it says otherwise.
     *
     * @param operation the operation, e.g. {@code "UpdateJobExecution"}
     * @param jobId the job concerned, or {@code null}
     * @param description what the service or the client said, e.g. {@code "InvalidStateTransition: ..."}
     */
    default void requestFailed(String operation, String jobId, String description) {}
}
