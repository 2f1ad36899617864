package io.iotjobs.internal.agent;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobOutcome;
import io.iotjobs.agent.JobResult;
import io.iotjobs.agent.JobsAgent;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job loop of a {@link JobsAgent}: owns the state of the one execution the agent works on and moves it
 * through its {@link RunState}s. Every method runs on the agent's control thread (see {@link AgentLoop}), so
 * the state needs no locks; the pieces do the talking ({@link Intake}, {@link HandlerRunner},
 * {@link ProgressReporter}, {@link CancelWatch}, {@link TerminalReporter}, {@link CheckpointWriter}), the
 * {@link Decisions} say what replies mean, and the service is reached through a {@link JobsPort} only.
 */
public final class Coordinator implements ContextHost {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final int FINISHED_MEMORY = 256;

    private final AgentSettings settings;
    private final String thing;
    private final AgentLoop loop;
    private final JobsPort port;
    private final CheckpointWriter writer;
    private final Intake intake;
    private final HandlerRunner runner;
    private final ProgressReporter progress;
    private final CancelWatch watch;
    private final TerminalReporter reporter;
    private final AgentShutdown shutdown;
    private final FinishedMemory finished = new FinishedMemory(FINISHED_MEMORY);
    private final RunOpener opener;
    private final CompletableFuture<Void> startFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private volatile JobExecutionData currentExecution;
    private volatile boolean closeCalled;
    private boolean started;
    private boolean closing;
    private JobRun current;

    /**
     * Wires the agent's pieces; nothing is subscribed or requested before {@link #start()}.
     *
     * @param settings the checked settings
     * @param loop the control thread, timers and events thread
     * @param port the service
     * @param io where checkpoint records are read and written, one call at a time
     */
    public Coordinator(AgentSettings settings, AgentLoop loop, JobsPort port, Executor io) {
        this.settings = settings;
        this.thing = settings.thingName();
        this.loop = loop;
        this.port = port;
        this.writer = new CheckpointWriter(thing, settings.store(), io, this::storeFailed);
        Requests requests = new Requests(settings, loop, port);
        this.intake = new Intake(settings, loop, port, requests, writer, this);
        this.runner = new HandlerRunner(settings, loop, this);
        this.progress = new ProgressReporter(settings, loop, requests, this);
        this.watch = new CancelWatch(requests, this);
        this.reporter = new TerminalReporter(settings, loop, requests, progress, this);
        this.shutdown = new AgentShutdown(settings, loop, port, writer);
        this.opener = new RunOpener(settings, loop, writer, finished, intake, progress, reporter, this);
    }

    /**
     * The agent as {@link JobsAgent.Builder#build()} makes it: its own threads, the V2 client behind a
     * {@link V2JobsPort}, and a store thread.
     *
     * @param settings the checked settings
     * @return the coordinator
     */
    public static Coordinator create(AgentSettings settings) {
        AgentLoop loop = AgentLoop.withThreads(settings.thingName(), settings.scheduler(), settings.listener());
        JobsPort port = new V2JobsPort(
                settings.client(),
                settings.ownsClient(),
                settings.connection(),
                settings.scheduler(),
                settings.requestTimeout());
        return new Coordinator(
                settings,
                loop,
                port,
                Executors.newSingleThreadExecutor(
                        AgentLoop.daemon("iotjobs-agent-" + settings.thingName() + "-store")));
    }

    // ------------------------------------------------------------------ public operations (any thread)

    /**
     * Starts the agent (idempotent).
     *
     * @return completes when both streams are established
     * @throws IllegalStateException after {@link #close(Duration)}
     */
    public CompletableFuture<Void> start() {
        if (closeCalled) {
            throw new IllegalStateException("the agent was closed; build a new one");
        }
        loop.post(() -> {
            if (!started && !closing) {
                started = true;
                LOG.debug("{}: agent starting", thing);
                intake.start();
            }
        });
        return startFuture.copy();
    }

    /**
     * The execution the agent works on.
     *
     * @return the execution, or empty
     */
    public Optional<JobExecutionData> currentJob() {
        return Optional.ofNullable(currentExecution);
    }

