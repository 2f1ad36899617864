package io.iotjobs.it.transport;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The live threads of the JVM, to check that a closed connection leaves none of its own behind.
 */
final class Threads {

    /**
     * Threads that are not the SDK's or an MQTT client library's and may come and go while a test runs: the JVM's
     * common pool, the test fixtures' own threads (proxy, broker process reaper) and the embedded broker's.
     */
    private static final Set<String> OTHERS = Set.of(
            "ForkJoinPool.commonPool",
            "tcp-proxy-",
            "process reaper",
            "Attach Listener",
            "hivemq",
            "Common-Cleaner",
            "mosquitto-");

    private Threads() {}

    /** The live threads by id, with their names (daemon or not). */
    static Map<Long, String> live() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> OTHERS.stream().noneMatch(t.getName()::startsWith))
                .collect(Collectors.toMap(Thread::getId, Thread::getName, (a, b) -> a, TreeMap::new));
    }

    /**
     * Waits until every live thread (but the ignored ones) is one of the baseline's.
     *
     * @param baseline the threads allowed to live
     * @param timeout the longest wait
     * @throws AssertionError naming the threads still running after the timeout
     */
    static void awaitNoneBut(Map<Long, String> baseline, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, String> extra;
        do {
            extra = new TreeMap<>(live());
            extra.keySet().removeAll(baseline.keySet());
            if (extra.isEmpty()) {
                return;
            }
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (extra.containsKey(thread.getId())) {
                    thread.join(50);
                }
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("threads still running " + timeout.toSeconds() + " s after close: " + extra.values());
    }
}
