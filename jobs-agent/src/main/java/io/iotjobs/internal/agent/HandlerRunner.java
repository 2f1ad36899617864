package io.iotjobs.internal.agent;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobExecutionData;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handler of an execution on a thread of its own (or the user's executor), watches its time limit,
 * tells it to stop, and warns while a handler told to stop keeps running. The handler's return is handed to
 * the coordinator on the control thread.
 */
final class HandlerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRunner.class);

    /** The handler's side of a run. */
    static final class State {
        /** Completes on the handler's thread when the handler has returned. */
        final CompletableFuture<Void> exited = new CompletableFuture<>();

        final AgentTimer watchdog;
        final AgentTimer stuck;
        boolean started;
        CancellationReason reason;
        Instant signaledAt;

        State(AgentLoop loop) {
            this.watchdog = loop.timer();
            this.stuck = loop.timer();
        }

        /** Whether no handler runs for the execution (it returned, or never started). */
        boolean gone() {
            return !started || exited.isDone();
        }

        void cancelTimers() {
            watchdog.cancel();
            stuck.cancel();
        }
    }

    private final AgentSettings settings;
    private final AgentLoop loop;
    private final Coordinator coordinator;

    HandlerRunner(AgentSettings settings, AgentLoop loop, Coordinator coordinator) {
        this.settings = settings;
        this.loop = loop;
        this.coordinator = coordinator;
    }

    /** Starts the handler, with its time limit. */
    void run(JobRun run) {
        run.state = RunState.RUNNING;
        run.handler.started = true;
        Duration limit =
                run.registration.timeLimit() != null ? run.registration.timeLimit() : settings.handlerTimeLimit();
        run.handler.watchdog.start(limit, () -> coordinator.onTimeLimit(run, limit));
        JobExecutionData execution = run.execution;
        boolean resumed = run.resumed;
        loop.tell(l -> l.onJobStarted(execution, resumed));
        Runnable task = () -> {
            JobResult result = null;
            Throwable failure = null;
            run.context.enter();
            try {
                result = run.registration.handler().handle(run.context);
            } catch (Throwable e) {
                failure = e;
            } finally {
                run.context.exit();
                run.handler.exited.complete(null);
            }
            JobResult returned = result;
            Throwable thrown = failure;
            loop.post(() -> coordinator.onHandlerReturned(run, returned, thrown));
        };
        try {
            if (settings.handlerExecutor() != null) {
                settings.handlerExecutor().execute(task);
            } else {
                Thread thread = new Thread(task, "iotjobs-agent-" + settings.thingName() + "-job-" + run.jobId());
                thread.setDaemon(true);
                thread.start();
            }
        } catch (RuntimeException e) {
            run.handler.exited.complete(null);
            coordinator.onHandlerReturned(run, null, e);
        }
    }

    /** Tells the handler to stop (once); starts the stuck-handler warnings if it runs. */
    void signal(JobRun run, CancellationReason reason) {
        if (run.handler.reason != null) {
            return;
        }
        run.handler.reason = reason;
        run.handler.signaledAt = loop.now();
        run.context.signal(reason, loop.events());
        if (!run.handler.gone()) {
            watchStuck(run);
        }
    }

    /** Warns every grace period while a handler that should have stopped keeps running. */
    void watchStuck(JobRun run) {
        if (run.handler.gone() || run.handler.stuck.armed()) {
            return;
        }
        if (run.handler.signaledAt == null) {
            run.handler.signaledAt = loop.now();
        }
        run.handler.stuck.start(settings.cancelGrace(), () -> {
            if (run.handler.gone() || run.state == RunState.FINISHED) {
                return;
            }
            Duration since = Duration.between(run.handler.signaledAt, loop.now());
            CancellationReason reason = run.handler.reason;
            LOG.warn(
                    "{}: the handler of job {} has not stopped {} after being told to ({}); no other job starts "
                            + "until it returns",
                    settings.thingName(),
                    run.jobId(),
                    Durations.human(since),
                    reason);
            watchStuck(run);
            loop.tell(l -> l.onHandlerStuck(run.jobId(), reason, since));
        });
    }
}
