package io.iotjobs.internal.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one client: where callbacks run and futures complete, and one timer thread.
 *
 * <p>The default callback executor is a small {@link ForkJoinPool} of daemon threads. A callback that blocks
 * on one of the SDK's futures ({@code join()} / {@code get()}) makes the pool add a compensating thread
 * (that is how {@code CompletableFuture} blocks inside a fork-join pool), so waiting for a reply inside a
 * callback never deadlocks, while the pool stays small otherwise.
 */
public final class ClientThreads implements AutoCloseable {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Executor executor;
    private final ForkJoinPool ownedPool;
    private final ScheduledThreadPoolExecutor timer;

    /**
     * Creates the threads of a client.
     *
     * @param name a short name for thread names
     * @param userExecutor the user's executor, or {@code null} for the default pool (owned and shut down by
     *     {@link #close()})
     */
    public ClientThreads(String name, Executor userExecutor) {
        int id = CLIENTS.incrementAndGet();
        String prefix = "iotjobs-" + name + "-" + id;
        if (userExecutor == null) {
            AtomicInteger workers = new AtomicInteger();
            ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName(prefix + "-callback-" + workers.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            int parallelism = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
            ownedPool = new ForkJoinPool(parallelism, factory, null, true, 0, 256, 1, null, 30, TimeUnit.SECONDS);
            executor = ownedPool;
        } else {
            ownedPool = null;
            executor = userExecutor;
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, prefix + "-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
     * The timer for timeouts and lingering subscriptions.
     *
     * @return the scheduler
     */
    public ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    /**
     * Stops the timer and the default pool (a user's executor is left alone). Tasks already queued on the
     * pool still run; the method waits briefly for them.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        if (ownedPool != null) {
            ownedPool.shutdown();
            try {
                ownedPool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
