package io.iotjobs.internal.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executions the agent finished lately, so that one it gave up reporting is not started again when the
 * service hands it out once more. Bounded (the oldest entries go); control thread only.
 */
final class FinishedMemory {

    private final Map<ExecutionKey, Boolean> finished;

    FinishedMemory(int capacity) {
        this.finished = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ExecutionKey, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    void reported(ExecutionKey key) {
        finished.put(key, Boolean.TRUE);
    }

    void gaveUp(ExecutionKey key) {
        finished.put(key, Boolean.FALSE);
    }

    /** Whether the agent gave up reporting this execution (and so must not run it again). */
    boolean gaveUpOn(ExecutionKey key) {
        return Boolean.FALSE.equals(finished.get(key));
    }

    void forget(ExecutionKey key) {
        finished.remove(key);
    }
}
