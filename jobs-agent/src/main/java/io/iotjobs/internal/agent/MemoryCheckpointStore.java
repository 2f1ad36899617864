package io.iotjobs.internal.agent;

import io.iotjobs.agent.Checkpoint;
import io.iotjobs.agent.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CheckpointStore#inMemory()}. */
public final class MemoryCheckpointStore implements CheckpointStore {

    private final Map<String, Checkpoint> records = new ConcurrentHashMap<>();

    @Override
    public Optional<Checkpoint> load(String thingName, String jobId, long executionNumber) {
        return Optional.ofNullable(records.get(key(thingName, jobId, executionNumber)));
    }

    @Override
    public void save(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        records.put(key(checkpoint.thingName(), checkpoint.jobId(), checkpoint.executionNumber()), checkpoint);
    }

    @Override
    public void delete(String thingName, String jobId, long executionNumber) {
        records.remove(key(thingName, jobId, executionNumber));
    }

    @Override
    public List<Checkpoint> list(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        List<Checkpoint> found = new ArrayList<>();
        for (Checkpoint checkpoint : records.values()) {
            if (checkpoint.thingName().equals(thingName)) {
                found.add(checkpoint);
            }
        }
        return found;
    }

    private static String key(String thingName, String jobId, long executionNumber) {
        return Objects.requireNonNull(thingName, "thingName") + "\n" + Objects.requireNonNull(jobId, "jobId") + "\n"
                + executionNumber;
    }

    @Override
    public String toString() {
        return "MemoryCheckpointStore[" + records.size() + " records]";
    }
}
