package io.iotjobs.internal.agent;

import io.iotjobs.model.JobStatus;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IN_PROGRESS updates of a run: the start, the handler's progress and checkpoints (at most one update per
 * progress interval, the latest details winning), and the heartbeat that keeps the step timer alive. One
 * IN_PROGRESS update is in flight at a time; the terminal report waits for it ({@link #afterInFlight}).
 */
final class ProgressReporter {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    /** The IN_PROGRESS side of a run. */
    static final class State {
        final AgentTimer heartbeat;
        final AgentTimer throttle;
        boolean inFlight;
        /** Details changed and wait for the update in flight (or the throttle). */
        boolean dirty;

        boolean waiting;
        /** What runs once the update in flight has its reply (the terminal report). */
        Runnable afterReply;

        Instant lastSent;
        int failures;

        State(AgentLoop loop) {
            this.heartbeat = loop.timer();
            this.throttle = loop.timer();
        }

        void cancelTimers() {
            heartbeat.cancel();
            throttle.cancel();
        }
    }

    private final AgentSettings settings;
    private final AgentLoop loop;
    private final Requests requests;
    private final Coordinator coordinator;

    ProgressReporter(AgentSettings settings, AgentLoop loop, Requests requests, Coordinator coordinator) {
        this.settings = settings;
        this.loop = loop;
        this.requests = requests;
        this.coordinator = coordinator;
    }

    /** The IN_PROGRESS update of the start (with the checkpoint when the run resumes); its reply starts the handler. */
    void sendStart(JobRun run) {
        run.progress.dirty = run.resumedFrom != null;
        send(run);
    }

    /** The handler changed its details or its step. */
    void changed(JobRun run) {
        if (run.state != RunState.RUNNING) {
            return;
        }
        run.progress.dirty = true;
        flush(run);
    }

    /** Runs {@code task} once the IN_PROGRESS update in flight has its reply, or now if none is. */
    void afterInFlight(JobRun run, Runnable task) {
        if (run.progress.inFlight) {
            run.progress.afterReply = task;
        } else {
            task.run();
        }
    }

    private void flush(JobRun run) {
        State state = run.progress;
        if (!state.dirty || run.state != RunState.RUNNING) {
            return;
        }
        Instant now = loop.now();
        Instant earliest = state.lastSent == null ? now : state.lastSent.plus(settings.progressInterval());
        if (!now.isBefore(earliest)) {
            send(run);
        } else if (!state.throttle.armed()) {
            state.throttle.start(Duration.between(now, earliest), () -> flush(run));
        }
    }

    private void send(JobRun run) {
        State state = run.progress;
        if (run.state != RunState.OPENING && run.state != RunState.RUNNING || coordinator.closing()) {
            return;
        }
        if (state.inFlight) {
            state.waiting = true;
            return;
        }
        state.cancelTimers();
        Map<String, String> details = state.dirty ? run.details.forUpdate(settings.limits()) : null;
        state.dirty = false;
        state.inFlight = true;
        state.lastSent = loop.now();
        requests.update(run, JobStatus.IN_PROGRESS, details, (reply, error) -> onReply(run, details, reply, error));
    }

    private void onReply(JobRun run, Map<String, String> details, UpdateJobExecutionResponse reply, Throwable error) {
        State state = run.progress;
        state.inFlight = false;
        if (run.state == RunState.FINISHED) {
            return;
        }
        if (error == null) {
            state.failures = 0;
            reply.executionState().ifPresent(s -> s.versionNumber().ifPresent(v -> run.lastVersion = v));
            if (run.state == RunState.OPENING || run.state == RunState.RUNNING) {
                scheduleHeartbeat(run, settings.heartbeatInterval());
            }
            Map<String, String> sent = details == null ? Map.of() : details;
            loop.tell(l -> l.onStatusReported(run.jobId(), run.executionNumber(), JobStatus.IN_PROGRESS, sent));
        } else if (!failed(run, details, Failure.of(error))) {
            return;
        }
        if (state.afterReply != null) {
            Runnable next = state.afterReply;
            state.afterReply = null;
            next.run();
        } else if (run.state == RunState.OPENING) {
            coordinator.onStarted(run);
        } else if (state.waiting) {
            state.waiting = false;
            flush(run);
        }
    }

    /** Acts on a failed IN_PROGRESS update; returns false when nothing more is to be done (client closed). */
    private boolean failed(JobRun run, Map<String, String> details, Failure failure) {
        Decision decision = Decisions.afterInProgressFailure(failure);
        if (coordinator.actedOn(run, decision)) {
            return decision.action() != Decision.Action.NOTHING;
        }
        switch (decision.action()) {
            case VERIFY:
                coordinator.verify(run);
                return true;
            case DROP_DETAILS:
                LOG.error(
                        "{}: an IN_PROGRESS update of job {} was refused as invalid: {}",
                        settings.thingName(),
                        run.jobId(),
                        failure);
                loop.tell(l -> l.onError(
                        "an IN_PROGRESS update of job " + run.jobId() + " was refused as invalid", failure.cause));
                run.details.dropDetails();
                scheduleHeartbeat(run, settings.heartbeatInterval());
                return true;
            default:
                State state = run.progress;
                state.dirty |= details != null;
                int attempt = ++state.failures;
                Duration delay =
                        Decisions.inProgressRetryDelay(settings.backoff().delay(attempt), settings.heartbeatInterval());
                if (settings.heartbeatInterval() != null || state.dirty) {
                    scheduleHeartbeat(run, delay);
                }
                loop.tell(l -> l.onRetry(run.jobId(), Requests.UPDATE, attempt, delay, failure.cause));
                return true;
        }
    }

    private void scheduleHeartbeat(JobRun run, Duration delay) {
        run.progress.heartbeat.cancel();
        if (delay == null || !run.state.sendsUpdates() || coordinator.closing()) {
            return;
        }
        run.progress.heartbeat.start(delay, () -> send(run));
    }
}
