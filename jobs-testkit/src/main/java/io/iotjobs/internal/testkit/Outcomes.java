package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.RetryConfig;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows when a device or a timer ends an execution: a retry under the job's retry configuration, in the
 * same change of the thing (so the thing's events show the failed execution leaving and the retry arriving in
 * one notify), and a check of the job's abort criteria once the change is over.
 *
 * <p>UNCONFIRMED: the developer guide says a failed or timed-out execution is retried and the API reference
 * gives {@code retryAttempt} as "how many retry attempts have been completed for this job on this device", but
 * neither says whether a retry is a new execution; here it is one (the next execution number, version 1,
 * QUEUED), whose retry attempt is one more than the failed one's. Executions of a canceled job are not retried.
 */
final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);

    private final ServiceState state;
    private final Aborts aborts;
    private final Rollouts rollouts;
    private final LifecycleEvents events;

    Outcomes(ServiceState state, Aborts aborts, Rollouts rollouts, LifecycleEvents events) {
        this.events = events;
        this.state = state;
        this.aborts = aborts;
        this.rollouts = rollouts;
    }

    /**
     * An execution reached a terminal status by a device's update or a timer. Call with its thing's lock held,
     * inside the change that ended it.
     *
     * @param thing the thing
     * @param ended the execution
     * @param now the service time
     */
    void ended(ThingRecord thing, ExecutionRecord ended, Instant now) {
        events.execution(ended, ended.status.name().toLowerCase(Locale.ROOT));
        JobRecord job = ended.job;
        if (job.canceled || job.deleted || ended.removed) {
            return;
        }
        // an abort cancels executions of other things: after this change, outside the thing's lock
        state.afterChange(() -> aborts.check(job));
        if (ended.status == JobStatus.SUCCEEDED) {
            state.afterChange(() -> {
                synchronized (job) {
                    rollouts.succeeded(job);
                }
            });
        }
        job.spec.retryConfig().ifPresent(retry -> {
            if (retries(retry, ended)) {
                ExecutionRecord next = thing.add(job, state.nextSequence(), now);
                next.retryAttempt = ended.retryAttempt + 1;
                next.failedRetries = ended.failedRetries + (ended.status == JobStatus.FAILED ? 1 : 0);
                next.timedOutRetries = ended.timedOutRetries + (ended.status == JobStatus.TIMED_OUT ? 1 : 0);
                job.executions.add(next);
                LOG.info(
                        "{} {} #{} {}: retry attempt {} queued as #{}",
                        thing.thingName,
                        job.jobId,
                        ended.executionNumber,
                        ended.status,
                        next.retryAttempt,
                        next.executionNumber);
            }
        });
    }

    /** Whether a criterion for the execution's failure still has a retry left. */
    private static boolean retries(RetryConfig retry, ExecutionRecord ended) {
        RetryConfig.FailureType type;
        int used;
        if (ended.status == JobStatus.FAILED) {
            type = RetryConfig.FailureType.FAILED;
            used = ended.failedRetries;
        } else if (ended.status == JobStatus.TIMED_OUT) {
            type = RetryConfig.FailureType.TIMED_OUT;
            used = ended.timedOutRetries;
        } else {
            return false;
        }
        for (RetryConfig.Criteria c : retry.criteria()) {
            if (c.failureType() == type && used < c.numberOfRetries()) {
                return true;
            }
            if (c.failureType() == RetryConfig.FailureType.ALL
                    && ended.failedRetries + ended.timedOutRetries < c.numberOfRetries()) {
                return true;
            }
        }
        return false;
    }
}
