package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobDocument;
import io.iotjobs.testkit.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
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

    private final ServiceState state;
    private final BooleanSupplier closed;
    private final ServiceConfig config;
    private final Changes changes;
    private final SpecChecks checks;
    private final Templates templates;
    private final GroupTargets groups;
    private final Rollouts rollouts;
    private final Schedules schedules;
    private final LifecycleEvents events;
    private final ServiceArns arns;
    private final ExecutionControl executions;

    ControlPlane(
            ServiceConfig config,
            ServiceState state,
            Changes changes,
            Registry registry,
            Rollouts rollouts,
            Schedules schedules,
            LifecycleEvents events,
            ServiceArns arns,
            BooleanSupplier closed) {
        this.arns = arns;
        this.events = events;
        events.views(this::view);
        this.executions = new ExecutionControl(config, state, changes, closed);
        this.schedules = schedules;
        this.config = config;
        this.changes = changes;
        this.rollouts = rollouts;
        this.checks = new SpecChecks(config, registry);
        this.templates = new Templates(checks, state);
        this.groups = new GroupTargets(state, registry, changes, rollouts);
        registry.listener(groups);
        this.state = state;
        this.closed = closed;
    }

    /**
     * Creates a job (from its template, if it names one) and hands its targets their executions as its
     * schedule and rollout allow (each gets notify, and notify-next when the new execution is its only pending
     * one).
     *
     * @param asked the job: every field as {@link SpecChecks} checks it
     * @return the job
     */
    public JobView createJob(JobSpec asked) {
        requireOpen();
        JobSpec spec = asked;
        Instant created = now();
        spec = templates.resolve(Objects.requireNonNull(spec, "spec"));
        checks.check(spec);
        spec.schedulingConfig().ifPresent(config -> Schedules.check(config, created));
        String jobId = spec.jobId();
        JobRecord job = new JobRecord(spec, ExecutionRecord.seconds(created));
        synchronized (job) {
            if (state.jobs.putIfAbsent(jobId, job) != null) {
                throw ControlError.ALREADY_EXISTS.exception("jobId: a job named " + jobId + " already exists");
            }
            // resolved once the job is registered, so that a thing joining a group meanwhile is not missed
            Set<String> things = groups.resolve(spec);
            if (job.continuous()) {
                job.covered.addAll(things);
            }
            schedules.arrange(job);
            rollouts.offer(job, things);
            LOG.info("control: job {} created for {} thing(s)", jobId, things.size());
            state.jobChanged(jobId);
            return view(job);
        }
    }

    /**
     * The region and account of the ARNs in lifecycle events.
     *
     * @return the ARNs
     */
    public ServiceArns arns() {
        return arns;
    }

    /**
     * The lifecycle events and their configuration.
     *
     * @return the events
     */
    public LifecycleEvents events() {
        return events;
    }

    /**
     * The operations on executions.
     *
     * @return the execution control
     */
    public ExecutionControl executions() {
        return executions;
    }

    /**
     * The job templates.
     *
     * @return the templates
     */
    public Templates templates() {
        return templates;
    }

    /**
     * Creates a job for things, with a document and an optional in-progress timeout; the same as
     * {@link #createJob(JobSpec)} (for the benchmarks and fuzz tests that drive the engine directly).
     *
     * @param jobId the job id
     * @param document the document
     * @param targets the target things
     * @param inProgressTimeout the in-progress timeout, or empty
     * @return the job
     */
    public JobView createJob(
            String jobId, JobDocument document, List<String> targets, Optional<Duration> inProgressTimeout) {
        JobSpec.Builder spec = JobSpec.builder(jobId).document(document).targets(targets);
        inProgressTimeout.ifPresent(spec::inProgressTimeout);
        return createJob(spec.build());
    }

    /**
     * Adds thing groups to the targets of a CONTINUOUS job: their things that the job does not cover yet get
     * executions, and so do things that join them later.
     *
     * @param jobId the job, CONTINUOUS and IN_PROGRESS
     * @param groupNames existing groups
     * @param comment why, 1–2028 characters, or {@code null}
     * @return the job
     * @throws IllegalArgumentException if there is no such job or group, the job is a snapshot or is not in
     *     progress, or it would have more than 100 targets
     */
    public JobView associateTargetsWithJob(String jobId, List<String> groupNames, String comment) {
        requireOpen();
        Objects.requireNonNull(groupNames, "groupNames");
        if (groupNames.isEmpty()) {
            throw new IllegalArgumentException("targets: at least one thing group is required");
        }
        if (comment != null) {
            Texts.text("comment", comment, Texts.MAX_DESCRIPTION);
        }
        JobRecord job = requireJob(jobId);
        synchronized (job) {
            requireNotDeleted(job);
            if (!job.continuous()) {
                throw new IllegalArgumentException("jobId: job " + jobId + " is a SNAPSHOT job; targets can be"
                        + " associated with CONTINUOUS jobs only");
            }
            if (job.canceled) {
                throw new IllegalArgumentException("jobId: job " + jobId + " is CANCELED; targets can be associated"
                        + " with IN_PROGRESS jobs only");
            }
            JobSpec spec = job.spec;
            checks.groups(groupNames, "targets", new HashSet<>(spec.targetGroupNames()));
            int total = spec.targetThingNames().size() + spec.targetGroupNames().size() + groupNames.size();
            if (total > SpecChecks.MAX_TARGETS) {
                throw ControlError.LIMIT_EXCEEDED.exception("targets: a job has at most " + SpecChecks.MAX_TARGETS
                        + " targets, this one would have " + total);
            }
            job.spec = spec.toBuilder().targetGroups(groupNames).build();
            if (comment != null) {
                job.comment = comment;
            }
            job.lastUpdatedAt = ExecutionRecord.seconds(now());
            List<String> added = new ArrayList<>();
            for (String thing : groups.members(groupNames)) {
                if (job.covered.add(thing)) {
                    added.add(thing);
                }
            }
            rollouts.offer(job, added);
            LOG.info("control: groups {} associated with job {}", groupNames, jobId);
            state.jobChanged(jobId);
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
            Optional<String> refused = cancelRefusal(job);
            if (refused.isPresent()) {
                throw new IllegalStateException(refused.get());
            }
            if (reasonCode != null) {
                job.reasonCode = reasonCode;
            }
            if (comment != null) {
                job.comment = comment;
            }
            changes.cancel(job, force);
            LOG.info("control: job {} canceled{}", jobId, force ? " (force)" : "");
            state.jobChanged(jobId);
        }
    }

    /**
     * Changes what UpdateJob may change of a job: description, in-progress timeout (for executions started
     * from now on), retry, abort and rollout configurations and the presigned-URL configuration. The rest of the
     * spec must stay as it is.
     *
     * @param jobId the job
     * @param updated the job's spec with the changes
     * @return the job
     * @throws IllegalArgumentException if there is no such job, a changed value is malformed, or a field
     *     UpdateJob cannot change differs
     */
    public JobView updateJob(String jobId, JobSpec updated) {
        requireOpen();
        Objects.requireNonNull(updated, "updated");
        JobRecord job = requireJob(jobId);
        synchronized (job) {
            requireNotDeleted(job);
            JobSpec current = job.spec;
            if (!current.jobId().equals(updated.jobId())
                    || !current.document().equals(updated.document())
                    || !current.targetThingNames().equals(updated.targetThingNames())
                    || !current.targetGroupNames().equals(updated.targetGroupNames())
                    || current.targetSelection() != updated.targetSelection()
                    || !current.schedulingConfig().equals(updated.schedulingConfig())) {
                throw new IllegalArgumentException("spec: UpdateJob changes only the description, the in-progress"
                        + " timeout and the retry, abort, rollout and presigned-URL configurations");
            }
            checks.check(updated);
            job.spec = updated;
            job.lastUpdatedAt = ExecutionRecord.seconds(now());
            if (!current.rolloutConfig().equals(updated.rolloutConfig())) {
                rollouts.reconfigure(job);
            }
            LOG.info("control: job {} updated", jobId);
            state.jobChanged(jobId);
            return view(job);
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
            Optional<String> refused = deleteRefusal(job, force);
            if (refused.isPresent()) {
                throw new IllegalStateException(refused.get());
            }
            job.completedAnnounced = true; // a job being deleted does not complete
            events.job(job, "deletion_in_progress");
            for (ExecutionRecord execution : job.executions) {
                state.change(execution.thing.thingName, (t, now) -> {
                    changes.remove(t, execution);
                    return null;
                });
            }
            job.executions.clear();
            job.rollout.waiting.clear();
            if (job.endTask != null) {
                job.endTask.cancel();
            }
            job.deleted = true;
            state.jobs.remove(jobId, job);
            events.job(job, "deleted");
            LOG.info("control: job {} deleted{}", jobId, force ? " (force)" : "");
            state.jobChanged(jobId);
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
     * What {@link #cancelJob} and {@link #deleteJob} would answer for a job now, from the checks those calls
     * make, so that the console offers no action they would refuse without saying why.
     *
     * @param jobId the job
     * @return the refusals, or empty if there is no such job
     */
    public Optional<JobRefusals> refusals(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        JobRecord job = state.jobs.get(jobId);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            if (job.deleted) {
                return Optional.empty();
            }
            Optional<String> cancel = cancelRefusal(job);
            return Optional.of(new JobRefusals(cancel, cancel, deleteRefusal(job, false), deleteRefusal(job, true)));
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

    // ------------------------------------------------------------------------------------------- helpers

    /** Why {@link #cancelJob} refuses the job (with or without force), if it does. Call with its monitor held. */
    private Optional<String> cancelRefusal(JobRecord job) {
        return !job.canceled && view(job).completed()
                ? Optional.of("job " + job.jobId + " is completed: it cannot be canceled")
                : Optional.empty();
    }

    /** Why {@link #deleteJob} refuses the job, if it does. Call with its monitor held. */
    private Optional<String> deleteRefusal(JobRecord job, boolean force) {
        return !force && !allTerminal(job)
                ? Optional.of("job " + job.jobId + " has QUEUED or IN_PROGRESS executions: delete it with force")
                : Optional.empty();
    }

    private boolean allTerminal(JobRecord job) {
        for (ExecutionRecord e : job.executions) {
            if (!Changes.read(e.thing, () -> e.status.isTerminal() || e.removed)) {
                return false;
            }
        }
        return true;
    }

    private JobView view(JobRecord job) {
        Instant last = job.lastUpdatedAt;
        for (ExecutionRecord e : job.executions) {
            Instant t = Changes.read(e.thing, () -> e.lastUpdatedAt);
            if (t.isAfter(last)) {
                last = t;
            }
        }
        boolean scheduled = schedules.scheduled(job);
        boolean completed = !scheduled
                && (!job.continuous() || schedules.ended(job))
                && job.rollout.waiting.isEmpty()
                && allTerminal(job);
        return new JobView(
                job.spec,
                job.createdAt,
                last,
                job.canceled,
                scheduled,
                completed,
                job.forceCanceled,
                Optional.ofNullable(job.reasonCode),
                Optional.ofNullable(job.comment));
    }

    private JobRecord requireJob(String jobId) {
        return JobLookup.requireJob(state, jobId);
    }

    private static void requireNotDeleted(JobRecord job) {
        JobLookup.requireNotDeleted(job);
    }

    private Instant now() {
        return state.now();
    }

    private void requireOpen() {
        JobLookup.requireOpen(closed);
    }
}
