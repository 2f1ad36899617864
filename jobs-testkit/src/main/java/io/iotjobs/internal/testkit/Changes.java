package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The changes to executions that the control side makes (control calls, group membership, rollouts, retries,
 * aborts), each in one place: queue an execution, end one, remove one, read under the thing's lock.
 */
final class Changes {

    private final ServiceState state;
    private final ExecutionTimers timers;
    private final LifecycleEvents events;

    Changes(ServiceState state, ExecutionTimers timers, LifecycleEvents events) {
        this.state = state;
        this.timers = timers;
        this.events = events;
    }

    /**
     * Queues a new execution of the job on the thing (its thing gets notify, and notify-next when it is the only
     * pending one). Call with the job's monitor held.
     *
     * @param job the job
     * @param thingName the thing
     * @return the execution
     */
    ExecutionRecord launch(JobRecord job, String thingName) {
        ExecutionRecord execution = state.change(thingName, (t, now) -> t.add(job, state.nextSequence(), now));
        job.executions.add(execution);
        return execution;
    }

    /**
     * Ends an execution with a terminal status set by the service. Call with the thing's lock held.
     *
     * @param execution the execution
     * @param terminal the status
     * @param now the service time
     */
    void finish(ExecutionRecord execution, JobStatus terminal, Instant now) {
        execution.markTerminal(terminal);
        // UNCONFIRMED whether service-side changes (cancel, timeout) bump the version: they do here, so that
        // every change of the stored state has its own version.
        execution.bump(now);
        timers.sync(execution);
        events.execution(execution, terminal.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Cancels a job: its QUEUED executions become CANCELED, and its IN_PROGRESS ones too when forced. Call with
     * the job's monitor held and no thing lock.
     *
     * @param job the job
     * @param force whether IN_PROGRESS executions are canceled too
     */
    void cancel(JobRecord job, boolean force) {
        events.job(job, "cancellation_in_progress");
        job.canceled = true;
        job.forceCanceled |= force;
        job.rollout.waiting.clear();
        job.lastUpdatedAt = ExecutionRecord.seconds(state.now());
        for (ExecutionRecord execution : job.executions) {
            state.change(execution.thing.thingName, (t, now) -> {
                if (!execution.removed
                        && (execution.status == JobStatus.QUEUED
                                || execution.status == JobStatus.IN_PROGRESS && force)) {
                    finish(execution, JobStatus.CANCELED, now);
                }
                return null;
            });
        }
        events.job(job, "canceled");
    }

    /**
     * Removes an execution from its thing. Call with the thing's lock held.
     *
     * @param thing the thing
     * @param execution the execution
     */
    void remove(ThingRecord thing, ExecutionRecord execution) {
        events.execution(execution, "deleted");
        thing.remove(execution);
        timers.cancel(execution);
    }

    /**
     * Reads something of a thing under its lock.
     *
     * @param thing the thing
     * @param reader what to read
     * @param <T> the result
     * @return the result
     */
    static <T> T read(ThingRecord thing, Supplier<T> reader) {
        thing.lock.lock();
        try {
            return reader.get();
        } finally {
            thing.lock.unlock();
        }
    }
}
