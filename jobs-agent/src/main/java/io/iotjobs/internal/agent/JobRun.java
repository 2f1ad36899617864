package io.iotjobs.internal.agent;

import io.iotjobs.agent.AgentScheduler.Cancellable;
import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.Checkpoint;
import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's state of the one execution it works on. Every field except the record (guarded by
 * {@link #recordLock}) and {@link #handlerExited} is touched only on the agent's thread.
 */
final class JobRun {

    /** Where the execution is in the agent's hands. */
    enum Stage {
        /** Started with StartNext; the IN_PROGRESS update of the start is on its way. */
        OPENING,
        /** The handler runs. */
        RUNNING,
        /** The handler has returned (or was given up on); the terminal status is being reported. */
        REPORTING
    }

    final JobExecutionData execution;
    final String jobId;
    final long executionNumber;
    final String key;
    final HandlerRegistry.Registration registration;
    final boolean resumed;
    final String resumedFrom;
    final AgentContext context;
    /** Completes when the handler has returned (or when it will never run). */
    final CompletableFuture<Void> handlerExited = new CompletableFuture<>();

    final Object recordLock = new Object();
    /** Guarded by {@link #recordLock}. */
    Checkpoint record;
    /** Guarded by {@link #recordLock}: once set, the record is never written again. */
    boolean recordClosed;

    Stage stage = Stage.OPENING;
    long lastVersion;
    boolean handlerStarted;

    // IN_PROGRESS updates
    boolean updateInFlight;
    boolean progressWaiting;
    boolean reportWaiting;
    boolean detailsDirty;
    /** Guards {@link #userDetails} and {@link #step}, which handler threads set. */
    final Object detailsLock = new Object();
    /** Guarded by {@link #detailsLock}. */
    Map<String, String> userDetails = Map.of();
    /** Guarded by {@link #detailsLock}. */
    String step;
    Instant lastInProgressSent;
    int inProgressFailures;
    Cancellable heartbeatTimer;
    Cancellable progressTimer;

    // cancellation
    boolean verifying;
    boolean verifyAgain;
    int verifyFailures;
    Cancellable verifyTimer;
    Cancellable watchdog;
    Cancellable stuckTimer;
    CancellationReason cancelReason;
    Instant signaledAt;
    CancellationReason endedAtService;
    /** No update of any kind goes out once set. */
    boolean stopUpdates;

    // terminal report
    JobResult outcome;
    Map<String, String> reportDetails;
    boolean minimalDetailsTried;
    int reportAttempts;
    int reportFailures;
    int reconcileFailures;
    boolean terminalStateUnknownSeen;
    Cancellable retryTimer;
    boolean reported;
    boolean reconciled;
    JobStatus finalStatus;
    Throwable error;
    boolean finished;

    JobRun(JobExecutionData execution, long executionNumber, HandlerRegistry.Registration registration,
            boolean resumed, String resumedFrom, AgentEngine host) {
        this.execution = execution;
        this.jobId = execution.jobId();
        this.executionNumber = executionNumber;
        this.key = jobId + "#" + executionNumber;
        this.registration = registration;
        this.resumed = resumed;
        this.resumedFrom = resumedFrom;
        this.step = resumedFrom;
        this.lastVersion = execution.versionNumber().orElse(0);
        this.context = new AgentContext(this, host);
    }

    /** Cancels every timer of the run. */
    void cancelTimers() {
        heartbeatTimer = cancel(heartbeatTimer);
        progressTimer = cancel(progressTimer);
        verifyTimer = cancel(verifyTimer);
        watchdog = cancel(watchdog);
        retryTimer = cancel(retryTimer);
        stuckTimer = cancel(stuckTimer);
    }

    static Cancellable cancel(Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
        return null;
    }

    @Override
    public String toString() {
        return key + "[" + stage + "]";
    }
}
