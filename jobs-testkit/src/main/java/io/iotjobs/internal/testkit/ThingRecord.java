package io.iotjobs.internal.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The executions of one thing, and the lock that makes every change to them atomic. Every method requires
 * {@link #lock} to be held by the caller.
 */
final class ThingRecord {
    final String thingName;
    final ReentrantLock lock = new ReentrantLock();
    /** Grows with every change of the thing's executions, so that a change that changed nothing can be told. */
    long revision;

    /** Executions by job id, then by execution number. */
    private final Map<String, NavigableMap<Long, ExecutionRecord>> byJob = new HashMap<>();
    /**
     * The last execution number given per job id. Kept after deletion, so that an execution number names one
     * execution for the life of the service even when a job id is reused.
     */
    private final Map<String, Long> lastNumbers = new HashMap<>();

    ThingRecord(String thingName) {
        this.thingName = thingName;
    }

    ExecutionRecord add(JobRecord job, long sequence, Instant now) {
        long number = lastNumbers.merge(job.jobId, 1L, Long::sum);
        ExecutionRecord execution = new ExecutionRecord(job, this, number, sequence, now);
        byJob.computeIfAbsent(job.jobId, k -> new TreeMap<>()).put(number, execution);
        revision++;
        return execution;
    }

    void remove(ExecutionRecord execution) {
        NavigableMap<Long, ExecutionRecord> numbers = byJob.get(execution.jobId());
        if (numbers != null && numbers.remove(execution.executionNumber, execution) && numbers.isEmpty()) {
            byJob.remove(execution.jobId());
        }
        execution.removed = true;
        revision++;
    }

    /**
     * One execution of a job.
     *
     * @param jobId the job
     * @param executionNumber the number, or empty for the latest
     * @return the execution
     */
    Optional<ExecutionRecord> find(String jobId, OptionalLong executionNumber) {
        NavigableMap<Long, ExecutionRecord> numbers = byJob.get(jobId);
        if (numbers == null || numbers.isEmpty()) {
            return Optional.empty();
        }
        if (executionNumber.isPresent()) {
            return Optional.ofNullable(numbers.get(executionNumber.getAsLong()));
        }
        return Optional.of(numbers.lastEntry().getValue());
    }

    /**
     * The pending executions (IN_PROGRESS and QUEUED) in "next" order.
     *
     * @return a new list
     */
    List<ExecutionRecord> pending() {
        List<ExecutionRecord> pending = new ArrayList<>();
        for (NavigableMap<Long, ExecutionRecord> numbers : byJob.values()) {
            for (ExecutionRecord execution : numbers.values()) {
                if (execution.isPending()) {
                    pending.add(execution);
                }
            }
        }
        pending.sort(ExecutionRecord.NEXT_ORDER);
        return pending;
    }

    /**
     * What Describe {@code $next} and StartNext pick.
     *
     * @return the head of {@link #pending()}
     */
    Optional<ExecutionRecord> next() {
        ExecutionRecord best = null;
        for (NavigableMap<Long, ExecutionRecord> numbers : byJob.values()) {
            for (ExecutionRecord execution : numbers.values()) {
                if (execution.isPending()
                        && (best == null || ExecutionRecord.NEXT_ORDER.compare(execution, best) < 0)) {
                    best = execution;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Every execution, in creation order.
     *
     * @return a new list
     */
    List<ExecutionRecord> all() {
        List<ExecutionRecord> all = new ArrayList<>();
        byJob.values().forEach(numbers -> all.addAll(numbers.values()));
        all.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        return all;
    }

    @Override
    public String toString() {
        return "thing " + thingName;
    }
}
