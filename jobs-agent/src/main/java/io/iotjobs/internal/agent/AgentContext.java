package io.iotjobs.internal.agent;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobContext;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The {@link JobContext} of one run. */
final class AgentContext implements JobContext {

    /** How much output is kept (more than one status-details value, so that the tail can be cleaned up). */
    static final int OUTPUT_BUFFER = 8 * 1024;

    private final JobRun run;
    private final ContextHost host;
    private final CompletableFuture<CancellationReason> cancelled = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();
    private volatile CancellationReason reason;
    /** Guarded by this. */
    private Thread thread;

    AgentContext(JobRun run, ContextHost host) {
        this.run = run;
        this.host = host;
    }

    @Override
    public String thingName() {
        return host.thingName();
    }

    @Override
    public JobExecutionData execution() {
        return run.execution;
    }

    @Override
    public String jobId() {
        return run.jobId();
    }

    @Override
    public long executionNumber() {
        return run.executionNumber();
    }

    @Override
    public JobDocument document() {
        return run.execution.jobDocument().orElse(JobDocument.empty());
    }

    @Override
    public void progress(Map<String, String> details) {
        Objects.requireNonNull(details, "details");
        int maxPairs = host.limits().maxStatusDetailsPairs() - 1;
        Map<String, String> copy =
                StatusDetails.checkAll(details, maxPairs, host.limits().maxStatusDetailValueLength());
        if (reason == null) {
            run.details.details(copy);
            host.onProgress(run);
        }
    }

    @Override
    public void checkpoint(String step) {
        StatusDetails.checkValue("step", step, host.limits().maxStatusDetailValueLength());
        CancellationReason current = reason;
        if (current != null && current != CancellationReason.AGENT_CLOSING) {
            return;
        }
        if (host.saveStep(run, step) && current == null) {
            run.details.step(step);
            host.onProgress(run);
        }
    }

    @Override
    public boolean isResumed() {
        return run.resumed;
    }

    @Override
    public Optional<String> resumedFrom() {
        return Optional.ofNullable(run.resumedFrom);
    }

    @Override
    public void appendOutput(CharSequence text) {
        Objects.requireNonNull(text, "text");
        synchronized (output) {
            output.append(text);
            if (output.length() > OUTPUT_BUFFER) {
                output.delete(0, output.length() - OUTPUT_BUFFER);
            }
        }
    }

    /**
     * The output so far.
     *
     * @return the kept end of the output
     */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    @Override
    public boolean isCancelled() {
        return reason != null;
    }

    @Override
    public Optional<CancellationReason> cancellationReason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public CompletionStage<CancellationReason> cancellation() {
        return cancelled.minimalCompletionStage();
    }

    @Override
    public void onCancel(Consumer<CancellationReason> callback) {
        Objects.requireNonNull(callback, "callback");
        cancelled.thenAccept(callback);
    }

    @Override
    public void throwIfCancelled() {
        CancellationReason current = reason;
        if (current != null) {
            throw new CancellationException("job " + run.jobId() + " was told to stop: " + current);
        }
    }

    /** The handler starts on the calling thread. */
    synchronized void enter() {
        thread = Thread.currentThread();
        if (reason != null) {
            thread.interrupt();
        }
    }

    /** The handler has returned on the calling thread; its interrupt flag is cleared. */
    void exit() {
        synchronized (this) {
            thread = null;
        }
        Thread.interrupted();
    }

    /**
     * Tells the handler to stop: the flag, the interrupt, then the stage (on the events executor).
     *
     * @param why the reason
     * @param events where the stage completes
     */
    void signal(CancellationReason why, Executor events) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            if (thread != null) {
                thread.interrupt();
            }
        }
        events.execute(() -> cancelled.complete(why));
    }

    @Override
    public String toString() {
        return "JobContext[" + host.thingName() + "/" + run.key + (reason == null ? "" : ", " + reason) + "]";
    }
}
