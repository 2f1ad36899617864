package io.iotjobs.agent;

import io.iotjobs.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link AgentScheduler} driven by the testkit's {@link TestClock}, so that the agent and the local Jobs
 * service share one time: {@link #advance(Duration)} moves through the agent's tasks in time order and, before
 * each, lets the clock run the service's tasks (step timers, delayed replies) that fall due before it.
 */
final class ManualScheduler implements AgentScheduler {

    private final TestClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final ReentrantLock advancing = new ReentrantLock();
    private long sequence;

    ManualScheduler(TestClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task entry;
        synchronized (tasks) {
            entry = new Task(clock.now().plus(delay), sequence++, task);
            tasks.add(entry);
        }
        return () -> {
            synchronized (tasks) {
                tasks.remove(entry);
            }
        };
    }

    /**
     * Moves the shared clock forward, running the agent's and the service's tasks that fall due, in time order,
     * on this thread. The agent's tasks only hand work to the agent's thread, so their effects follow
     * asynchronously.
     *
     * @param duration zero or positive
     */
    void advance(Duration duration) {
        advancing.lock();
        try {
            Instant target = clock.now().plus(duration);
            while (true) {
                Task next;
                synchronized (tasks) {
                    next = tasks.peek();
                    if (next == null || next.at.isAfter(target)) {
                        break;
                    }
                    tasks.poll();
                }
                if (next.at.isAfter(clock.now())) {
                    clock.set(next.at);
                }
                next.task.run();
            }
            if (target.isAfter(clock.now())) {
                clock.set(target);
            } else {
                clock.advance(Duration.ZERO);
            }
        } finally {
            advancing.unlock();
        }
    }

    /**
     * The number of agent tasks waiting.
     *
     * @return the count
     */
    int pendingTasks() {
        synchronized (tasks) {
            return tasks.size();
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
