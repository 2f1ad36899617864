package io.iotjobs.agent;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What a {@link JobHandler} gets for one job execution: the execution and its document, progress reporting,
 * checkpoints that survive a restart of the process, and the signal to stop.
 *
 * <h2>Stopping</h2>
 * When the agent wants the handler to stop (the job was canceled, removed, deleted or timed out at the
 * service; the handler ran past its time limit; or the agent is closing) it first makes {@link #isCancelled()}
 * true and {@link #cancellationReason()} say why; then, in no fixed order between the two:
 * <ul>
 *   <li>it interrupts the handler's thread (once), so that blocking calls such as {@code Thread.sleep},
 *       {@code Object.wait}, {@code Future.get} and interruptible I/O end with an
 *       {@link InterruptedException} (check {@link #cancellationReason()} when you catch one);</li>
 *   <li>it completes the stage {@link #cancellation()} with the reason (its dependent actions and the
 *       callbacks of {@link #onCancel(Consumer)} run on a thread of the agent, never on the handler's
 *       thread).</li>
 * </ul>
 * A handler should then return soon; whatever it returns is not reported (except after
 * {@link CancellationReason#HANDLER_TIME_LIMIT}, when the agent has already reported FAILED). Progress calls
 * after the signal are ignored.
 *
 * <h2>Threads</h2>
 * The methods may be called from any thread, including threads the handler starts. They do not block on the
 * network: {@link #progress(Map)} and {@link #checkpoint(String)} hand the update to the agent, which sends it
 * in the background; {@link #checkpoint(String)} writes the checkpoint store before it returns.
 */
public interface JobContext {

    /**
     * The thing the agent works for.
     *
     * @return the thing name
     */
    String thingName();

    /**
     * The execution as the service returned it when the agent started it (status IN_PROGRESS, with the job
     * document).
     *
     * @return the execution
     */
    JobExecutionData execution();

    /**
     * The job id.
     *
     * @return the job id
     */
    String jobId();

    /**
     * The execution number (1 for the first execution of the job on this thing; 0 if the service did not
     * say).
     *
     * @return the execution number
     */
    long executionNumber();

    /**
     * The job document; bind it to a class of yours with {@code document().as(MyJob.class)}.
     *
     * @return the document (empty if the execution had none)
     */
    JobDocument document();

    /**
     * Reports progress: the details are sent with an IN_PROGRESS update, at most once per progress interval of
     * the agent (the latest details win; a change waiting for the interval is sent when it ends). Each update
     * also restarts the execution's step timer. The agent adds the last checkpoint under the key
     * {@value JobsAgent#CHECKPOINT_KEY}. Ignored once the handler was told to stop.
     *
     * @param details status details: at most 9 pairs, keys 1–128 characters of {@code [a-zA-Z0-9:_-]}, values
     *     1–1,024 characters without control characters
     * @throws IllegalArgumentException naming the key or value at fault
     */
    void progress(Map<String, String> details);

    /**
     * Records that the job reached a step: written to the checkpoint store before this method returns, and
     * reported with the next IN_PROGRESS update under {@value JobsAgent#CHECKPOINT_KEY}. If the process stops
     * while the job runs, the next agent with the same store resumes the job and tells its handler this step
     * through {@link #resumedFrom()}. Ignored once the handler was told to stop, except when the agent is
     * closing (so a handler may record how far it got).
     *
     * @param step the step name: 1–1,024 characters without control characters
     * @throws IllegalArgumentException if the step name is invalid
     * @throws java.io.UncheckedIOException if the checkpoint store cannot write it
     */
    void checkpoint(String step);

    /**
     * Whether an agent started this execution before (in an earlier process, or before a restart of the
     * agent), so that the handler may find work of that earlier run.
     *
     * @return true when the checkpoint store had a record of this execution
     */
    boolean isResumed();

    /**
     * The last step recorded with {@link #checkpoint(String)} by an earlier run of this execution.
     *
     * @return the step, or empty when the job starts from the beginning
     */
    Optional<String> resumedFrom();

    /**
     * Adds text to the job's output. The agent keeps the end of it and reports the last 1,024 characters
     * with the terminal status, under {@value JobResult#OUTPUT_KEY} (line breaks shown as {@code ↵}, other
     * control characters replaced).
     *
     * @param text any text, for example lines of a command's output
     */
    void appendOutput(CharSequence text);

    /**
     * Whether the handler was told to stop.
     *
     * @return true after the signal
     */
    boolean isCancelled();

    /**
     * Why the handler was told to stop.
     *
     * @return the reason, or empty before the signal
     */
    Optional<CancellationReason> cancellationReason();

    /**
     * Completes with the reason when the handler is told to stop; never completes exceptionally. Dependent
     * actions run on a thread of the agent (not the handler's thread) and must not block for long.
     *
     * @return the stage (read-only: it cannot be completed by the caller)
     */
    CompletionStage<CancellationReason> cancellation();

    /**
     * Runs a callback when the handler is told to stop (at once, on the calling thread, if it already was),
     * for example to kill a child process.
     *
     * @param callback called once with the reason, on a thread of the agent
     */
    void onCancel(Consumer<CancellationReason> callback);

    /**
     * Throws if the handler was told to stop: a convenient check between steps.
     *
     * @throws CancellationException with the reason in its message, after the signal
     */
    void throwIfCancelled();
}
