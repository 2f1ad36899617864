package io.iotjobs.internal.agent;

import io.iotjobs.core.JobsTimer.Cancellable;
import java.time.Duration;

/**
 * One timer of the agent, used on the control thread only: {@link #start} replaces what was armed, and a task
 * that was already on its way to the control thread when the timer was cancelled or restarted does not run.
 */
public final class AgentTimer {

    private final AgentLoop loop;
    private Cancellable pending;
    private long generation;

    AgentTimer(AgentLoop loop) {
        this.loop = loop;
    }

    /**
     * Arms the timer, cancelling what was armed.
     *
     * @param delay zero or positive
     * @param task runs on the control thread when the delay has passed on the agent's time source
     */
    public void start(Duration delay, Runnable task) {
        cancel();
        long armed = generation;
        pending = loop.schedule(delay, () -> {
            if (generation == armed && pending != null) {
                pending = null;
                task.run();
            }
        });
    }

    /** Disarms the timer (idempotent). */
    public void cancel() {
        generation++;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /**
     * Whether a task is armed and has not run.
     *
     * @return true while armed
     */
    public boolean armed() {
        return pending != null;
    }
}
