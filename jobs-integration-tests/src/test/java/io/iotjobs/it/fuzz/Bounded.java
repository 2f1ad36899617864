package io.iotjobs.it.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each call on a worker thread and waits for it at most {@link #LIMIT}, so that a decoder that loops or
 * blocks on some input fails the property instead of hanging the build. The limit is a hang detector, far
 * above any real decode time; nothing here measures speed.
 */
final class Bounded implements AutoCloseable {

    /** How long one call may take before it counts as stuck. */
    static final Duration LIMIT = Duration.ofSeconds(20);

    /** What a call did: returned a value, or threw. */
    static final class Outcome {
        final Object value;
        final Throwable thrown;

        private Outcome(Object value, Throwable thrown) {
            this.value = value;
            this.thrown = thrown;
        }
    }

    private ExecutorService worker = newWorker();

    /**
     * Runs a call.
     *
     * @param call the call
     * @param input what it was given, for the failure message
     * @return its value or what it threw (any {@link Throwable}, errors included)
     * @throws AssertionError if it did not return within {@link #LIMIT}
     */
    Outcome run(Callable<Object> call, Object input) {
        Future<Outcome> future = worker.submit(() -> {
            try {
                return new Outcome(call.call(), null);
            } catch (Throwable t) {
                return new Outcome(null, t);
            }
        });
        try {
            return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("stuck: no result within " + LIMIT + " for " + input);
        } catch (ExecutionException e) {
            throw new AssertionError("the worker failed for " + input, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
