package io.iotjobs.internal.agent;

import io.iotjobs.model.DescribeJobExecutionResponse;

/**
 * Checks with DescribeJobExecution whether the running execution still stands, when a notification or a
 * reconnect hints it may not; one check at a time (a hint during a check asks for one more), retried with
 * backoff when the check fails.
 */
final class CancelWatch {

    /** The checking side of a run. */
    static final class State {
        final AgentTimer retry;
        boolean checking;
        boolean again;
        int failures;

        State(AgentLoop loop) {
            this.retry = loop.timer();
        }
    }

    private final Requests requests;
    private final Coordinator coordinator;

    CancelWatch(Requests requests, Coordinator coordinator) {
        this.requests = requests;
        this.coordinator = coordinator;
    }

    /** Asks the service whether the run's execution still stands. */
    void verify(JobRun run) {
        State state = run.verify;
        if (!watched(run) || state.retry.armed()) {
            return;
        }
        if (state.checking) {
            state.again = true;
            return;
        }
        state.checking = true;
        requests.describe(run, (reply, error) -> onReply(run, reply, error));
    }

    /** Only an execution that still sends IN_PROGRESS updates is watched; the report has its own checks. */
    private boolean watched(JobRun run) {
        return (run.state == RunState.OPENING || run.state == RunState.RUNNING) && !coordinator.closing();
    }

    private void onReply(JobRun run, DescribeJobExecutionResponse reply, Throwable error) {
        State state = run.verify;
        state.checking = false;
        if (!watched(run)) {
            return;
        }
        Failure failure = error == null ? null : Failure.of(error);
        Decision decision = Decisions.afterVerify(reply, failure);
        if (coordinator.actedOn(run, decision)) {
            return;
        }
        switch (decision.action()) {
            case RETRY_DESCRIBE:
                state.again = false;
                requests.retryLater(
                        state.retry, ++state.failures, Requests.DESCRIBE, run.jobId(), failure, () -> verify(run));
                return;
            default:
                state.failures = 0;
                if (state.again) {
                    state.again = false;
                    verify(run);
                }
        }
    }
}
