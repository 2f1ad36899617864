package io.iotjobs.testkit;

import io.iotjobs.internal.testkit.ManualServiceClock;
import io.iotjobs.internal.testkit.ServiceClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A manual clock for the local Jobs service, so that tests of step timers, in-progress timers and delayed
 * replies never sleep. Time moves only when {@link #advance(Duration)} or {@link #set(Instant)} is called;
 * each call runs every service task that falls due (timeouts, delayed replies), in time order, on the
 * calling thread, before it returns. While a task runs, {@link #now()} reads that task's due time.
 *
 * <p>A task whose time is already reached when it is scheduled runs at the next advance
 * ({@code advance(Duration.ZERO)} runs it).
 *
 * <p>It is a {@link Clock} (always in UTC), so code under test can read the same time. Thread-safe; advances
 * from several threads are serialized. Pass it to {@link LocalJobsService.Builder#clock(TestClock)}; one
 * clock may drive several services.
 */
public final class TestClock extends Clock {

    /** The default start: 2024-05-29T16:26:40Z (epoch second 1717000000). */
    public static final Instant DEFAULT_START = Instant.ofEpochSecond(1_717_000_000L);

    private final ManualServiceClock clock;

    private TestClock(ManualServiceClock clock) {
        this.clock = clock;
    }

    /**
     * A clock at {@link #DEFAULT_START}.
     *
     * @return a new clock
     */
    public static TestClock create() {
        return startingAt(DEFAULT_START);
    }

    /**
     * A clock at the given time.
     *
     * @param start the initial time
     * @return a new clock
     */
    public static TestClock startingAt(Instant start) {
        return new TestClock(new ManualServiceClock(Objects.requireNonNull(start, "start")));
    }

    /**
     * The current time.
     *
     * @return now
     */
    public Instant now() {
        return clock.now();
    }

    @Override
    public Instant instant() {
        return clock.now();
    }

    /**
     * Moves the clock forward, running every task that falls due on this thread before returning.
     *
     * @param duration zero or positive
     * @throws IllegalArgumentException if the duration is negative
     */
    public void advance(Duration duration) {
        clock.advance(duration);
    }

    /**
     * Sets the clock. Moving forward runs the tasks that fall due, on this thread, before returning; moving
     * back runs nothing.
     *
     * @param instant the new time
     */
    public void set(Instant instant) {
        clock.advanceTo(instant);
    }

    /**
     * The number of service tasks (timers, delayed replies) waiting for the clock.
     *
     * @return the count
     */
    public int pendingTasks() {
        return clock.pendingTasks();
    }

    /**
     * UTC.
     *
     * @return {@link ZoneOffset#UTC}
     */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock's time seen in another zone (a fixed view is not returned: the result follows this clock).
     *
     * @param zone the zone
     * @return a clock reading this clock's instant in the zone
     */
    @Override
    public Clock withZone(ZoneId zone) {
        TestClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    /** The service side of this clock. */
    ServiceClock serviceClock() {
        return clock;
    }

    @Override
    public String toString() {
        return "TestClock[" + now() + "]";
    }
}
