package io.iotjobs.internal.agent;

import io.iotjobs.agent.JobResult;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the terminal status of a run exactly once: sends it, retries what may be retried (a fresh client
 * token each time), and when the outcome is unknown asks DescribeJobExecution and compares before sending
 * again. What each reply means is decided by {@link Decisions}.
 */
final class TerminalReporter {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalReporter.class);
    private static final int MINIMAL_REASON_LENGTH = 128;

    /** The reporting side of a run. */
    static final class State {
        final AgentTimer retry;
        JobResult outcome;
        Map<String, String> details;
        int attempts;
        int failures;
        int reconcileFailures;
        boolean minimalTried;
        boolean terminalUnknownSeen;
        boolean reconciled;

        State(AgentLoop loop) {
            this.retry = loop.timer();
        }
    }

    private final AgentSettings settings;
    private final AgentLoop loop;
    private final Requests requests;
    private final ProgressReporter progress;
    private final Coordinator coordinator;

    TerminalReporter(
            AgentSettings settings,
            AgentLoop loop,
            Requests requests,
            ProgressReporter progress,
            Coordinator coordinator) {
        this.settings = settings;
        this.loop = loop;
        this.requests = requests;
        this.progress = progress;
        this.coordinator = coordinator;
    }

    /**
     * The handler's result is known: fits its details (with the tail of the output) into the limits, stores
     * it in the record, and reports it.
     *
     * @param run the run
     * @param outcome the handler's result
     * @param output the job's output, or {@code null}
     */
    void finish(JobRun run, JobResult outcome, String output) {
        Map<String, String> details = new LinkedHashMap<>(outcome.details());
        String tail = output == null
                ? null
                : StatusDetails.tail(output, settings.limits().maxStatusDetailValueLength());
        if (tail != null && !details.containsKey(JobResult.OUTPUT_KEY)) {
            details.put(JobResult.OUTPUT_KEY, tail);
        }
        Map<String, String> fitted =
                StatusDetails.fit(details, settings.limits(), JobResult.REASON_KEY, JobResult.OUTPUT_KEY);
        JobResult result;
        try {
            result = JobResult.of(outcome.status(), fitted);
        } catch (IllegalArgumentException e) {
            result = outcome;
        }
        report(run, result, fitted, true);
    }

    /**
     * Reports a result: the run stops its IN_PROGRESS updates and checks; the terminal update goes out once
     * the result is stored (if asked) and the IN_PROGRESS update in flight has its reply.
     *
     * @param run the run
     * @param result the result
     * @param details its fitted details
     * @param store whether to write the result to the record first
     */
    void report(JobRun run, JobResult result, Map<String, String> details, boolean store) {
        run.state = RunState.REPORTING;
        run.progress.cancelTimers();
        run.verify.retry.cancel();
        run.report.outcome = result;
        run.report.details = details;
        Instant now = loop.now();
        CompletableFuture<Void> stored = store
                ? run.record.write(r -> r == null ? null : r.withOutcome(result, now))
                : CompletableFuture.completedFuture(null);
        stored.whenComplete((ok, e) -> loop.post(() -> progress.afterInFlight(run, () -> send(run))));
    }

    /** Sends the terminal update (again). */
    void send(JobRun run) {
        if (run.state != RunState.REPORTING) {
            coordinator.tryFinish(run);
            return;
        }
        State state = run.report;
        state.attempts++;
        LOG.debug(
                "{}: reporting {} for {} (attempt {})",
                settings.thingName(),
                state.outcome.status(),
                run.key,
                state.attempts);
        requests.update(run, state.outcome.status(), state.details, (reply, error) -> onReply(run, reply, error));
    }

    private void onReply(JobRun run, UpdateJobExecutionResponse reply, Throwable error) {
        if (run.state != RunState.REPORTING) {
            coordinator.tryFinish(run);
            return;
        }
        State state = run.report;
        if (error == null) {
            reply.executionState().ifPresent(s -> s.versionNumber().ifPresent(v -> run.lastVersion = v));
            coordinator.reported(run);
            return;
        }
        Failure failure = Failure.of(error);
        Decision decision = Decisions.afterTerminalFailure(
                failure,
                state.outcome.status(),
                state.terminalUnknownSeen,
                !state.minimalTried && !state.details.isEmpty());
        if (coordinator.actedOn(run, decision)) {
            return;
        }
        switch (decision.action()) {
            case RECONCILE_TERMINAL_UNKNOWN:
                state.terminalUnknownSeen = true;
                reconcile(run, failure);
                return;
            case RECONCILE:
                LOG.debug(
                        "{}: the outcome of the {} report of {} is unknown ({}); asking the service",
                        settings.thingName(),
                        state.outcome.status(),
                        run.key,
                        failure);
                reconcile(run, failure);
                return;
            case RETRY:
                retry(run, failure);
                return;
            case MINIMAL_DETAILS:
                sendMinimal(run, failure);
                return;
            case REPORTED:
                LOG.debug(
                        "{}: {} was already {} (an earlier attempt took effect)",
                        settings.thingName(),
                        run.key,
                        state.outcome.status());
                state.reconciled = true;
                coordinator.reported(run);
                return;
            default:
                coordinator.gaveUp(run, failure);
        }
    }

    /** The service refused the details: the reason alone, shortened, once. */
    private void sendMinimal(JobRun run, Failure failure) {
        State state = run.report;
        state.minimalTried = true;
        Map<String, String> minimal = new LinkedHashMap<>();
        state.outcome
                .reason()
                .ifPresent(reason -> minimal.put(
                        JobResult.REASON_KEY,
                        StatusDetails.head(
                                reason,
                                Math.min(
                                        MINIMAL_REASON_LENGTH, settings.limits().maxStatusDetailValueLength()))));
        LOG.warn(
                "{}: the service refused the details of the {} report of {} ({}); sending the reason only",
                settings.thingName(),
                state.outcome.status(),
                run.key,
                failure);
        state.details = minimal;
        send(run);
    }

    private void retry(JobRun run, Failure failure) {
        requests.retryLater(
                run.report.retry, ++run.report.failures, Requests.UPDATE, run.jobId(), failure, () -> send(run));
    }

    /** The outcome of the terminal update is unknown: Describe, compare status and version, then decide. */
    private void reconcile(JobRun run, Failure why) {
        if (run.state != RunState.REPORTING) {
            coordinator.tryFinish(run);
            return;
        }
        requests.describe(run, (reply, error) -> onReconcileReply(run, why, reply, error));
    }

    private void onReconcileReply(JobRun run, Failure why, DescribeJobExecutionResponse reply, Throwable error) {
        if (run.state != RunState.REPORTING) {
            coordinator.tryFinish(run);
            return;
        }
        State state = run.report;
        Failure failure = error == null ? null : Failure.of(error);
        Decision decision = Decisions.afterReconcile(reply, failure, state.outcome.status(), state.terminalUnknownSeen);
        if (coordinator.actedOn(run, decision)) {
            return;
        }
        switch (decision.action()) {
            case REPORTED:
                tookEffect(run, reply.execution().orElseThrow());
                return;
            case RETRY:
                state.reconcileFailures = 0;
                LOG.debug(
                        "{}: the {} report of {} did not take effect; sending it again",
                        settings.thingName(),
                        state.outcome.status(),
                        run.key);
                retry(run, why);
                return;
            case RESEND:
                state.terminalUnknownSeen = true;
                send(run);
                return;
            default:
                requests.retryLater(
                        state.retry,
                        ++state.reconcileFailures,
                        Requests.DESCRIBE,
                        run.jobId(),
                        failure,
                        () -> reconcile(run, why));
        }
    }

    private void tookEffect(JobRun run, JobExecutionData execution) {
        long version = execution.versionNumber().orElse(-1);
        if (version >= 0 && version <= run.lastVersion) {
            LOG.warn(
                    "{}: {} shows {} at version {}, not after the agent's last known version {}",
                    settings.thingName(),
                    run.key,
                    run.report.outcome.status(),
                    version,
                    run.lastVersion);
        }
        run.lastVersion = Math.max(run.lastVersion, version);
        LOG.debug(
                "{}: the {} report of {} took effect (version {})",
                settings.thingName(),
                run.report.outcome.status(),
                run.key,
                version);
        run.report.reconciled = true;
        coordinator.reported(run);
    }
}
