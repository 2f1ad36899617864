package io.iotjobs.internal.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clock that moves only when told to. {@link #advanceTo} runs every task that falls due, in time order
 * (ties in scheduling order), on the calling thread, with {@link #now()} reading each task's due time while
 * it runs; tasks scheduled by those tasks run too if they fall due before the target.
 *
 * <p>Thread-safe. Advances are serialized; tasks never run while the clock's own state lock is held, so a task
 * may schedule or cancel other tasks and take other locks.
 */
public final class ManualServiceClock implements ServiceClock {

    private static final Logger LOG = LoggerFactory.getLogger(ManualServiceClock.class);

    private final Object lock = new Object();
    private final ReentrantLock advancing = new ReentrantLock();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private Instant now;
    private long sequence;

    /**
     * Creates the clock.
     *
     * @param start the initial time
     */
    public ManualServiceClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public Instant now() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(task, "task");
        Task entry;
        synchronized (lock) {
            entry = new Task(at, sequence++, task);
            tasks.add(entry);
        }
        return () -> {
            synchronized (lock) {
                tasks.remove(entry);
            }
        };
    }

    /**
     * Moves the clock forward by a duration, running the tasks that fall due.
     *
     * @param duration zero or positive
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration: must not be negative, got " + duration);
        }
        advancing.lock();
        try {
            advanceTo(now().plus(duration));
        } finally {
            advancing.unlock();
        }
    }

    /**
     * Sets the clock. Moving forward runs the tasks that fall due, as {@link #advance} does; moving back runs
     * nothing (tasks wait until the clock reaches them again).
     *
     * @param target the new time
     */
    public void advanceTo(Instant target) {
        Objects.requireNonNull(target, "target");
        advancing.lock();
        try {
            while (true) {
                Task due;
                synchronized (lock) {
                    due = tasks.peek();
                    if (due == null || due.at.isAfter(target)) {
                        now = target;
                        return;
                    }
                    tasks.poll();
                    if (due.at.isAfter(now)) {
                        now = due.at;
                    }
                }
                try {
                    due.task.run();
                } catch (RuntimeException | Error e) {
                    LOG.warn("scheduled task failed", e);
                }
            }
        } finally {
            advancing.unlock();
        }
    }

    /**
     * The number of tasks waiting to run.
     *
     * @return the count
     */
    public int pendingTasks() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    /**
     * Drops every waiting task.
     */
    @Override
    public void close() {
        synchronized (lock) {
            tasks.clear();
        }
    }

    private static final class Task implements Comparable<Task> {
        final Instant at;
        final long order;
        final Runnable task;

        Task(Instant at, long order, Runnable task) {
            this.at = at;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
