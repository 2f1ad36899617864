package io.iotjobs.samples;

import io.iotjobs.model.JobStatus;
import java.util.Map;
import java.util.Objects;

/**
 * What the device reports when it has run a job: the final status and the status details sent with it.
 *
 * @param status {@link JobStatus#SUCCEEDED}, {@link JobStatus#FAILED} or {@link JobStatus#REJECTED}
 * @param statusDetails short key/value notes for the operator (at most 10 pairs on AWS IoT)
 */
public record JobOutcome(JobStatus status, Map<String, String> statusDetails) {

    /**
     * Checks the status and copies the details.
     *
     * @param status the final status
     * @param statusDetails the details
     */
    public JobOutcome {
        Objects.requireNonNull(status, "status");
        if (status != JobStatus.SUCCEEDED && status != JobStatus.FAILED && status != JobStatus.REJECTED) {
            throw new IllegalArgumentException(
                    "status: a device finishes a job with SUCCEEDED, FAILED or REJECTED," + " got " + status);
        }
        statusDetails = Map.copyOf(Objects.requireNonNull(statusDetails, "statusDetails"));
    }

    /**
     * The job did what it asked.
     *
     * @param result a one-line result
     * @return the outcome
     */
    public static JobOutcome succeeded(String result) {
        return new JobOutcome(JobStatus.SUCCEEDED, Map.of("result", result));
    }

    /**
     * The job was tried and did not work (a retry policy may queue it again).
     *
     * @param reason why
     * @return the outcome
     */
    public static JobOutcome failed(String reason) {
        return new JobOutcome(JobStatus.FAILED, Map.of("reason", reason));
    }

    /**
     * The device refuses the job and will not try it (REJECTED is never retried).
     *
     * @param reason why
     * @return the outcome
     */
    public static JobOutcome rejected(String reason) {
        return new JobOutcome(JobStatus.REJECTED, Map.of("reason", reason));
    }
}
