package io.iotjobs.internal.testkit;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads of the local service's servers: daemon threads (they never keep a program alive), numbered by name. */
public final class DaemonThreads {

    private DaemonThreads() {}

    /**
     * A factory of daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ...
     *
     * @param prefix the name before the number
     * @return the factory
     */
    public static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
