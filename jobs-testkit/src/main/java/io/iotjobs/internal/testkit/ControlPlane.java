package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane of the local service, standing in for the AWS control API: create, cancel, delete and
 * describe jobs and executions. Calls are synchronous and thread-safe; the events they cause are handed to the
 * transport before the call returns and delivered asynchronously.
 *
 * <p>Locking: a job's monitor, then one thing lock at a time. Device requests take only thing locks, so
 * control calls and requests never deadlock.
 *
 * <p>Input errors are {@link IllegalArgumentException}s naming the field (unknown job or execution included);
 * operations not allowed in the current state are {@link IllegalStateException}s.
 */
public final class ControlPlane {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);
    private static final Duration MAX_IN_PROGRESS_TIMEOUT = Duration.ofMinutes(Validation.MAX_STEP_TIMEOUT_MINUTES);

    private final ServiceConfig config;
    private final ServiceState state;
    private final ExecutionTimers timers;
    private final Registry registry;
    private final BooleanSupplier closed;

    ControlPlane(ServiceConfig config, ServiceState state, ExecutionTimers timers, Registry registry,
            BooleanSupplier closed) {
        this.config = config;
        this.registry = registry;
        this.state = state;
        this.timers = timers;
        this.closed = closed;
    }

    /**
     * Creates a job and queues one execution per target thing (each target gets notify, and notify-next when
     * the new execution is its only pending one).
     *
     * @param spec the job: id 1–64 characters of {@code [a-zA-Z0-9_-]} not used by an existing job, a document
     *     of at most the configured size, at least one valid thing name without duplicates, an in-progress
     *     timeout (positive, at most 7 days), a description of 1–2028 characters
     * @return the job
     */
    public JobView createJob(JobSpec spec) {
        requireOpen();
        Objects.requireNonNull(spec, "spec");
        String jobId = spec.jobId();
        Validation.jobId("jobId", jobId, false);
        int size = spec.document().encodedSize();
        if (size > config.maxJobDocumentBytes()) {
            throw new IllegalArgumentException("document: " + size + " bytes, more than the limit of "
                    + config.maxJobDocumentBytes());
        }
        List<String> targets = spec.targetThingNames();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targetThingNames: at least one target is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            String thing = Validation.thingName("targetThingNames[" + i + "]", targets.get(i));
            if (!seen.add(thing)) {
                throw new IllegalArgumentException("targetThingNames[" + i + "]: duplicate target " + thing);
            }
            if (config.strictThings() && !registry.exists(thing)) {
                throw ControlError.NOT_FOUND.exception("targetThingNames[" + i + "]: thing " + thing
                        + " is not registered");
            }
        }
        spec.inProgressTimeout().ifPresent(timeout -> {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_IN_PROGRESS_TIMEOUT) > 0) {
                throw new IllegalArgumentException("inProgressTimeout: must be positive and at most "
                        + MAX_IN_PROGRESS_TIMEOUT + ", got " + timeout);
            }
        });
        spec.description().ifPresent(text -> Texts.text("description", text, Texts.MAX_DESCRIPTION));
        JobRecord job = new JobRecord(spec, ExecutionRecord.seconds(now()));
        synchronized (job) {
            if (state.jobs.putIfAbsent(jobId, job) != null) {
                throw ControlError.ALREADY_EXISTS.exception("jobId: a job named " + jobId + " already exists");
            }
            for (String thing : targets) {
                ExecutionRecord execution = state.change(thing,
                        (t, now) -> t.add(job, state.nextSequence(), now));
                job.executions.add(execution);
            }
            LOG.info("control: job {} created for {} thing(s)", jobId, targets.size());
            return view(job);
        }
    }

    /**
     * Cancels a job: its QUEUED executions become CANCELED; IN_PROGRESS ones too when {@code force}, otherwise
     * they may still finish. Calling it again with {@code force} cancels the executions still running.
     *
     * @param jobId the job
     * @param force whether to cancel IN_PROGRESS executions too
     * @param reasonCode why, in upper-case letters, digits and {@code _} (kept with the job), or {@code null}
     * @param comment why, in 1–2028 characters (kept with the job), or {@code null}
     * @throws IllegalArgumentException if there is no such job, or the reason code or comment is malformed
     * @throws IllegalStateException if the job is completed (every execution terminal, not canceled)
     */
    public void cancelJob(String jobId, boolean force, String reasonCode, String comment) {
        requireOpen();
        if (reasonCode != null) {
            Texts.reasonCode("reasonCode", reasonCode);
        }
        if (comment != null) {
            Texts.text("comment", comment, Texts.MAX_DESCRIPTION);
        }
        JobRecord job = requireJob(jobId);
        synchronized (job) {
            requireNotDeleted(job);
            if (!job.canceled && allTerminal(job)) {
                throw new IllegalStateException("job " + jobId + " is completed: it cannot be canceled");
            }
            job.canceled = true;
            job.forceCanceled |= force;
            if (reasonCode != null) {
                job.reasonCode = reasonCode;
            }
            if (comment != null) {
                job.comment = comment;
            }
            job.lastUpdatedAt = ExecutionRecord.seconds(now());
            for (ExecutionRecord execution : job.executions) {
                state.change(execution.thing.thingName, (t, now) -> {
                    if (!execution.removed && (execution.status == JobStatus.QUEUED
                            || execution.status == JobStatus.IN_PROGRESS && force)) {
                        finish(execution, JobStatus.CANCELED, now);
                    }
                    return null;
                });
            }
            LOG.info("control: job {} canceled{}", jobId, force ? " (force)" : "");
        }
    }

    /**
     * Cancels the latest execution of a job on a thing.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param force required when the execution is IN_PROGRESS
     * @throws IllegalArgumentException if there is no such execution
     * @throws IllegalStateException if it is terminal, or IN_PROGRESS without {@code force}
     */
    public void cancelJobExecution(String thingName, String jobId, boolean force) {
        requireOpen();
        Validation.thingName("thingName", thingName);
        JobRecord job = requireJob(jobId);
        synchronized (job) {
            requireNotDeleted(job);
            state.change(thingName, (t, now) -> {
                ExecutionRecord execution = requireExecution(t, jobId, OptionalLong.empty());
                if (execution.status.isTerminal()) {
                    throw new IllegalStateException("the execution of job " + jobId + " on thing " + thingName
                            + " is " + execution.status + ": it cannot be canceled");
                }
                if (execution.status == JobStatus.IN_PROGRESS && !force) {
                    throw new IllegalStateException("the execution of job " + jobId + " on thing " + thingName
                            + " is IN_PROGRESS: cancel it with force");
                }
                finish(execution, JobStatus.CANCELED, now);
                return null;
            });
            LOG.info("control: execution of job {} on {} canceled{}", jobId, thingName, force ? " (force)" : "");
        }
    }

    /**
     * Deletes one execution. Later Describe and Update requests for it get ResourceNotFound.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number
     * @param force required unless the execution is terminal
     * @throws IllegalArgumentException if there is no such execution
     * @throws IllegalStateException if it is QUEUED or IN_PROGRESS and {@code force} is false
     */
    public void deleteJobExecution(String thingName, String jobId, long executionNumber, boolean force) {
        requireOpen();
        Validation.thingName("thingName", thingName);
        JobRecord job = requireJob(jobId);
        synchronized (job) {
            requireNotDeleted(job);
            ExecutionRecord removed = state.change(thingName, (t, now) -> {
                ExecutionRecord execution = requireExecution(t, jobId, OptionalLong.of(executionNumber));
                if (!execution.status.isTerminal() && !force) {
                    throw new IllegalStateException("the execution of job " + jobId + " on thing " + thingName
                            + " is " + execution.status + ": delete it with force");
                }
                remove(t, execution);
                return execution;
            });
            job.executions.remove(removed);
            LOG.info("control: execution {} of job {} on {} deleted", executionNumber, jobId, thingName);
        }
    }

    /**
     * Deletes a job and all its executions. The job id may then be used again.
     *
     * @param jobId the job
     * @param force required while any execution is QUEUED or IN_PROGRESS
     * @throws IllegalArgumentException if there is no such job
     * @throws IllegalStateException if an execution is pending and {@code force} is false
     */
    public void deleteJob(String jobId, boolean force) {
        requireOpen();
        JobRecord job = requireJob(jobId);
        synchronized (job) {
            requireNotDeleted(job);
            if (!force && !allTerminal(job)) {
                throw new IllegalStateException("job " + jobId + " has QUEUED or IN_PROGRESS executions: delete it"
                        + " with force");
            }
            for (ExecutionRecord execution : job.executions) {
                state.change(execution.thing.thingName, (t, now) -> {
                    remove(t, execution);
                    return null;
                });
            }
            job.executions.clear();
            job.deleted = true;
            state.jobs.remove(jobId, job);
            LOG.info("control: job {} deleted{}", jobId, force ? " (force)" : "");
        }
    }

    /**
     * Describes a job.
     *
     * @param jobId the job
     * @return the job, or empty if there is none by that id
     */
    public Optional<JobView> describeJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        JobRecord job = state.jobs.get(jobId);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            return job.deleted ? Optional.empty() : Optional.of(view(job));
        }
    }

    /**
     * The ids of the existing jobs, in no particular order.
     *
     * @return the ids
     */
    public List<String> listJobs() {
        return List.copyOf(state.jobs.keySet());
    }

    /**
     * Describes an execution, with its thing name and job document.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the number, or empty for the latest
     * @return the execution, or empty if there is none
     */
    public Optional<JobExecutionData> describeJobExecution(String thingName, String jobId,
            OptionalLong executionNumber) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(executionNumber, "executionNumber");
        return state.existing(thingName).flatMap(t -> read(t,
                () -> t.find(jobId, executionNumber).map(e -> Views.control(e, true, now()))));
    }

    /**
     * Every execution on a thing, terminal ones included, in creation order, without job documents.
     *
     * @param thingName the thing
     * @return the executions (empty for a thing never targeted)
     */
    public List<JobExecutionData> listJobExecutionsForThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        return state.existing(thingName).map(t -> read(t, () -> {
            List<JobExecutionData> list = new ArrayList<>();
            t.all().forEach(e -> list.add(Views.control(e, false, now())));
            return list;
        })).orElse(List.of());
    }

    /**
     * Every execution of a job, in target order, without job documents.
     *
     * @param jobId the job
     * @return the executions
     * @throws IllegalArgumentException if there is no such job
     */
    public List<JobExecutionData> listJobExecutionsForJob(String jobId) {
        JobRecord job = requireJob(jobId);
        synchronized (job) {
            requireNotDeleted(job);
            List<JobExecutionData> list = new ArrayList<>();
            for (ExecutionRecord e : job.executions) {
                list.add(read(e.thing, () -> Views.control(e, false, now())));
            }
            return list;
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private void finish(ExecutionRecord execution, JobStatus terminal, Instant now) {
        execution.markTerminal(terminal);
        // UNCONFIRMED whether service-side changes (cancel, timeout) bump the version: they do here, so that
        // every change of the stored state has its own version.
        execution.bump(now);
        timers.sync(execution);
    }

    private void remove(ThingRecord thing, ExecutionRecord execution) {
        thing.remove(execution);
        timers.cancel(execution);
    }

    private boolean allTerminal(JobRecord job) {
        for (ExecutionRecord e : job.executions) {
            if (!read(e.thing, () -> e.status.isTerminal() || e.removed)) {
                return false;
            }
        }
        return true;
    }

    private JobView view(JobRecord job) {
        Instant last = job.lastUpdatedAt;
        for (ExecutionRecord e : job.executions) {
            Instant t = read(e.thing, () -> e.lastUpdatedAt);
            if (t.isAfter(last)) {
                last = t;
            }
        }
        return new JobView(job.spec, job.createdAt, last, job.canceled, allTerminal(job), job.forceCanceled,
                Optional.ofNullable(job.reasonCode), Optional.ofNullable(job.comment));
    }

    private JobRecord requireJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        JobRecord job = state.jobs.get(jobId);
        if (job == null) {
            throw ControlError.NOT_FOUND.exception("jobId: no job named " + jobId);
        }
        return job;
    }

    private static void requireNotDeleted(JobRecord job) {
        if (job.deleted) {
            throw ControlError.NOT_FOUND.exception("jobId: no job named " + job.jobId);
        }
    }

    private static ExecutionRecord requireExecution(ThingRecord thing, String jobId, OptionalLong number) {
        return thing.find(jobId, number).orElseThrow(() -> ControlError.NOT_FOUND.exception("jobId: thing "
                + thing.thingName + " has no execution of job " + jobId
                + (number.isPresent() ? " with executionNumber " + number.getAsLong() : "")));
    }

    private static <T> T read(ThingRecord thing, Supplier<T> reader) {
        thing.lock.lock();
        try {
            return reader.get();
        } finally {
            thing.lock.unlock();
        }
    }

    private Instant now() {
        return state.now();
    }

    private void requireOpen() {
        if (closed.getAsBoolean()) {
            throw ControlError.CLOSED.exception("the local Jobs service is closed");
        }
    }
}
