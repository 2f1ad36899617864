package io.iotjobs.internal.agent;

import io.iotjobs.agent.Checkpoint;
import io.iotjobs.agent.CheckpointStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's checkpoint records, written on a thread of their own ({@code iotjobs-agent-<thing>-store}) so
 * that the control thread never waits for a disk: every read, write and delete runs there, in the order asked,
 * and its completion is told back through a future. Handler threads wait for their step to be written
 * ({@link Record#saveStep}), which the {@link io.iotjobs.agent.JobContext#checkpoint} contract requires.
 */
public final class CheckpointWriter {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

    private final String thing;
    private final CheckpointStore store;
    private final Executor io;
    private final BiConsumer<String, RuntimeException> onFailure;

    /**
     * Creates the writer.
     *
     * @param thing the thing
     * @param store the store
     * @param io runs the store's calls one at a time, in order
     * @param onFailure told (on the io thread) when a write the agent itself asked for failed
     */
    public CheckpointWriter(
            String thing, CheckpointStore store, Executor io, BiConsumer<String, RuntimeException> onFailure) {
        this.thing = thing;
        this.store = store;
        this.io = io;
        this.onFailure = onFailure;
    }

    /**
     * The record of one execution.
     *
     * @param key the execution
     * @return a record not loaded yet
     */
    public Record record(ExecutionKey key) {
        return new Record(key);
    }

    /**
     * Every record of the thing.
     *
     * @return the records; fails if the store cannot list them
     */
    public CompletableFuture<List<Checkpoint>> list() {
        return onIo(() -> store.list(thing));
    }

    /**
     * Deletes the record of an execution the agent does not work on.
     *
     * @param key the execution
     * @return completes when deleted (or when the deletion failed, which is told to {@code onFailure})
     */
    public CompletableFuture<Void> delete(ExecutionKey key) {
        return onIo(() -> {
            deleteNow(key);
            return null;
        });
    }

    private void deleteNow(ExecutionKey key) {
        try {
            store.delete(thing, key.jobId(), key.executionNumber());
        } catch (RuntimeException e) {
            onFailure.accept("cannot delete the checkpoint of " + key, e);
        }
    }

    private <T> CompletableFuture<T> onIo(Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, io);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(closed);
        }
    }

    /**
     * Waits (bounded) until every call asked for has run, then stops the io thread.
     *
     * @param timeoutMillis the bound
     */
    public void shutdown(long timeoutMillis) {
        if (io instanceof ExecutorService service) {
            service.shutdown();
            try {
                if (!service.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    LOG.warn("{}: checkpoint writes still pending after {} ms", thing, timeoutMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The record of one execution. Its state is touched on the io thread only: once closed, it is never
     * written again.
     */
    public final class Record {
        private final ExecutionKey key;
        private Checkpoint current;
        private boolean closed;

        private Record(ExecutionKey key) {
            this.key = key;
        }

        /**
         * Reads the stored record.
         *
         * @return the record, empty if there is none; fails with the store's exception
         */
        public CompletableFuture<Optional<Checkpoint>> load() {
            return onIo(() -> store.load(thing, key.jobId(), key.executionNumber()));
        }

        /**
         * Takes a record as the current one without writing it.
         *
         * @param record the record
         * @return completes on the io thread
         */
        public CompletableFuture<Void> adopt(Checkpoint record) {
            return onIo(() -> {
                current = record;
                return null;
            });
        }

        /**
         * Writes a new current record (a failure is told to {@code onFailure}; the future still completes).
         *
         * @param change from the current record (or {@code null}) to the new one ({@code null}: write nothing)
         * @return completes once written (or skipped because the record is closed)
         */
        public CompletableFuture<Void> write(UnaryOperator<Checkpoint> change) {
            return onIo(() -> {
                Checkpoint next = closed ? null : change.apply(current);
                if (next != null) {
                    try {
                        store.save(next);
                        current = next;
                    } catch (RuntimeException e) {
                        onFailure.accept("cannot write the checkpoint of " + key, e);
                    }
                }
                return null;
            });
        }

        /**
         * Writes a step, from a handler's thread, and waits until it is written.
         *
         * @param step the step
         * @param at now
         * @return false if the record is closed (the job is over) or the agent has shut down
         * @throws RuntimeException the store's failure
         */
        public boolean saveStep(String step, Instant at) {
            CompletableFuture<Boolean> saved = onIo(() -> {
                if (closed || current == null) {
                    return false;
                }
                Checkpoint next = current.withStep(step, at);
                store.save(next);
                current = next;
                return true;
            });
            try {
                return saved.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof RejectedExecutionException) {
                    return false;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(cause);
            }
        }

        /**
         * Closes the record: never written again, and deleted if asked.
         *
         * @param delete whether the execution is over at the service
         * @return completes once closed (and deleted)
         */
        public CompletableFuture<Void> close(boolean delete) {
            CompletableFuture<Void> done = onIo(() -> {
                closed = true;
                if (delete) {
                    deleteNow(key);
                }
                return null;
            });
            // after shutdown nothing can be written any more: the record counts as closed
            return done.exceptionally(error -> null);
        }
    }
}
