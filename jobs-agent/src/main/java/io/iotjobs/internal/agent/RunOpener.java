package io.iotjobs.internal.agent;

import io.iotjobs.agent.Checkpoint;
import io.iotjobs.agent.JobResult;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a run: refuses an execution the agent gave up on, reads its checkpoint record (on the store
 * thread), and then reports a stored result, fails an execution started too often, or writes the record and
 * sends the start's IN_PROGRESS update (resuming from the last checkpoint).
 */
final class RunOpener {

    private static final Logger LOG = LoggerFactory.getLogger(RunOpener.class);

    private final AgentSettings settings;
    private final AgentLoop loop;
    private final CheckpointWriter writer;
    private final FinishedMemory finished;
    private final Intake intake;
    private final ProgressReporter progress;
    private final TerminalReporter reporter;
    private final Coordinator coordinator;

    RunOpener(
            AgentSettings settings,
            AgentLoop loop,
            CheckpointWriter writer,
            FinishedMemory finished,
            Intake intake,
            ProgressReporter progress,
            TerminalReporter reporter,
            Coordinator coordinator) {
        this.settings = settings;
        this.loop = loop;
        this.writer = writer;
        this.finished = finished;
        this.intake = intake;
        this.progress = progress;
        this.reporter = reporter;
        this.coordinator = coordinator;
    }

    /**
     * Opens a run for an execution StartNext handed out.
     *
     * @param execution the execution
     * @return the run, now the current one; {@code null} if the agent leaves the execution alone
     */
    JobRun open(JobExecutionData execution) {
        ExecutionKey key = ExecutionKey.of(execution);
        if (finished.gaveUpOn(key)) {
            LOG.warn(
                    "{}: the service hands out {} again, whose result this agent could not report; leaving it",
                    settings.thingName(),
                    key);
            intake.scheduleIdlePoll();
            return null;
        }
        finished.forget(key);
        JobDocument document = execution.jobDocument().orElse(JobDocument.empty());
        JobRun run = new JobRun(execution, settings.handlers().match(document), writer.record(key), loop, coordinator);
        run.record
                .load()
                .whenComplete((record, error) ->
                        loop.post(() -> onRecordLoaded(run, error == null ? record.orElse(null) : null, error)));
        return run;
    }

    private void onRecordLoaded(JobRun run, Checkpoint record, Throwable error) {
        if (error != null) {
            coordinator.storeFailed(
                    "cannot read the checkpoint of " + run.key + "; the job starts from the beginning",
                    Failure.unwrap(error));
        }
        if (!coordinator.isOpening(run)) {
            coordinator.tryFinish(run);
            return;
        }
        run.resumed = record != null;
        run.resumedFrom = record == null ? null : record.step().orElse(null);
        run.details.step(run.resumedFrom);
        LOG.info(
                "{}: job {} (execution {}) {} with handler {}",
                settings.thingName(),
                run.jobId(),
                run.executionNumber(),
                record == null ? "starts" : "resumes",
                run.registration.description());
        if (record != null && record.outcome().isPresent()) {
            LOG.info(
                    "{}: job {} had finished before the restart; reporting its stored result",
                    settings.thingName(),
                    run.key);
            run.record.adopt(record);
            JobResult stored = record.outcome().get();
            reporter.report(run, stored, stored.details(), false);
            return;
        }
        Instant now = loop.now();
        Checkpoint opened = record == null
                ? Checkpoint.started(settings.thingName(), run.jobId(), run.executionNumber(), now)
                : record.restarted(now);
        if (opened.starts() > settings.maxStarts()) {
            run.record.adopt(opened);
            reporter.finish(
                    run,
                    JobResult.failed("the job was started " + (opened.starts() - 1)
                            + " times without finishing (the device stopped while it ran); not starting it again"),
                    null);
            return;
        }
        run.record
                .write(old -> opened)
                .whenComplete((ok, e) -> loop.post(() -> {
                    if (coordinator.isOpening(run)) {
                        progress.sendStart(run);
                    } else {
                        coordinator.tryFinish(run);
                    }
                }));
    }
}
