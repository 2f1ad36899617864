package io.iotjobs.agent;

import io.iotjobs.core.JobsLimits;
import io.iotjobs.internal.agent.StatusDetails;
import io.iotjobs.model.JobStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link JobHandler} returns: the terminal status the agent reports (SUCCEEDED, FAILED or REJECTED)
 * and the status details that go with it.
 *
 * <pre>{@code
 * return JobResult.succeeded(Map.of("version", "2.4.1"));
 * return JobResult.failed("checksum mismatch").withDetail("expected", expected);
 * return JobResult.rejected("this device has no camera");    // not retried by the service
 * }</pre>
 *
 * <p>The reason is stored under the key {@value #REASON_KEY}; any text is accepted (control characters are
 * replaced and a text longer than 1,024 characters is cut), since reasons often come from exception messages.
 * Other details must be valid status details (keys of 1–128 characters of {@code [a-zA-Z0-9:_-]}, values of
 * 1–1,024 characters without control characters): a bad one throws {@link IllegalArgumentException} naming
 * it. The agent adds the tail of the job's output under {@value #OUTPUT_KEY} when the handler wrote any (see
 * {@link JobContext#appendOutput(CharSequence)}). At most {@value #MAX_DETAILS} pairs fit in a result, so that
 * with the agent's key the update stays within the service's limit of 10.
 *
 * <p>Immutable and thread-safe.
 */
public final class JobResult {

    /** The status-details key of the reason. */
    public static final String REASON_KEY = "reason";
    /** The status-details key under which the agent reports the tail of the job's output. */
    public static final String OUTPUT_KEY = "output";
    /** The most status-details pairs a result may carry (the reason included). */
    public static final int MAX_DETAILS = 9;

    private static final int MAX_VALUE = JobsLimits.DEFAULT.maxStatusDetailValueLength();

    private final JobStatus status;
    private final Map<String, String> details;

    private JobResult(JobStatus status, Map<String, String> details) {
        this.status = status;
        this.details = Collections.unmodifiableMap(details);
    }

    /**
     * The job succeeded, without details.
     *
     * @return the result
     */
    public static JobResult succeeded() {
        return create(JobStatus.SUCCEEDED, Map.of(), MAX_DETAILS);
    }

    /**
     * The job succeeded.
     *
     * @param details status details to report
     * @return the result
     * @throws IllegalArgumentException if a key or value is invalid or there are too many
     */
    public static JobResult succeeded(Map<String, String> details) {
        return create(JobStatus.SUCCEEDED, details, MAX_DETAILS);
    }

    /**
     * The job failed (the job's retry configuration may queue it again).
     *
     * @param reason why, any text
     * @return the result
     */
    public static JobResult failed(String reason) {
        return failed(reason, Map.of());
    }

    /**
     * The job failed, with more details.
     *
     * @param reason why, any text
     * @param details further status details
     * @return the result
     * @throws IllegalArgumentException if a detail is invalid or there are too many
     */
    public static JobResult failed(String reason, Map<String, String> details) {
        return withReason(JobStatus.FAILED, reason, details);
    }

    /**
     * The device refuses the job (it is never retried): a job this device cannot or must not run.
     *
     * @param reason why, any text
     * @return the result
     */
    public static JobResult rejected(String reason) {
        return rejected(reason, Map.of());
    }

    /**
     * The device refuses the job, with more details.
     *
     * @param reason why, any text
     * @param details further status details
     * @return the result
     * @throws IllegalArgumentException if a detail is invalid or there are too many
     */
    public static JobResult rejected(String reason, Map<String, String> details) {
        return withReason(JobStatus.REJECTED, reason, details);
    }

    /**
     * A result from its parts, for {@link CheckpointStore} implementations that read a stored outcome back (up
     * to 10 pairs: a stored outcome includes the agent's {@value #OUTPUT_KEY}).
     *
     * @param status SUCCEEDED, FAILED or REJECTED
     * @param details the status details, the reason included
     * @return the result
     * @throws IllegalArgumentException if the status is not one of the three, or a detail is invalid
     */
    public static JobResult of(JobStatus status, Map<String, String> details) {
        return create(status, details, MAX_DETAILS + 1);
    }

    private static JobResult create(JobStatus status, Map<String, String> details, int maxPairs) {
        Objects.requireNonNull(status, "status");
        if (status != JobStatus.SUCCEEDED && status != JobStatus.FAILED && status != JobStatus.REJECTED) {
            throw new IllegalArgumentException("status: a job result is SUCCEEDED, FAILED or REJECTED, got " + status);
        }
        return new JobResult(status, StatusDetails.checkAll(details, maxPairs, MAX_VALUE));
    }

    private static JobResult withReason(JobStatus status, String reason, Map<String, String> details) {
        Objects.requireNonNull(details, "details");
        Map<String, String> all = new LinkedHashMap<>();
        String cleanReason = reason == null ? null : StatusDetails.head(reason, MAX_VALUE);
        if (cleanReason != null) {
            all.put(REASON_KEY, cleanReason);
        }
        details.forEach((key, value) -> {
            if (!REASON_KEY.equals(key) || cleanReason == null) {
                all.put(key, value);
            }
        });
        return create(status, all, MAX_DETAILS);
    }

    /**
     * A copy with one more detail (replacing a detail of the same key).
     *
     * @param key 1–128 characters of {@code [a-zA-Z0-9:_-]}
     * @param value 1–1,024 characters without control characters
     * @return the new result
     * @throws IllegalArgumentException if the key or value is invalid, or the result is full
     */
    public JobResult withDetail(String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(details);
        all.put(StatusDetails.checkKey(key), value);
        return create(status, all, MAX_DETAILS);
    }

    /**
     * The status to report.
     *
     * @return SUCCEEDED, FAILED or REJECTED
     */
    public JobStatus status() {
        return status;
    }

    /**
     * The reason.
     *
     * @return the reason, if one was given
     */
    public Optional<String> reason() {
        return Optional.ofNullable(details.get(REASON_KEY));
    }

    /**
     * The status details, the reason included, in the order given.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> details() {
        return details;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobResult
                && ((JobResult) other).status == status
                && ((JobResult) other).details.equals(details);
    }

    @Override
    public int hashCode() {
        return status.hashCode() * 31 + details.hashCode();
    }

    @Override
    public String toString() {
        return status + (details.isEmpty() ? "" : " " + details);
    }
}
