package io.iotjobs.samples;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tells a running sample loop to stop: Ctrl-C, {@code --duration}, "the queue is empty", or a test. Once
 * stopped it stays stopped. Thread-safe.
 */
public final class StopSignal {
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** Asks the loop to stop. Idempotent; may be called from any thread. */
    public void stop() {
        stopped.complete(null);
    }

    /**
     * Whether {@link #stop()} was called.
     *
     * @return true once stopped
     */
    public boolean isStopped() {
        return stopped.isDone();
    }

    /**
     * Runs an action when the signal is stopped (at once, on this thread, if it already is; otherwise on the
     * thread that calls {@link #stop()}).
     *
     * @param action the action
     */
    public void onStop(Runnable action) {
        stopped.thenRun(action);
    }

    /**
     * Waits until the signal is stopped.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public void await() throws InterruptedException {
        try {
            stopped.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the signal is stopped or the time is up, whichever comes first. The loops use it instead
     * of sleeping, so that Ctrl-C ends a wait at once.
     *
     * @param timeout how long to wait at most
     * @return true if stopped, false if the time ran out
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            stopped.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