    /**
     * Closes the agent, waiting at most the timeout (real time) for the running handler and a pending report.
     *
     * @param timeout the bound
     * @return true if the agent closed with nothing left running or unreported
     */
    public boolean close(Duration timeout) {
        boolean first = !closeCalled;
        closeCalled = true;
        if (first) {
            loop.post(this::beginClose);
        }
        boolean clean = AgentShutdown.await(closedFuture, timeout);
        if (first) {
            shutdown.run(() -> {
                JobRun run = current;
                if (run != null) {
                    run.cancelTimers();
                    if (run.state.sendsUpdates()) {
                        run.state = RunState.LEFT_FOR_RESUME;
                    }
                    if (!run.handler.gone()) {
                        LOG.warn(
                                "{}: closing while the handler of job {} still runs; it is abandoned (its execution "
                                        + "stays IN_PROGRESS for the next agent to resume)",
                                thing,
                                run.jobId());
                    }
                }
                intake.stop();
            });
            startFuture.completeExceptionally(new IllegalStateException("the agent was closed"));
            LOG.debug("{}: agent closed ({})", thing, clean ? "clean" : "timed out");
        }
        return clean;
    }

    // ------------------------------------------------------------------ what the pieces ask (control thread)

    boolean closing() {
        return closing;
    }

    boolean started() {
        return started;
    }

    JobRun current() {
        return current;
    }

    void listening() {
        startFuture.complete(null);
    }

    void startFailed(Throwable cause) {
        startFuture.completeExceptionally(cause);
    }

    void verify(JobRun run) {
        watch.verify(run);
    }

    void storeFailed(String message, Throwable e) {
        LOG.error("{}: {}", thing, message, e);
        loop.tell(l -> l.onError(message, e));
    }

    /** StartNext handed out an execution. */
    void begin(JobExecutionData execution) {
        JobRun run = opener.open(execution);
        if (run != null) {
            current = run;
            currentExecution = execution;
        }
    }

    /** The start's IN_PROGRESS update has its reply: the handler may run. */
    void onStarted(JobRun run) {
        if (isOpening(run)) {
            runner.run(run);
        } else {
            tryFinish(run);
        }
    }

    /** Whether the run is the current one, still opening, and the agent not closing. */
    boolean isOpening(JobRun run) {
        return run == current && run.state == RunState.OPENING && !closing;
    }

    /**
     * Acts on the decisions every piece shares: nothing to do (client closed), or the execution ended at the
     * service.
     *
     * @return true when the decision was one of these two and has been acted on
     */
    boolean actedOn(JobRun run, Decision decision) {
        if (decision.action() == Decision.Action.ENDED) {
            endedAtService(run, decision.reason(), decision.status());
            return true;
        }
        return decision.action() == Decision.Action.NOTHING;
    }

    void onHandlerReturned(JobRun run, JobResult result, Throwable failure) {
        if (run != current || run.state == RunState.FINISHED) {
            return;
        }
        run.handler.cancelTimers();
        if (run.handler.reason != null) {
            LOG.debug(
                    "{}: handler of {} returned after being told to stop ({}); its result is not reported",
                    thing,
                    run.key,
                    run.handler.reason);
            tryFinish(run);
            return;
        }
        JobResult outcome;
        if (failure != null) {
            LOG.warn("{}: the handler of job {} threw", thing, run.jobId(), failure);
            String message = failure.getMessage();
            outcome = JobResult.failed(failure.getClass().getSimpleName() + (message == null ? "" : ": " + message));
        } else if (result == null) {
            outcome = JobResult.failed("the handler returned no result");
        } else {
            outcome = result;
        }
        reporter.finish(run, outcome, run.context.output());
    }

    void onTimeLimit(JobRun run, Duration limit) {
        if (run != current || run.state != RunState.RUNNING || run.handler.reason != null) {
            return;
        }
        LOG.warn(
                "{}: the handler of job {} exceeded its time limit of {}; reporting FAILED", thing, run.jobId(), limit);
        runner.signal(run, CancellationReason.HANDLER_TIME_LIMIT);
        reporter.finish(
                run,
                JobResult.failed("the handler did not finish within its time limit of " + Durations.human(limit)),
                run.context.output());
    }

