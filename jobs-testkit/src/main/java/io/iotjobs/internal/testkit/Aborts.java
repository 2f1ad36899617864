package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.AbortConfig;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The abort configuration of jobs: after an execution ended, checks the job's criteria and cancels the job
 * when one is met (its QUEUED executions become CANCELED, as a CancelJob without {@code force} does).
 *
 * <p>The API reference (https://docs.aws.amazon.com/iot/latest/apireference/API_AbortCriteria.html) defines
 * {@code minNumberOfExecutedThings} as the things that "must receive job execution notifications before the job
 * can be aborted" and {@code thresholdPercentage} as the "minimum percentage of job execution failures". Here
 * the things notified are the things with an execution of the job, and the percentage is the share of them whose
 * latest execution ended with the criterion's failure type (UNCONFIRMED: the documentation does not say which
 * total the percentage is of, nor how retried executions count; a thing counts once, by its latest execution).
 * The abort sets no reason code (UNCONFIRMED which one AWS reports).
 */
final class Aborts {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);

    private final Changes changes;

    Aborts(Changes changes) {
        this.changes = changes;
    }

    /**
     * Checks a job's abort criteria and cancels it when one is met. Call with no thing lock held.
     *
     * @param job the job whose execution just ended
     */
    void check(JobRecord job) {
        AbortConfig abort = job.spec.abortConfig().orElse(null);
        if (abort == null) {
            return;
        }
        synchronized (job) {
            if (job.canceled || job.deleted) {
                return;
            }
            Map<String, JobStatus> latest = new HashMap<>();
            for (ExecutionRecord e : job.executions) {
                JobStatus status = Changes.read(e.thing, () -> e.removed ? null : e.status);
                if (status != null) {
                    latest.put(e.thing.thingName, status);
                }
            }
            for (AbortConfig.Criteria c : abort.criteria()) {
                long failures = latest.values().stream()
                        .filter(s -> counts(c.failureType(), s))
                        .count();
                int notified = latest.size();
                if (notified >= c.minNumberOfExecutedThings()
                        && failures * 100.0 >= c.thresholdPercentage() * notified) {
                    LOG.info(
                            "control: job {} aborted: {} of {} things {} (criterion {}%, at least {})",
                            job.jobId,
                            failures,
                            notified,
                            c.failureType(),
                            c.thresholdPercentage(),
                            c.minNumberOfExecutedThings());
                    changes.cancel(job, false);
                    return;
                }
            }
        }
    }

    private static boolean counts(AbortConfig.FailureType type, JobStatus status) {
        return switch (type) {
            case FAILED -> status == JobStatus.FAILED;
            case REJECTED -> status == JobStatus.REJECTED;
            case TIMED_OUT -> status == JobStatus.TIMED_OUT;
            case ALL -> status == JobStatus.FAILED || status == JobStatus.REJECTED || status == JobStatus.TIMED_OUT;
        };
    }
}
