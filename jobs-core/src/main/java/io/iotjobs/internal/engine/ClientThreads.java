package io.iotjobs.internal.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a client uses: where callbacks run and futures complete, and a timer.
 *
 * <p>Every open client shares one timer thread ({@code iotjobs-timer}) and, unless it was given an executor of
 * its own, one small {@link ForkJoinPool} of daemon threads ({@code iotjobs-callback-N}). A gateway with a
 * client per thing therefore runs a handful of SDK threads, not a few per thing. The shared threads start with
 * the first client and stop when the last one is closed, so no thread of the SDK outlives its clients.
 *
 * <p>A callback that blocks on one of the SDK's futures ({@code join()} / {@code get()}) makes the pool add a
 * compensating thread while it waits (that is how {@code CompletableFuture} blocks inside a fork-join pool),
 * so waiting for a reply inside a callback never deadlocks, while the pool stays small otherwise. Callbacks of
 * one subscription still run one at a time: the engines serialise them, not the pool.
 */
public final class ClientThreads implements AutoCloseable {
    private static final Object LOCK = new Object();
    private static final long STOP_WAIT_SECONDS = 5;

    // guarded by LOCK
    private static int users;
    private static ForkJoinPool sharedPool;
    private static ScheduledThreadPoolExecutor sharedTimer;

    private final Executor executor;
    private final ScheduledExecutorService timer;
    private boolean closed; // guarded by LOCK

    /**
     * Joins the shared threads.
     *
     * @param userExecutor the user's executor, or {@code null} for the shared default pool
     */
    public ClientThreads(Executor userExecutor) {
        synchronized (LOCK) {
            if (users == 0) {
                sharedPool = newPool();
                sharedTimer = newTimer();
            }
            users++;
            executor = userExecutor == null ? sharedPool : userExecutor;
            timer = sharedTimer;
        }
    }

    private static ForkJoinPool newPool() {
        AtomicInteger workers = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("iotjobs-callback-" + workers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        int parallelism = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        // beyond 512 threads a blocked callback waits without a compensating thread instead of failing
        return new ForkJoinPool(parallelism, factory, null, true, 0, 512, 1, pool -> true, 30, TimeUnit.SECONDS);
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "iotjobs-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    /**
     * Where callbacks run and futures complete.
     *
     * @return the executor
     */
    public Executor executor() {
        return executor;
    }

    /**
     * The timer for timeouts and lingering subscriptions, shared by every client: cancel what you schedule
     * when the client closes, and never block on it.
     *
     * @return the scheduler
     */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Leaves the shared threads. The last client to leave stops them, waiting briefly for tasks already queued
     * on the pool; a user's executor is left alone. Idempotent.
     */
    @Override
    public void close() {
        ForkJoinPool pool;
        ScheduledThreadPoolExecutor stoppedTimer;
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            users--;
            if (users > 0) {
                return;
            }
            pool = sharedPool;
            stoppedTimer = sharedTimer;
            sharedPool = null;
            sharedTimer = null;
        }
        stoppedTimer.shutdownNow();
        pool.shutdown();
        try {
            pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            stoppedTimer.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
