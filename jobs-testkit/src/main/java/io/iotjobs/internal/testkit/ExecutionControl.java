package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's operations on single executions: cancel, delete, describe, list, retry attempts. Locking
 * as {@link ControlPlane}: the job's monitor, then the thing's lock.
 */
public final class ExecutionControl {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);

    private final ServiceConfig config;
    private final ServiceState state;
    private final Changes changes;
    private final BooleanSupplier closed;

    ExecutionControl(ServiceConfig config, ServiceState state, Changes changes, BooleanSupplier closed) {
        this.config = config;
        this.state = state;
        this.changes = changes;
        this.closed = closed;
    }

    /**
     * Cancels the latest execution of a job on a thing.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param force required when the execution is IN_PROGRESS
     * @param expectedVersion the version the execution must have, or {@code null}
     * @param statusDetails replaces the execution's status details (limits as for devices), or {@code null}
     * @throws IllegalArgumentException if there is no such execution, or the details are malformed
     * @throws IllegalStateException if it is terminal, IN_PROGRESS without {@code force}, or of another version
     *     ({@link ControlError#VERSION_CONFLICT})
     */
    public void cancelJobExecution(
            String thingName, String jobId, boolean force, Long expectedVersion, Map<String, String> statusDetails) {
        JobLookup.requireOpen(closed);
        Validation.thingName("thingName", thingName);
        Validation.statusDetails(Optional.ofNullable(statusDetails), config.limits());
        JobRecord job = JobLookup.requireJob(state, jobId);
        synchronized (job) {
            JobLookup.requireNotDeleted(job);
            state.change(thingName, (t, now) -> {
                ExecutionRecord execution = JobLookup.requireExecution(t, jobId, OptionalLong.empty());
                if (expectedVersion != null && expectedVersion != execution.versionNumber) {
                    throw ControlError.VERSION_CONFLICT.exception("expectedVersion: " + expectedVersion
                            + " does not match the execution's version " + execution.versionNumber);
                }
                if (execution.status.isTerminal()) {
                    throw new IllegalStateException("the execution of job " + jobId + " on thing " + thingName + " is "
                            + execution.status + ": it cannot be canceled");
                }
                if (execution.status == JobStatus.IN_PROGRESS && !force) {
                    throw new IllegalStateException("the execution of job " + jobId + " on thing " + thingName
                            + " is IN_PROGRESS: cancel it with force");
                }
                if (statusDetails != null) {
                    execution.statusDetails = Map.copyOf(statusDetails);
                }
                changes.finish(execution, JobStatus.CANCELED, now);
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
        JobLookup.requireOpen(closed);
        Validation.thingName("thingName", thingName);
        JobRecord job = JobLookup.requireJob(state, jobId);
        synchronized (job) {
            JobLookup.requireNotDeleted(job);
            ExecutionRecord removed = state.change(thingName, (t, now) -> {
                ExecutionRecord execution = JobLookup.requireExecution(t, jobId, OptionalLong.of(executionNumber));
                if (!execution.status.isTerminal() && !force) {
                    throw new IllegalStateException("the execution of job " + jobId + " on thing " + thingName + " is "
                            + execution.status + ": delete it with force");
                }
                changes.remove(t, execution);
                return execution;
            });
            job.executions.remove(removed);
            LOG.info("control: execution {} of job {} on {} deleted", executionNumber, jobId, thingName);
        }
    }

    /**
     * Describes an execution, with its thing name and job document.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the number, or empty for the latest
     * @return the execution, or empty if there is none
     */
    public Optional<JobExecutionData> describeJobExecution(
            String thingName, String jobId, OptionalLong executionNumber) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(executionNumber, "executionNumber");
        return state.existing(thingName)
                .flatMap(t -> Changes.read(
                        t, () -> t.find(jobId, executionNumber).map(e -> Views.control(e, true, state.now()))));
    }

    /**
     * The status changes of an execution, for the console.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution
     * @return the timeline, or empty if there is no such execution
     */
    public Optional<ExecutionTimeline.View> timeline(String thingName, String jobId, long executionNumber) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(jobId, "jobId");
        return state.existing(thingName)
                .flatMap(t -> Changes.read(
                        t, () -> t.find(jobId, OptionalLong.of(executionNumber)).map(e -> e.timeline.view())));
    }

    /**
     * The things that ever had an execution (registered or not), sorted by name.
     *
     * @return the names
     */
    public List<String> thingNames() {
        List<String> names = new ArrayList<>();
        state.things().forEach(t -> names.add(t.thingName));
        names.sort(null);
        return names;
    }

    /**
     * How many retry attempts came before an execution.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution
     * @return 0 for a first execution, 1 for the first retry, ...; empty if there is no such execution
     */
    public OptionalInt retryAttempt(String thingName, String jobId, long executionNumber) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(jobId, "jobId");
        return state.existing(thingName)
                .map(t -> Changes.read(
                        t,
                        () -> t.find(jobId, OptionalLong.of(executionNumber))
                                .map(e -> OptionalInt.of(e.retryAttempt))
                                .orElse(OptionalInt.empty())))
                .orElse(OptionalInt.empty());
    }

    /**
     * Every execution on a thing, terminal ones included, in creation order, without job documents.
     *
     * @param thingName the thing
     * @return the executions (empty for a thing never targeted)
     */
    public List<JobExecutionData> listJobExecutionsForThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        return state.existing(thingName)
                .map(t -> Changes.read(t, () -> {
                    List<JobExecutionData> list = new ArrayList<>();
                    t.all().forEach(e -> list.add(Views.control(e, false, state.now())));
                    return list;
                }))
                .orElse(List.of());
    }

    /**
     * Every execution of a job, in target order, without job documents.
     *
     * @param jobId the job
     * @return the executions
     * @throws IllegalArgumentException if there is no such job
     */
    public List<JobExecutionData> listJobExecutionsForJob(String jobId) {
        JobRecord job = JobLookup.requireJob(state, jobId);
        synchronized (job) {
            JobLookup.requireNotDeleted(job);
            List<JobExecutionData> list = new ArrayList<>();
            for (ExecutionRecord e : job.executions) {
                list.add(Changes.read(e.thing, () -> Views.control(e, false, state.now())));
            }
            return list;
        }
    }
}
