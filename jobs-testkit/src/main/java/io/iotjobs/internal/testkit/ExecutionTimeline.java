package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status changes of one execution, for the console's timeline: when, to which status and version, with which
 * statusDetails. Bounded, so that a device reporting progress every second for days does not grow the service:
 * the first entry (QUEUED) and the latest {@value #KEPT} are kept, and the ones in between are counted. Guarded by
 * the thing's lock, like the rest of the execution.
 */
public final class ExecutionTimeline {

    /** How many of the latest entries are kept besides the first. */
    static final int KEPT = 49;

    /**
     * One change.
     *
     * @param at the service time of the change (full precision, unlike the wire's seconds)
     * @param status the status after it
     * @param versionNumber the version after it
     * @param statusDetails the status details after it, if any
     */
    public record Entry(
            Instant at, JobStatus status, long versionNumber, Optional<Map<String, String>> statusDetails) {}

    /**
     * What a timeline holds at one moment.
     *
     * @param entries the first entry, then the latest ones, oldest first
     * @param omitted how many entries between the first and the latest were not kept
     */
    public record View(List<Entry> entries, long omitted) {}

    private Entry first;
    private final ArrayDeque<Entry> latest = new ArrayDeque<>();
    private long omitted;

    void add(Instant at, JobStatus status, long versionNumber, Map<String, String> statusDetails) {
        // the stored details are immutable copies (replaced, never changed in place), so they may be shared
        Entry entry = new Entry(at, status, versionNumber, Optional.ofNullable(statusDetails));
        if (first == null) {
            first = entry;
            return;
        }
        if (latest.size() == KEPT) {
            latest.removeFirst();
            omitted++;
        }
        latest.addLast(entry);
    }

    View view() {
        List<Entry> entries = new ArrayList<>(latest.size() + 1);
        if (first != null) {
            entries.add(first);
        }
        entries.addAll(latest);
        return new View(entries, omitted);
    }
}
