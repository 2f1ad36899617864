package io.iotjobs.testkit;

import io.iotjobs.model.JobDocument;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A job template ({@link JobsControl#createJobTemplate(JobTemplate)}): a document and configurations that jobs
 * created from it ({@link JobSpec.Builder#jobTemplate(String)}) take unless they set their own. The document may
 * hold placeholders {@code ${aws:iot:parameter:<name>}}, replaced by the job's
 * {@linkplain JobSpec.Builder#documentParameters document parameters}
 * (https://docs.aws.amazon.com/iot/latest/developerguide/job-templates.html,
 * https://docs.aws.amazon.com/iot/latest/apireference/API_CreateJobTemplate.html).
 *
 * @param jobTemplateId 1–64 characters of {@code [a-zA-Z0-9_-]}
 * @param description 1–2028 characters, or empty
 * @param document the job document
 * @param inProgressTimeout the in-progress timeout, or empty
 * @param retryConfig the retry configuration, or empty
 * @param abortConfig the abort configuration, or empty
 * @param rolloutConfig the rollout configuration, or empty
 * @param presignedUrlConfig the presigned-URL configuration, or empty
 */
public record JobTemplate(
        String jobTemplateId,
        Optional<String> description,
        JobDocument document,
        Optional<Duration> inProgressTimeout,
        Optional<RetryConfig> retryConfig,
        Optional<AbortConfig> abortConfig,
        Optional<RolloutConfig> rolloutConfig,
        Optional<PresignedUrlConfig> presignedUrlConfig) {

    /**
     * A template.
     *
     * @param jobTemplateId the id
     * @param description the description
     * @param document the document
     * @param inProgressTimeout the timeout
     * @param retryConfig the retries
     * @param abortConfig the abort criteria
     * @param rolloutConfig the rollout
     * @param presignedUrlConfig the presigned URLs
     */
    public JobTemplate {
        Objects.requireNonNull(jobTemplateId, "jobTemplateId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(inProgressTimeout, "inProgressTimeout");
        Objects.requireNonNull(retryConfig, "retryConfig");
        Objects.requireNonNull(abortConfig, "abortConfig");
        Objects.requireNonNull(rolloutConfig, "rolloutConfig");
        Objects.requireNonNull(presignedUrlConfig, "presignedUrlConfig");
    }

    /**
     * A template with a document and no configuration.
     *
     * @param jobTemplateId the id
     * @param document the document
     * @return the template
     */
    public static JobTemplate of(String jobTemplateId, JobDocument document) {
        return new JobTemplate(
                jobTemplateId,
                Optional.empty(),
                document,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * A template with the document and configurations of a job spec.
     *
     * @param jobTemplateId the id
     * @param spec the job
     * @return the template
     */
    public static JobTemplate from(String jobTemplateId, JobSpec spec) {
        return new JobTemplate(
                jobTemplateId,
                spec.description(),
                spec.document(),
                spec.inProgressTimeout(),
                spec.retryConfig(),
                spec.abortConfig(),
                spec.rolloutConfig(),
                spec.presignedUrlConfig());
    }
}
