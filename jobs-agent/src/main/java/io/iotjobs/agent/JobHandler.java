package io.iotjobs.agent;

/**
 * Runs one kind of job. Registered on {@link JobsAgent.Builder} for the jobs whose document matches.
 *
 * <pre>{@code
 * JobHandler reboot = context -> {
 *     context.checkpoint("rebooting");
 *     device.reboot();
 *     return JobResult.succeeded();
 * };
 * }</pre>
 *
 * <p><b>Threads.</b> The agent calls {@link #handle(JobContext)} on a thread of its own for each job (or on
 * the executor given to {@link JobsAgent.Builder#handlerExecutor(java.util.concurrent.Executor)}), never on an
 * MQTT or agent thread, and never for two jobs at once: the handler may block for as long as the job takes,
 * within its time limit. It should watch {@link JobContext#isCancelled()} (or react to interruption) and
 * return soon after the agent tells it to stop.
 *
 * <p><b>Outcome.</b> The returned result is reported as the execution's terminal status. An exception thrown
 * by the handler is reported as FAILED with the exception's class and message as the reason; returning
 * {@code null} as FAILED too.
 */
@FunctionalInterface
public interface JobHandler {

    /**
     * Runs the job.
     *
     * @param context the execution, its document, progress, checkpoints and the stop signal
     * @return the terminal status to report
     * @throws Exception any failure; reported as FAILED
     */
    JobResult handle(JobContext context) throws Exception;
}
