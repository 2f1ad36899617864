package io.iotjobs.internal.agent;

import io.iotjobs.agent.AgentListener;
import io.iotjobs.agent.AgentScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's thread plumbing: the one control thread every decision runs on (tasks posted from MQTT, timer,
 * handler and store threads), timers on the agent's single time source ({@link AgentScheduler}), and the
 * events thread on which listener calls and cancellation callbacks run one at a time.
 */
public final class AgentLoop {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

    private final String thing;
    private final AgentScheduler scheduler;
    private final AgentListener listener;
    private final Executor control;
    private final Executor eventsPool;
    private final Executor events;

    /**
     * A loop on the given executors (tests pass executors they drive themselves).
     *
     * @param thing the thing, for logs
     * @param scheduler the time source
     * @param listener the observer
     * @param control runs tasks one at a time, in order
     * @param eventsPool runs listener calls one at a time, in order
     */
    public AgentLoop(
            String thing, AgentScheduler scheduler, AgentListener listener, Executor control, Executor eventsPool) {
        this.thing = Objects.requireNonNull(thing, "thing");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.control = Objects.requireNonNull(control, "control");
        this.eventsPool = Objects.requireNonNull(eventsPool, "eventsPool");
        this.events = task -> {
            try {
                eventsPool.execute(task);
            } catch (RejectedExecutionException closed) {
                task.run();
            }
        };
    }

    /**
     * A loop with a control thread {@code iotjobs-agent-<thing>} and an events thread
     * {@code iotjobs-agent-<thing>-events}, both daemon threads.
     *
     * @param thing the thing
     * @param scheduler the time source
     * @param listener the observer
     * @return the loop
     */
    public static AgentLoop withThreads(String thing, AgentScheduler scheduler, AgentListener listener) {
        return new AgentLoop(
                thing,
                scheduler,
                listener,
                Executors.newSingleThreadExecutor(daemon("iotjobs-agent-" + thing)),
                Executors.newSingleThreadExecutor(daemon("iotjobs-agent-" + thing + "-events")));
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs a task on the control thread; an exception it throws is logged and told to the listener. Dropped
     * once the loop has shut down.
     *
     * @param task the task
     */
    public void post(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("{}: internal error of the job agent", thing, e);
                    tell(l -> l.onError("internal error of the job agent", e));
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.trace("{}: agent closed, dropping a task", thing);
        }
    }

    /**
     * The time source's current time.
     *
     * @return now
     */
    public Instant now() {
        return scheduler.now();
    }

    /**
     * The time source, for the pieces that need a deadline outside the control thread.
     *
     * @return the scheduler
     */
    public AgentScheduler scheduler() {
        return scheduler;
    }

    /**
     * A new timer whose task runs on the control thread.
     *
     * @return an unarmed timer
     */
    public AgentTimer timer() {
        return new AgentTimer(this);
    }

    /**
     * Calls the listener on the events thread; an exception it throws is logged.
     *
     * @param call the call
     */
    public void tell(Consumer<AgentListener> call) {
        events.execute(() -> {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("{}: the agent listener threw", thing, e);
            }
        });
    }

    /**
     * The events thread (on which cancellation stages complete).
     *
     * @return the executor
     */
    public Executor events() {
        return events;
    }

    /**
     * The thing.
     *
     * @return the thing name
     */
    public String thing() {
        return thing;
    }

    /** Stops the control thread (tasks already queued still run) and then the events thread. */
    public void shutdown() {
        if (control instanceof ExecutorService service) {
            service.shutdown();
        }
        if (eventsPool instanceof ExecutorService service) {
            service.shutdown();
        }
    }

    /** Schedules a task of a timer on the time source; it reaches the control thread when due. */
    AgentScheduler.Cancellable schedule(Duration delay, Runnable onControlThread) {
        return scheduler.schedule(delay, () -> post(onControlThread));
    }
}
