package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.PresignedUrlConfig;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job document as a device receives it: presigned-URL placeholders
 * {@code ${aws:iot:s3-presigned-url:<S3 object URL>}} replaced by URLs of the local {@link FileStore} that expire
 * after the job's {@link PresignedUrlConfig#expiresIn()} from the moment the document is handed out
 * (https://docs.aws.amazon.com/iot/latest/developerguide/create-manage-jobs.html#create-presigned-url).
 */
final class DeviceDocuments {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{aws:iot:s3-presigned-url:([^}]*)}");

    private final FileStore files;

    DeviceDocuments(FileStore files) {
        this.files = files;
    }

    /**
     * The document of a job as a device gets it now.
     *
     * @param job the job
     * @param now the service time
     * @return the document, with fresh URLs for its placeholders
     */
    JobDocument of(JobRecord job, Instant now) {
        JobDocument document = job.document();
        PresignedUrlConfig config = job.spec.presignedUrlConfig().orElse(null);
        if (config == null) {
            return document;
        }
        String json = document.toJson();
        Matcher m = PLACEHOLDER.matcher(json);
        if (!m.find()) {
            return document;
        }
        StringBuilder out = new StringBuilder();
        do {
            // an S3 URL holds no character that JSON escapes, and neither does the local URL
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            files.url(FileStore.parseS3("document", m.group(1)), now.plus(config.expiresIn()))));
        } while (m.find());
        m.appendTail(out);
        return JobDocument.parse(out.toString());
    }

    /**
     * Checks the placeholders of a new job's document: well-formed S3 object URLs, and a presigned-URL
     * configuration to go with them (UNCONFIRMED: the developer guide says the configuration is needed, not which
     * error AWS gives without it).
     *
     * @param document the document
     * @param config the job's configuration, or {@code null}
     * @throws IllegalArgumentException naming the field
     */
    static void check(JobDocument document, PresignedUrlConfig config) {
        Matcher m = PLACEHOLDER.matcher(document.toJson());
        while (m.find()) {
            FileStore.parseS3("document", m.group(1));
            if (config == null) {
                throw new IllegalArgumentException("presignedUrlConfig: required, the document has the presigned-URL"
                        + " placeholder " + m.group());
            }
        }
    }
}
