package io.iotjobs.agent;

import io.iotjobs.internal.agent.FileCheckpointStore;
import io.iotjobs.internal.agent.MemoryCheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the agent keeps its {@link Checkpoint}s, so that a job that was running when the process stopped is
 * resumed (not run again from the start) by the next agent with the same store.
 *
 * <p>Two implementations come with the agent: {@link #inDirectory(Path)}, one small file per execution written
 * atomically, and {@link #inMemory()}, which survives a restart of the agent but not of the process. Any other
 * (a database, a key-value store of the device) implements these four methods.
 *
 * <p><b>Contract.</b> Implementations are thread-safe: the agent calls them from its own thread and from
 * handler threads ({@link JobContext#checkpoint(String)}). {@link #save(Checkpoint)} must be durable when it
 * returns and atomic (a reader sees the old or the new record, never a mix). Failures are thrown as
 * {@link java.io.UncheckedIOException} (or another runtime exception); the agent logs them, and
 * {@link JobContext#checkpoint(String)} passes them on to the handler.
 */
public interface CheckpointStore {

    /**
     * Reads the record of an execution.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number
     * @return the record, or empty if there is none
     */
    Optional<Checkpoint> load(String thingName, String jobId, long executionNumber);

    /**
     * Writes a record, replacing any of the same execution.
     *
     * @param checkpoint the record
     */
    void save(Checkpoint checkpoint);

    /**
     * Deletes the record of an execution; nothing happens if there is none.
     *
     * @param thingName the thing
     * @param jobId the job
     * @param executionNumber the execution number
     */
    void delete(String thingName, String jobId, long executionNumber);

    /**
     * Every record of a thing (the agent deletes those of executions that are no longer pending).
     *
     * @param thingName the thing
     * @return the records, in no particular order
     */
    List<Checkpoint> list(String thingName);

    /**
     * A store of one file per execution under a directory ({@code <directory>/<thing>/<jobId>.<execution>.checkpoint},
     * a small properties file). A record is written to a temporary file, forced to the disk, and moved over
     * the old one atomically, so a crash or power loss leaves the old record or the new one. The directory is
     * created when the first record is written.
     *
     * @param directory the directory; several agents (one per thing) may share it
     * @return the store
     */
    static CheckpointStore inDirectory(Path directory) {
        return new FileCheckpointStore(directory);
    }

    /**
     * A store in memory: it survives closing an agent and starting another in the same process, not a restart
     * of the process. For tests, and for devices with nothing to resume.
     *
     * @return a new, empty store
     */
    static CheckpointStore inMemory() {
        return new MemoryCheckpointStore();
    }
}
