package io.iotjobs.internal.testkit;

import java.time.Instant;
import java.util.Objects;

/**
 * Keeps one clock task per running execution, due at its effective deadline: the earlier of the step timer
 * and the job's in-progress timer (reference §5.5). Call {@link #sync} after any change to an execution's
 * status or deadlines, with the thing's lock held.
 */
final class ExecutionTimers {

    /** Called on the clock's thread when an execution's deadline passes. */
    interface Expiry {
        /**
         * The deadline of an execution passed.
         *
         * @param execution the execution
         * @param generation the timer generation the task was scheduled for
         */
        void expired(ExecutionRecord execution, long generation);
    }

    private final ServiceClock clock;
    private final Expiry expiry;

    ExecutionTimers(ServiceClock clock, Expiry expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    /**
     * Makes the execution's clock task match its effective deadline: cancels a task that is no longer
     * wanted, (re)schedules one whose time changed.
     *
     * @param execution the execution (its thing locked)
     */
    void sync(ExecutionRecord execution) {
        Instant due = execution.deadline();
        if (Objects.equals(due, execution.timerAt)) {
            return;
        }
        cancel(execution);
        if (due != null) {
            long generation = execution.timerGeneration;
            execution.timerAt = due;
            execution.timer = clock.schedule(due, () -> expiry.expired(execution, generation));
        }
    }

    /**
     * Cancels the execution's clock task, if any.
     *
     * @param execution the execution (its thing locked)
     */
    void cancel(ExecutionRecord execution) {
        execution.timerGeneration++;
        if (execution.timer != null) {
            execution.timer.cancel();
        }
        execution.timer = null;
        execution.timerAt = null;
    }

    /**
     * Whether a task of the given generation is still the execution's current one.
     *
     * @param execution the execution (its thing locked)
     * @param generation the task's generation
     * @return true if the task should act
     */
    static boolean current(ExecutionRecord execution, long generation) {
        return execution.timerGeneration == generation && execution.timer != null && !execution.removed;
    }
}
