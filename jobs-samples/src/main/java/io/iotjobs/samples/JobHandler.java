package io.iotjobs.samples;

import io.iotjobs.model.JobExecutionData;

/**
 * The device's own part of a job: do what the job document asks and say how it went. The processors call it
 * for one job at a time; replace {@link SimulatedDevice} with your device's logic.
 *
 * <p>A job can be delivered again (after a reconnect, or when a status update was lost), so a handler should
 * be safe to run twice for the same job.
 */
@FunctionalInterface
public interface JobHandler {

    /**
     * Runs one job. Called on the processor's thread (V2) or on the V1 client's callback thread (V1); it may
     * block for as long as the work takes.
     *
     * @param job the execution as the service started it, with its job document
     * @return the outcome to report
     */
    JobOutcome process(JobExecutionData job);
}
