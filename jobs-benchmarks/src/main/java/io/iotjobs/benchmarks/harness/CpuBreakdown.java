package io.iotjobs.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where this JVM's CPU time goes, by groups of threads, measured exactly (each thread's CPU time, including its
 * time in system calls) rather than sampled; {@code jvm} is the time no Java thread accounts for (garbage
 * collection, the JIT). Also the context switches of the JVM's threads (Linux only). Take a
 * {@link #start(Map)} snapshot, run, then {@link #perOperation(long)}.
 */
public final class CpuBreakdown {

    /** The embedded broker's threads (HiveMQ CE and its Netty event loops). */
    public static final Predicate<String> EMBEDDED_BROKER = name -> name.startsWith("hivemq")
            || name.startsWith("embedded-hivemq")
            || name.startsWith("extension-task-executor")
            || name.startsWith("scheduled-persistence-executor")
            || name.startsWith("global-traffic-shaper");

    private final Map<String, Predicate<String>> groups;
    private final Map<Long, Long> threadNanos;
    private final Map<Long, String> threadNames;
    private final long processNanos;
    private final long contextSwitches;

    private CpuBreakdown(
            Map<String, Predicate<String>> groups,
            Map<Long, Long> threadNanos,
            Map<Long, String> threadNames,
            long processNanos,
            long contextSwitches) {
        this.groups = groups;
        this.threadNanos = threadNanos;
        this.threadNames = threadNames;
        this.processNanos = processNanos;
        this.contextSwitches = contextSwitches;
    }

    /**
     * A snapshot of every thread's CPU time now.
     *
     * @param groups group name to a test of thread names, in report order; a thread counts in the first group
     *     whose test it passes, and in {@code other threads} if none
     * @return the snapshot
     */
    public static CpuBreakdown start(Map<String, Predicate<String>> groups) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        for (ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    nanos.put(info.getThreadId(), cpu);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        return new CpuBreakdown(new LinkedHashMap<>(groups), nanos, names, Heap.processCpuNanos(), contextSwitches());
    }

    /**
     * CPU microseconds per operation since this snapshot, by group ({@code jvm} is the process time no Java
     * thread accounts for), and {@code contextSwitches} per operation (-1 where the OS does not tell).
     *
     * @param operations operations done since the snapshot
     * @return group to µs per operation (one decimal), in report order
     */
    public Map<String, Double> perOperation(long operations) {
        CpuBreakdown end = start(groups);
        Map<String, Long> byGroup = new LinkedHashMap<>();
        for (String group : groups.keySet()) {
            byGroup.put(group, 0L);
        }
        byGroup.put("other threads", 0L);
        long threadsTotal = 0;
        for (Map.Entry<Long, Long> thread : end.threadNanos.entrySet()) {
            long used = thread.getValue() - threadNanos.getOrDefault(thread.getKey(), 0L);
            threadsTotal += used;
            byGroup.merge(group(end.threadNames.get(thread.getKey())), used, Long::sum);
        }
        byGroup.put("jvm", Math.max(0, end.processNanos - processNanos - threadsTotal));
        Map<String, Double> result = new LinkedHashMap<>();
        for (Map.Entry<String, Long> group : byGroup.entrySet()) {
            result.put(group.getKey(), Math.round(group.getValue() / 100.0 / operations) / 10.0);
        }
        result.put(
                "contextSwitches",
                contextSwitches < 0 || end.contextSwitches < 0
                        ? -1
                        : Math.round((end.contextSwitches - contextSwitches) * 10.0 / operations) / 10.0);
        return result;
    }

    private String group(String threadName) {
        for (Map.Entry<String, Predicate<String>> group : groups.entrySet()) {
            if (group.getValue().test(threadName)) {
                return group.getKey();
            }
        }
        return "other threads";
    }

    /** Voluntary and involuntary context switches of the JVM's live threads, or -1 off Linux. */
    private static long contextSwitches() {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }
}
