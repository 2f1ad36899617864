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

    /** The pending set of a thing at one moment: its members (by identity) and its head. */
    static final class Snapshot {
        final Set<ExecutionRecord> members;
        final ExecutionRecord head;

        private Snapshot(Set<ExecutionRecord> members, ExecutionRecord head) {
            this.members = members;
            this.head = head;
        }
    }

    /**
     * Captures the pending set before a change.
     *
     * @param thing the thing (locked)
     * @return the snapshot
     */
    Snapshot capture(ThingRecord thing) {
        List<ExecutionRecord> pending = thing.pending();
        Set<ExecutionRecord> members = Collections.newSetFromMap(new IdentityHashMap<>());
        members.addAll(pending);
        return new Snapshot(members, pending.isEmpty() ? null : pending.get(0));
    }

    /**
     * The events a change caused.
     *
     * @param before the snapshot taken before the change
     * @param thing the thing after the change (locked)
     * @param now the event timestamp
     * @return notify first, then notify-next, each only if due
     */
    List<ServiceOutput.Outgoing> plan(Snapshot before, ThingRecord thing, Instant now) {
        Snapshot after = capture(thing);
        List<ServiceOutput.Outgoing> events = new ArrayList<>(2);
        if (!before.members.equals(after.members)) {
            events.add(new ServiceOutput.Outgoing(EventType.JOB_EXECUTIONS_CHANGED.topic(thing.thingName),
                    executionsChanged(thing.pending(), now)));
        }
        if (before.head != after.head) {
            NextJobExecutionChangedEvent.Builder next = NextJobExecutionChangedEvent.builder().timestamp(now);
            if (after.head != null) {
                next.execution(Views.data(after.head, documents.of(after.head.job, now), null));
            }
            events.add(new ServiceOutput.Outgoing(EventType.NEXT_JOB_EXECUTION_CHANGED.topic(thing.thingName),
                    next.build()));
        }
        return events;
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