    /** The execution is terminal (or gone) at the service without the agent's report: stop, never report. */
    void endedAtService(JobRun run, CancellationReason reason, JobStatus status) {
        if (run != current || !run.state.sendsUpdates() && run.state != RunState.LEFT_FOR_RESUME) {
            return;
        }
        LOG.info(
                "{}: job {} ended at the service ({}{}); telling the handler to stop",
                thing,
                run.key,
                reason,
                status == null ? "" : ", " + status);
        run.state = RunState.ENDED_AT_SERVICE;
        run.endedAtService = reason;
        run.finalStatus = status;
        run.progress.cancelTimers();
        run.verify.retry.cancel();
        run.report.retry.cancel();
        run.handler.watchdog.cancel();
        closeRecord(run, true);
        runner.signal(run, reason);
        tryFinish(run);
    }

    void reported(JobRun run) {
        run.state = RunState.REPORTED;
        JobStatus status = run.report.outcome.status();
        run.finalStatus = status;
        closeRecord(run, true);
        finished.reported(run.key);
        Map<String, String> details = run.report.details;
        LOG.info(
                "{}: job {} reported {}{}",
                thing,
                run.key,
                status,
                run.report.reconciled ? " (confirmed by the service's state)" : "");
        loop.tell(l -> l.onStatusReported(run.jobId(), run.executionNumber(), status, details));
        tryFinish(run);
    }

    void gaveUp(JobRun run, Failure failure) {
        run.state = RunState.GAVE_UP;
        run.error = failure.cause;
        finished.gaveUp(run.key);
        LOG.error("{}: giving up reporting {} for {}: {}", thing, run.report.outcome.status(), run.key, failure);
        loop.tell(l -> l.onError(
                "giving up reporting " + run.report.outcome.status() + " for job " + run.jobId(), failure.cause));
        tryFinish(run);
    }

    private void closeRecord(JobRun run, boolean delete) {
        if (run.recordClosed == null) {
            run.recordClosed = run.record.close(delete);
            run.recordClosed.whenComplete((ok, e) -> loop.post(() -> tryFinish(run)));
        }
    }

    /** Ends the job once it is settled, its handler has returned and its record is closed; then takes the next. */
    void tryFinish(JobRun run) {
        if (run != current || !run.state.settled()) {
            return;
        }
        if (!run.handler.gone()) {
            runner.watchStuck(run);
            return;
        }
        closeRecord(run, false);
        if (!run.recordClosed.isDone()) {
            return;
        }
        boolean reported = run.state == RunState.REPORTED;
        run.state = RunState.FINISHED;
        run.cancelTimers();
        current = null;
        currentExecution = null;
        JobOutcome outcome = run.outcome(reported);
        LOG.debug("{}: done with {}: {}", thing, run.key, outcome);
        loop.tell(l -> l.onJobFinished(outcome));
        if (closing) {
            closedFuture.complete(null);
        } else {
            intake.kick();
        }
    }

    private void beginClose() {
        if (closing) {
            return;
        }
        closing = true;
        intake.stop();
        JobRun run = current;
        if (run == null) {
            closedFuture.complete(null);
            return;
        }
        if (run.state == RunState.REPORTING) {
            LOG.debug("{}: closing; waiting for the report of {}", thing, run.key);
            return;
        }
        if (run.state.sendsUpdates()) {
            run.state = RunState.LEFT_FOR_RESUME;
            run.progress.cancelTimers();
            run.verify.retry.cancel();
            run.handler.watchdog.cancel();
            runner.signal(run, CancellationReason.AGENT_CLOSING);
        }
        tryFinish(run);
    }

    // ------------------------------------------------------------------ ContextHost (handler threads)

    @Override
    public String thingName() {
        return thing;
    }

    @Override
    public JobsLimits limits() {
        return settings.limits();
    }

    @Override
    public void onProgress(JobRun run) {
        loop.post(() -> progress.changed(run));
    }

    @Override
    public boolean saveStep(JobRun run, String step) {
        return run.record.saveStep(step, loop.now());
    }

    @Override
    public String toString() {
        return "Coordinator[" + thing + "]";
    }
}
