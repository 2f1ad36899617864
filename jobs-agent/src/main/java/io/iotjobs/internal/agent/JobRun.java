package io.iotjobs.internal.agent;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobOutcome;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The state of the one execution the agent works on: where it stands ({@link RunState}) and the state each
 * piece keeps about it. Touched on the control thread only, except {@link #details} (handler threads) and the
 * handler's exit (completed on the handler's thread).
 */
final class JobRun {

    final JobExecutionData execution;
    final ExecutionKey key;
    final HandlerRegistry.Registration registration;
    final CheckpointWriter.Record record;
    final ProgressDetails details = new ProgressDetails();
    final AgentContext context;

    RunState state = RunState.OPENING;
    /** Set once the record is loaded, before the handler starts. */
    volatile boolean resumed;
    /** Set once the record is loaded, before the handler starts. */
    volatile String resumedFrom;
    /** The execution's version as the agent last saw it. */
    long lastVersion;

    final HandlerRunner.State handler;
    final ProgressReporter.State progress;
    final CancelWatch.State verify;
    final TerminalReporter.State report;

    /** Why the execution ended at the service, once it did. */
    CancellationReason endedAtService;
    /** The terminal status the agent reported or found. */
    JobStatus finalStatus;
    /** Why the agent gave up reporting. */
    Throwable error;
    /** Completes when the checkpoint record is closed; {@code null} until the agent closes it. */
    CompletableFuture<Void> recordClosed;

    JobRun(
            JobExecutionData execution,
            HandlerRegistry.Registration registration,
            CheckpointWriter.Record record,
            AgentLoop loop,
            ContextHost host) {
        this.execution = execution;
        this.key = ExecutionKey.of(execution);
        this.registration = registration;
        this.record = record;
        this.lastVersion = execution.versionNumber().orElse(0);
        this.handler = new HandlerRunner.State(loop);
        this.progress = new ProgressReporter.State(loop);
        this.verify = new CancelWatch.State(loop);
        this.report = new TerminalReporter.State(loop);
        this.context = new AgentContext(this, host);
    }

    String jobId() {
        return key.jobId();
    }

    long executionNumber() {
        return key.executionNumber();
    }

    /** Disarms every timer of the run. */
    void cancelTimers() {
        handler.cancelTimers();
        progress.cancelTimers();
        verify.retry.cancel();
        report.retry.cancel();
    }

    /**
     * How the run ended, for the listener.
     *
     * @param reported whether the agent's terminal update took effect
     * @return the outcome
     */
    JobOutcome outcome(boolean reported) {
        return JobOutcome.builder(jobId(), executionNumber())
                .status(finalStatus)
                .reportedByAgent(reported)
                .statusDetails(reported && report.details != null ? report.details : Map.of())
                .cancellation(endedAtService != null ? endedAtService : handler.reason)
                .reportAttempts(report.attempts)
                .reconciled(report.reconciled)
                .resumed(resumed)
                .error(error)
                .build();
    }

    @Override
    public String toString() {
        return key + "[" + state + "]";
    }
}
