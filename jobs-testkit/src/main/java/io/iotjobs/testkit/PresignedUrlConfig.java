package io.iotjobs.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the presigned URLs in a job's document stay valid ({@code presignedUrlConfig} of CreateJob). A job
 * document placeholder {@code ${aws:iot:s3-presigned-url:https://s3.amazonaws.com/<bucket>/<key>}} is replaced,
 * when a device receives the document, by a URL of the local file store ({@link LocalJobsService#files()})
 * for {@code <bucket>/<key>} that expires this long after it was handed out
 * (https://docs.aws.amazon.com/iot/latest/developerguide/create-manage-jobs.html#create-presigned-url,
 * https://docs.aws.amazon.com/iot/latest/apireference/API_PresignedUrlConfig.html).
 *
 * @param roleArn the IAM role AWS would use to sign the URLs (kept, not used locally), at least 20 characters
 * @param expiresIn how long a URL stays valid, 60 seconds to an hour (default 3600 seconds on AWS)
 */
public record PresignedUrlConfig(String roleArn, Duration expiresIn) {

    /**
     * A configuration.
     *
     * @param roleArn the role
     * @param expiresIn the validity
     */
    public PresignedUrlConfig {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(expiresIn, "expiresIn");
    }
}
