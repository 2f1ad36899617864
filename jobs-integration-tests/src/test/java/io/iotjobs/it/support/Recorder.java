package io.iotjobs.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Records what a callback receives, in order, and lets a test wait for it: a thread-safe list with waits
 * (no polling: the waits are woken by each new item).
 *
 * @param <T> the recorded type
 */
public final class Recorder<T> implements Consumer<T> {
    private final List<T> items = new ArrayList<>(); // guarded by itself

    /**
     * Records an item; wakes the waiting threads. Any thread.
     *
     * @param item the item
     */
    @Override
    public void accept(T item) {
        synchronized (items) {
            items.add(item);
            items.notifyAll();
        }
    }

    /**
     * Everything recorded so far.
     *
     * @return a copy, oldest first
     */
    public List<T> all() {
        synchronized (items) {
            return new ArrayList<>(items);
        }
    }

    /**
     * Waits until at least {@code count} items were recorded.
     *
     * @param count the number to wait for
     * @param timeout the longest wait
     * @return the first {@code count} items
     * @throws AssertionError listing what was recorded, when fewer arrived in time
     * @throws InterruptedException if interrupted
     */
    public List<T> awaitCount(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (items) {
            while (items.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected at least " + count + " items within " + timeout + ", got "
                            + items.size() + ": " + items);
                }
                TimeUnit.NANOSECONDS.timedWait(items, left);
            }
            return new ArrayList<>(items.subList(0, count));
        }
    }

    /**
     * Waits until an item recorded at index {@code from} or later matches.
     *
     * @param from the first index to look at (e.g. {@code all().size()} before triggering what is awaited)
     * @param condition what to wait for
     * @param what a description for the failure message
     * @param timeout the longest wait
     * @return the index of the first match
     * @throws AssertionError listing what was recorded, when nothing matched in time
     * @throws InterruptedException if interrupted
     */
    public int awaitMatch(int from, Predicate<? super T> condition, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (items) {
            int next = from;
            while (true) {
                for (; next < items.size(); next++) {
                    if (condition.test(items.get(next))) {
                        return next;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + what + " within " + timeout + " (from index " + from
                            + "), recorded: " + items);
                }
                TimeUnit.NANOSECONDS.timedWait(items, left);
            }
        }
    }

    /**
     * {@link #awaitMatch(int, Predicate, String, Duration)} from the start.
     *
     * @param condition what to wait for
     * @param what a description for the failure message
     * @param timeout the longest wait
     * @return the matching item
     * @throws InterruptedException if interrupted
     */
    public T await(Predicate<? super T> condition, String what, Duration timeout) throws InterruptedException {
        int index = awaitMatch(0, condition, what, timeout);
        synchronized (items) {
            return items.get(index);
        }
    }

    /**
     * How many items were recorded.
     *
     * @return the count
     */
    public int size() {
        synchronized (items) {
            return items.size();
        }
    }

    @Override
    public String toString() {
        return all().toString();
    }
}
