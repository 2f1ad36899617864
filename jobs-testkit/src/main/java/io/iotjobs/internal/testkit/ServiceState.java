package io.iotjobs.internal.testkit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * All jobs and things of the service, and the one way to change a thing: {@link #change}, which runs the
 * change under the thing's lock, then publishes the reply and the events it caused before releasing the
 * lock, so that every thing's replies and events leave in the order of its changes. There is no global
 * lock: changes to different things run in parallel.
 */
final class ServiceState {

    /** One atomic change to a thing's executions. */
    interface Change<T> {
        /**
         * Applies the change. Validate before mutating: an exception leaves the lock without publishing.
         *
         * @param thing the thing, locked
         * @param now the service time, read once the lock is held
         * @return the result
         */
        T apply(ThingRecord thing, Instant now);
    }

    final ConcurrentMap<String, JobRecord> jobs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ThingRecord> things = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ServiceClock clock;
    private final EventPlanner planner;
    private final ServiceOutput output;
    private final Observers observers;
    /** Work a change asked for, run on the same thread once its lock (and any outer one) is released. */
    private final ThreadLocal<Deque<Runnable>> afterwards = ThreadLocal.withInitial(ArrayDeque::new);

    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    ServiceState(ServiceClock clock, EventPlanner planner, ServiceOutput output, Observers observers) {
        this.clock = clock;
        this.planner = planner;
        this.output = output;
        this.observers = observers;
    }

    /**
     * Changes one thing atomically and publishes what the change caused.
     *
     * @param thingName a valid thing name
     * @param change the change
     * @param reply publishes the change's reply, if any, before the events (called under the lock)
     * @param <T> the change's result
     * @return the change's result
     */
    <T> T change(String thingName, Change<T> change, Consumer<? super T> reply) {
        ThingRecord thing = thing(thingName);
        int[] level = depth.get();
        level[0]++;
        T result;
        boolean changed;
        thing.lock.lock();
        try {
            Instant now = clock.now();
            EventPlanner.Snapshot before = planner.capture(thing);
            long revision = thing.revision;
            result = change.apply(thing, now);
            changed = thing.revision != revision;
            reply.accept(result);
            output.events(planner.plan(before, thing, now));
        } catch (RuntimeException e) {
            if (level[0] == 1) {
                // a refused change changed nothing, so nothing it asked for may follow
                afterwards.get().clear();
            }
            throw e;
        } finally {
            thing.lock.unlock();
            level[0]--;
        }
        if (changed) {
            observers.changed(ServiceObserver.Scope.THING, thingName);
        }
        if (level[0] == 0) {
            Deque<Runnable> work = afterwards.get();
            for (Runnable next = work.poll(); next != null; next = work.poll()) {
                next.run();
            }
        }
        return result;
    }

    /**
     * Runs work once the current change has released its thing's lock (on the same thread): for what a change
     * causes on other things, such as an abort canceling the job's other executions.
     *
     * @param work the work
     */
    void afterChange(Runnable work) {
        afterwards.get().add(work);
    }

    /**
     * Whether the calling thread is inside a change (holds a thing's lock through {@link #change}).
     *
     * @return true inside a change
     */
    boolean inChange() {
        return depth.get()[0] > 0;
    }

    /**
     * Changes one thing atomically (a change without a reply: control, timers).
     *
     * @param thingName a valid thing name
     * @param change the change
     * @param <T> the change's result
     * @return the change's result
     */
    <T> T change(String thingName, Change<T> change) {
        return change(thingName, change, result -> {});
    }

    /**
     * Tells the observers that a job changed (the control plane calls it after each change of a job).
     *
     * @param jobId the job
     */
    void jobChanged(String jobId) {
        observers.changed(ServiceObserver.Scope.JOB, jobId);
    }

    /**
     * A thing, created on first use.
     *
     * @param thingName a valid thing name
     * @return the thing
     */
    ThingRecord thing(String thingName) {
        return things.computeIfAbsent(thingName, ThingRecord::new);
    }

    /**
     * A thing, if anything ever happened to it.
     *
     * @param thingName the name
     * @return the thing
     */
    Optional<ThingRecord> existing(String thingName) {
        return Optional.ofNullable(things.get(thingName));
    }

    /**
     * Every thing known so far.
     *
     * @return a live view
     */
    Iterable<ThingRecord> things() {
        return things.values();
    }

    /**
     * The service time.
     *
     * @return now
     */
    Instant now() {
        return clock.now();
    }

    /**
     * The next creation sequence number (global order of execution creation).
     *
     * @return the number
     */
    long nextSequence() {
        return sequence.incrementAndGet();
    }
}
