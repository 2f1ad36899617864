package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobStatus;
import io.iotjobs.testkit.JobSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thing groups as job targets: which things a job's targets name, and what group membership changes do to
 * CONTINUOUS jobs, as the developer guide's job and execution states page describes
 * (https://docs.aws.amazon.com/iot/latest/developerguide/iot-jobs-lifecycle.html): a thing that joins a target
 * group gets an execution; a thing that leaves the job's target groups while its execution is QUEUED sees it
 * REMOVED.
 *
 * <p>UNCONFIRMED: an IN_PROGRESS execution of a thing that leaves is left to finish; a thing that comes back
 * after its execution ended gets a new one (the next execution number), one that still has a pending execution
 * gets none.
 */
final class GroupTargets implements Registry.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(JobsServiceEngine.class);

    private final ServiceState state;
    private final Registry registry;
    private final Changes changes;
    private final Rollouts rollouts;

    GroupTargets(ServiceState state, Registry registry, Changes changes, Rollouts rollouts) {
        this.state = state;
        this.registry = registry;
        this.changes = changes;
        this.rollouts = rollouts;
    }

    /**
     * The things a job's targets name: its things, then the things of its groups and their child groups.
     *
     * @param spec the job
     * @return the names, each once
     */
    Set<String> resolve(JobSpec spec) {
        Set<String> things = new LinkedHashSet<>(spec.targetThingNames());
        for (String group : spec.targetGroupNames()) {
            things.addAll(registry.listThingsInThingGroup(group, true));
        }
        return things;
    }

    /**
     * The things of some groups (and their child groups).
     *
     * @param groups group names
     * @return the names, each once
     */
    Set<String> members(List<String> groups) {
        Set<String> things = new LinkedHashSet<>();
        groups.forEach(group -> things.addAll(registry.listThingsInThingGroup(group, true)));
        return things;
    }

    @Override
    public void joined(String thingName, String groupName) {
        for (JobRecord job : state.jobs.values()) {
            synchronized (job) {
                if (!follows(job) || job.covered.contains(thingName) || !covers(job.spec, thingName)) {
                    continue;
                }
                job.covered.add(thingName);
                boolean pending = Changes.read(
                        state.thing(thingName),
                        () -> state.thing(thingName)
                                .find(job.jobId, java.util.OptionalLong.empty())
                                .map(ExecutionRecord::isPending)
                                .orElse(false));
                if (!pending) {
                    rollouts.offer(job, List.of(thingName));
                    LOG.info(
                            "control: {} joined {}: execution of continuous job {} queued",
                            thingName,
                            groupName,
                            job.jobId);
                }
            }
        }
    }

    @Override
    public void left(String thingName, String groupName) {
        for (JobRecord job : state.jobs.values()) {
            synchronized (job) {
                if (!follows(job) || !job.covered.contains(thingName) || covers(job.spec, thingName)) {
                    continue;
                }
                job.covered.remove(thingName);
                state.change(thingName, (t, now) -> {
                    t.find(job.jobId, java.util.OptionalLong.empty())
                            .filter(e -> e.status == JobStatus.QUEUED && !e.removed)
                            .ifPresent(e -> {
                                changes.finish(e, JobStatus.REMOVED, now);
                                LOG.info(
                                        "control: {} left {}: its execution of job {} is REMOVED",
                                        thingName,
                                        groupName,
                                        job.jobId);
                            });
                    return null;
                });
            }
        }
    }

    /** Whether the job reacts to membership: a live CONTINUOUS job. Call with the job's monitor held. */
    private static boolean follows(JobRecord job) {
        return job.spec.targetSelection() == JobSpec.TargetSelection.CONTINUOUS && !job.deleted && !job.canceled;
    }

    /** Whether the job's targets name the thing, directly or through a group. */
    private boolean covers(JobSpec spec, String thingName) {
        if (spec.targetThingNames().contains(thingName)) {
            return true;
        }
        for (String group : spec.targetGroupNames()) {
            if (registry.isMember(thingName, group)) {
                return true;
            }
        }
        return false;
    }
}
