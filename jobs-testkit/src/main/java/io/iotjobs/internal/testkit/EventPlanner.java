package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.EventType;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which events a change to one thing's executions causes, by comparing the pending set before and
 * after the change (reference §3, §8.7):
 * <ul>
 *   <li><b>notify</b> when the membership of the pending set (QUEUED ∪ IN_PROGRESS) changed: an execution was
 *       queued, or one left the set (terminal status or deletion). It carries a full snapshot. A QUEUED →
 *       IN_PROGRESS move alone changes no membership and sends none.</li>
 *   <li><b>notify-next</b> when the head (what Describe {@code $next} returns) is another execution than before;
 *       {@code {"timestamp":N}} alone when the set became empty. Changes to the head's own status, details or
 *       version send none.</li>
 * </ul>
 * Call with the thing's lock held.
 */
final class EventPlanner {

    private final int pendingListSize;
    private final DeviceDocuments documents;

    EventPlanner(int pendingListSize, DeviceDocuments documents) {
        this.pendingListSize = pendingListSize;
        this.documents = documents;
    }

    /** The pending set of a thing at one moment, per namespace (no namespace is {@code ""}). */
    static final class Snapshot {
        final Map<String, Set<ExecutionRecord>> members;
        final Map<String, ExecutionRecord> heads;

        private Snapshot(Map<String, Set<ExecutionRecord>> members, Map<String, ExecutionRecord> heads) {
            this.members = members;
            this.heads = heads;
        }
    }

    /**
     * Captures the pending set before a change.
     *
     * @param thing the thing (locked)
     * @return the snapshot
     */
    Snapshot capture(ThingRecord thing) {
        Map<String, Set<ExecutionRecord>> members = new LinkedHashMap<>();
        Map<String, ExecutionRecord> heads = new LinkedHashMap<>();
        for (ExecutionRecord e : thing.pending()) {
            String namespace = namespace(e);
            members.computeIfAbsent(namespace, k -> Collections.newSetFromMap(new IdentityHashMap<>()))
                    .add(e);
            heads.putIfAbsent(namespace, e);
        }
        return new Snapshot(members, heads);
    }

    /**
     * The events a change caused, per namespace: a namespaced job's events go to the namespace's topics
     * ({@code notify-namespace-<id>}, {@code notify-next-namespace-<id>}) and list only its namespace's
     * executions (UNCONFIRMED: the developer guide names the topics for AWS IoT Greengrass deployments, not what
     * they list).
     *
     * @param before the snapshot taken before the change
     * @param thing the thing after the change (locked)
     * @param now the event timestamp
     * @return per namespace, notify first, then notify-next, each only if due
     */
    List<ServiceOutput.Outgoing> plan(Snapshot before, ThingRecord thing, Instant now) {
        Snapshot after = capture(thing);
        Set<String> namespaces = new LinkedHashSet<>(before.members.keySet());
        namespaces.addAll(after.members.keySet());
        List<ServiceOutput.Outgoing> events = new ArrayList<>(2);
        for (String namespace : namespaces) {
            Set<ExecutionRecord> was = before.members.getOrDefault(namespace, Set.of());
            Set<ExecutionRecord> is = after.members.getOrDefault(namespace, Set.of());
            String suffix = namespace.isEmpty() ? "" : "-namespace-" + namespace;
            if (!was.equals(is)) {
                List<ExecutionRecord> pending = new ArrayList<>(is);
                pending.sort(ExecutionRecord.NEXT_ORDER);
                events.add(new ServiceOutput.Outgoing(
                        EventType.JOB_EXECUTIONS_CHANGED.topic(thing.thingName) + suffix,
                        executionsChanged(pending, now)));
            }
            ExecutionRecord head = after.heads.get(namespace);
            if (before.heads.get(namespace) != head) {
                NextJobExecutionChangedEvent.Builder next =
                        NextJobExecutionChangedEvent.builder().timestamp(now);
                if (head != null) {
                    next.execution(Views.data(head, documents.of(head.job, now), null));
                }
                events.add(new ServiceOutput.Outgoing(
                        EventType.NEXT_JOB_EXECUTION_CHANGED.topic(thing.thingName) + suffix, next.build()));
            }
        }
        return events;
    }

    private static String namespace(ExecutionRecord e) {
        return e.job.spec.namespaceId().orElse("");
    }

    /**
     * The notify payload: only non-empty IN_PROGRESS / QUEUED keys, at most the pending-list size in total.
     */
    private JobExecutionsChangedEvent executionsChanged(List<ExecutionRecord> pending, Instant now) {
        Map<JobStatus, List<JobExecutionSummary>> jobs = new LinkedHashMap<>();
        for (JobStatus status : List.of(JobStatus.IN_PROGRESS, JobStatus.QUEUED)) {
            List<JobExecutionSummary> list = Views.summaries(pending, pendingListSize, status);
            if (!list.isEmpty()) {
                jobs.put(status, list);
            }
        }
        return JobExecutionsChangedEvent.builder().jobs(jobs).timestamp(now).build();
    }
}
