package io.iotjobs.testkit;

import io.iotjobs.internal.testkit.ControlError;
import io.iotjobs.internal.testkit.ControlPlane;
import io.iotjobs.internal.testkit.JobView;
import io.iotjobs.internal.testkit.LifecycleEvents;
import io.iotjobs.internal.testkit.Templates;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The control plane of the local Jobs service, standing in for the AWS IoT control API: create jobs for
 * things, cancel and delete jobs and executions, describe and list them. Get it from
 * {@link LocalJobsService#control()}.
 *
 * <p>Each change fires the events the real service would: a new execution sends its thing a {@code notify}
 * (and a {@code notify-next} when it is the thing's only pending execution); a cancellation or deletion sends
 * {@code notify}, plus {@code notify-next} when the thing's next execution changed.
 *
 * <p>Calls are synchronous and thread-safe, and may be made from any thread, including device callbacks.
 * When a call returns, the state has changed and the events are handed to the MQTT connection; they reach
 * the devices asynchronously.
 *
 * <p>Errors: bad input ({@code null} aside) and unknown jobs or executions throw
 * {@link IllegalArgumentException} with a message that starts with the field at fault; operations the job or
 * execution's current status does not allow throw {@link IllegalStateException}; any call after
 * {@link LocalJobsService#close()} throws {@link IllegalStateException}.
 */
public final class JobsControl {

    private final ControlPlane control;

    JobsControl(ControlPlane control) {
        this.control = control;
    }

    /**
     * Creates a job and queues one execution (execution number 1, version 1, status QUEUED) for each target.
     *
     * @param spec the job
     * @return the job as created
     * @throws IllegalArgumentException if the job id is invalid or already used, a thing name is invalid or
     *     repeated, there is no target, the document is larger than the configured limit (32768 bytes by
     *     default), or the in-progress timeout is not positive or longer than 7 days
     */
    public JobInfo createJob(JobSpec spec) {
        return info(control.createJob(Objects.requireNonNull(spec, "spec")));
    }

    /**
     * Creates a job; the same as {@link #createJob(JobSpec)}.
     *
     * @param jobId 1–64 characters of {@code [a-zA-Z0-9_-]}, not used by an existing job
     * @param document the job document
     * @param targetThingNames at least one thing name
     * @param inProgressTimeout the in-progress timeout, or empty for none
     * @return the job as created
     * @throws IllegalArgumentException as {@link #createJob(JobSpec)}
     */
    public JobInfo createJob(
            String jobId, JobDocument document, List<String> targetThingNames, Optional<Duration> inProgressTimeout) {
        return info(control.createJob(
                jobId, document, targetThingNames, Objects.requireNonNull(inProgressTimeout, "inProgressTimeout")));
    }

    /**
     * Turns the job lifecycle events on or off (the {@code JOB} event type of AWS IoT's event configurations,
     * off by default): {@code $aws/events/job/<jobId>/completed}, {@code canceled}, {@code deleted},
     * {@code cancellation_in_progress} and {@code deletion_in_progress}, with the payloads AWS documents.
     *
     * @param enabled whether they are published
     */
    public void jobEvents(boolean enabled) {
        control.events().enable(LifecycleEvents.Type.JOB, enabled);
    }

    /**
     * Turns the job-execution lifecycle events on or off (the {@code JOB_EXECUTION} event type, off by default):
     * {@code $aws/events/jobExecution/<jobId>/succeeded}, {@code failed}, {@code rejected}, {@code timed_out},
     * {@code canceled}, {@code removed} and {@code deleted}.
     *
     * @param enabled whether they are published
     */
    public void jobExecutionEvents(boolean enabled) {
        control.events().enable(LifecycleEvents.Type.JOB_EXECUTION, enabled);
    }

    /**
     * Creates a job template, from which {@link JobSpec.Builder#jobTemplate(String) jobs can be created}.
     *
     * @param template the template
     * @return the template as stored
     * @throws IllegalArgumentException if a field is malformed (as for {@link #createJob(JobSpec)}) or the id is
     *     used by another template
     */
    public JobTemplate createJobTemplate(JobTemplate template) {
        return control.templates()
                .create(Objects.requireNonNull(template, "template"))
                .template();
    }

    /**
     * Describes a job template.
     *
     * @param jobTemplateId the id
     * @return the template, or empty if there is none by that id
     */
    public Optional<JobTemplate> describeJobTemplate(String jobTemplateId) {
        return control.templates()
                .describe(Objects.requireNonNull(jobTemplateId, "jobTemplateId"))
                .map(Templates.Entry::template);
    }

    /**
     * Deletes a job template. Jobs created from it are not changed.
     *
     * @param jobTemplateId the id
     * @throws IllegalArgumentException if there is no such template
     */
    public void deleteJobTemplate(String jobTemplateId) {
        control.templates().delete(Objects.requireNonNull(jobTemplateId, "jobTemplateId"));
    }

    /**
     * The ids of the job templates, oldest first.
     *
     * @return the ids
     */
    public List<String> listJobTemplates() {
        return control.templates().list().stream()
                .map(e -> e.template().jobTemplateId())
                .toList();
    }

    /**
     * Adds thing groups to the targets of a CONTINUOUS job: the things in them (and in their child groups) that
     * the job does not target yet get executions now, and things that join them later get theirs then.
     *
     * @param jobId a CONTINUOUS job that is not canceled
     * @param groupNames existing thing groups of the {@link ThingRegistry}
     * @param comment why, 1–2028 characters, kept with the job; or empty
     * @return the job as it is now
     * @throws IllegalArgumentException if there is no such job or group, the job is a SNAPSHOT job or canceled,
     *     or it would have more than 100 targets
     */
    public JobInfo associateTargetsWithJob(String jobId, List<String> groupNames, Optional<String> comment) {
        return info(control.associateTargetsWithJob(
                jobId, groupNames, Objects.requireNonNull(comment, "comment").orElse(null)));
    }

    /**
     * Cancels a job: its QUEUED executions become CANCELED; its IN_PROGRESS executions too when {@code force}
     * is set, otherwise they may still finish. A canceled job may be canceled again with {@code force} to
     * stop the executions still running. Devices get {@code notify} (and {@code notify-next}) events.
     *
     * @param jobId the job
     * @param force whether to cancel IN_PROGRESS executions too
     * @throws IllegalArgumentException if there is no such job
     * @throws IllegalStateException if the job is completed
     */
    public void cancelJob(String jobId, boolean force) {
        control.cancelJob(jobId, force, null, null);
    }

    /**
     * Cancels a job like {@link #cancelJob(String, boolean)}, and keeps why with the job (see
     * {@link JobInfo#reasonCode()} and {@link JobInfo#comment()}).
     *
     * @param jobId the job
     * @param force whether to cancel IN_PROGRESS executions too
     * @param reasonCode upper-case letters, digits and {@code _}, at most 128 characters; or empty
     * @param comment 1–2028 characters without control characters; or empty
     * @throws IllegalArgumentException if there is no such job, or the reason code or comment is malformed
     * @throws IllegalStateException if the job is completed
     */
    public void cancelJob(String jobId, boolean force, Optional<String> reasonCode, Optional<String> comment) {
        control.cancelJob(
                jobId,
                force,
                Objects.requireNonNull(reasonCode, "reasonCode").orElse(null),
                Objects.requireNonNull(comment, "comment").orElse(null));
    }

    /**
     * Cancels the latest execution of a job on a thing. A device's later updates of it are rejected with
     * {@code InvalidStateTransition}.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param force required when the execution is IN_PROGRESS
     * @throws IllegalArgumentException if there is no such execution
     * @throws IllegalStateException if the execution is terminal, or IN_PROGRESS without {@code force}
     */
    public void cancelJobExecution(String thingName, String jobId, boolean force) {
        control.executions().cancelJobExecution(thingName, jobId, force, null, null);
    }

    /**
     * Cancels the latest execution of a job on a thing, like {@link #cancelJobExecution(String, String, boolean)},
     * if it has the expected version, and sets its status details (which the device then reads).
     *
     * @param thingName the thing
     * @param jobId the job
     * @param force required when the execution is IN_PROGRESS
     * @param expectedVersion the version the execution must have, or empty for any
     * @param statusDetails the new status details (same limits as a device's), or empty to keep them
     * @throws IllegalArgumentException if there is no such execution or the details are malformed
     * @throws IllegalStateException if the execution is terminal, IN_PROGRESS without {@code force}, or of
     *     another version
     */
    public void cancelJobExecution(
            String thingName,
            String jobId,
            boolean force,
            OptionalLong expectedVersion,
            Optional<Map<String, String>> statusDetails) {
        control.executions()
                .cancelJobExecution(
                        thingName,
                        jobId,
                        force,
                        Objects.requireNonNull(expectedVersion, "expectedVersion")
                                        .isPresent()
                                ? expectedVersion.getAsLong()
                                : null,
                        Objects.requireNonNull(statusDetails, "statusDetails").orElse(null));
    }

    /**
     * Changes a job the way UpdateJob does: the description, the in-progress timeout (for executions that start
     * from then on), and the retry, abort, rollout and presigned-URL configurations. The change is made to a
     * builder holding the job's current spec:
     * <pre>{@code
     * control.updateJob("fw-17", spec -> spec.rolloutConfig(RolloutConfig.perMinute(50)));
     * }</pre>
     *
     * @param jobId the job
     * @param change what to change
     * @return the job as it is now
     * @throws IllegalArgumentException if there is no such job, a new value is malformed, or the change touches
     *     something else (document, targets, scheduling)
     */
    public JobInfo updateJob(String jobId, Consumer<JobSpec.Builder> change) {
        Objects.requireNonNull(change, "change");
        JobInfo job =
                describeJob(jobId).orElseThrow(() -> ControlError.NOT_FOUND.exception("jobId: no job named " + jobId));
        JobSpec.Builder builder = job.spec().toBuilder();
        change.accept(builder);
        return info(control.updateJob(jobId, builder.build()));
    }

    /**
     * Deletes one execution. A device's later Describe or Update requests for it are rejected with
     * {@code ResourceNotFound}.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number (1 for the first execution of the job on the thing)
     * @param force required unless the execution is terminal
     * @throws IllegalArgumentException if there is no such execution
     * @throws IllegalStateException if the execution is QUEUED or IN_PROGRESS and {@code force} is false
     */
    public void deleteJobExecution(String thingName, String jobId, long executionNumber, boolean force) {
        control.executions().deleteJobExecution(thingName, jobId, executionNumber, force);
    }

    /**
     * Deletes a job and every execution of it. The job id may be used again afterwards; a new execution of
     * it on a thing then gets the next execution number.
     *
     * @param jobId the job
     * @param force required while any execution is QUEUED or IN_PROGRESS
     * @throws IllegalArgumentException if there is no such job
     * @throws IllegalStateException if an execution is pending and {@code force} is false
     */
    public void deleteJob(String jobId, boolean force) {
        control.deleteJob(jobId, force);
    }

    /**
     * Describes a job.
     *
     * @param jobId the job
     * @return the job, or empty if there is no job by that id
     */
    public Optional<JobInfo> describeJob(String jobId) {
        return control.describeJob(jobId).map(JobsControl::info);
    }

    /**
     * The ids of the existing jobs.
     *
     * @return the ids, in no particular order
     */
    public List<String> listJobs() {
        return control.listJobs();
    }

    /**
     * Describes the latest execution of a job on a thing: every field, including {@code thingName}, the job
     * document, and {@code approximateSecondsBeforeTimedOut} while a timer runs.
     *
     * @param thingName the thing
     * @param jobId the job
     * @return the execution, or empty if there is none
     */
    public Optional<JobExecutionData> describeJobExecution(String thingName, String jobId) {
        return control.executions().describeJobExecution(thingName, jobId, OptionalLong.empty());
    }

    /**
     * Describes one execution of a job on a thing, like {@link #describeJobExecution(String, String)}.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number
     * @return the execution, or empty if there is none
     */
    public Optional<JobExecutionData> describeJobExecution(String thingName, String jobId, long executionNumber) {
        return control.executions().describeJobExecution(thingName, jobId, OptionalLong.of(executionNumber));
    }

    /**
     * How many retry attempts came before an execution (see {@link RetryConfig}): 0 for the first execution of a
     * job on a thing, 1 for its first retry, and so on.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution
     * @return the attempt, or empty if there is no such execution
     */
    public OptionalInt retryAttempt(String thingName, String jobId, long executionNumber) {
        return control.executions().retryAttempt(thingName, jobId, executionNumber);
    }

    /**
     * Every execution on a thing, terminal ones included, oldest first, without job documents.
     *
     * @param thingName the thing
     * @return the executions; empty for a thing no job ever targeted
     */
    public List<JobExecutionData> listJobExecutionsForThing(String thingName) {
        return control.executions().listJobExecutionsForThing(thingName);
    }

    /**
     * Every execution of a job, in target order, without job documents.
     *
     * @param jobId the job
     * @return the executions
     * @throws IllegalArgumentException if there is no such job
     */
    public List<JobExecutionData> listJobExecutionsForJob(String jobId) {
        return control.executions().listJobExecutionsForJob(jobId);
    }

    private static JobInfo info(JobView view) {
        JobInfo.Status status = view.canceled()
                ? JobInfo.Status.CANCELED
                : view.scheduled()
                        ? JobInfo.Status.SCHEDULED
                        : view.completed() ? JobInfo.Status.COMPLETED : JobInfo.Status.IN_PROGRESS;
        return new JobInfo(
                view.spec(),
                view.createdAt(),
                view.lastUpdatedAt(),
                status,
                view.forceCanceled(),
                view.reasonCode(),
                view.comment());
    }
}
