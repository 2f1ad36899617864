package io.iotjobs.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Used heap after a full collection, and thread counts. */
public final class Heap {

    private static final int COLLECTIONS = 4;

    private Heap() {}

    /**
     * Collects garbage several times, then reads the used heap (the lowest reading).
     *
     * @return used heap in bytes
     */
    public static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * Live threads of this JVM.
     *
     * @return the count
     */
    public static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Threads ever started in this JVM.
     *
     * @return the count
     */
    public static long startedThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getTotalStartedThreadCount();
    }

    /**
     * CPU time used by this JVM so far, all threads.
     *
     * @return nanoseconds, or -1 if the JVM does not tell
     */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()
                : -1;
    }

    /**
     * Bytes as MiB with one decimal.
     *
     * @param bytes bytes
     * @return MiB
     */
    public static double mib(long bytes) {
        return Math.round(bytes * 10.0 / (1024 * 1024)) / 10.0;
    }
}
