package io.iotjobs.agent;

import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.Map;

/**
 * What the agent tells an observer (logging, metrics, a user interface, tests). Every method has an empty
 * default; override what you need.
 *
 * <p><b>Threads.</b> The methods are called one at a time, in the order of the events, on a thread of the
 * agent that runs nothing else of importance (not the handler's thread, not an MQTT thread, not the thread
 * that drives the agent). A listener that blocks delays later listener calls and cancellation callbacks, not
 * the jobs. An exception thrown by a listener is logged and otherwise ignored.
 */
public interface AgentListener {

    /**
     * The agent is about to run a handler for an execution it has started (or resumed).
     *
     * @param execution the execution, with its document
     * @param resumed whether an agent had started it before
     */
    default void onJobStarted(JobExecutionData execution, boolean resumed) {}

    /**
     * The service accepted a status update of the agent: IN_PROGRESS (at the start, with progress or a
     * checkpoint, or as a heartbeat), or the terminal status. Also called when a terminal update whose reply
     * was lost is found to have taken effect.
     *
     * @param jobId the job
     * @param executionNumber the execution number
     * @param status the status sent
     * @param statusDetails the details sent (empty if the update carried none)
     */
    default void onStatusReported(
            String jobId, long executionNumber, JobStatus status, Map<String, String> statusDetails) {}

    /**
     * A request failed and will be sent again (with a fresh client token) after a delay.
     *
     * @param jobId the job, or an empty string for requests about no particular job (StartNext)
     * @param operation what failed: {@code StartNext}, {@code Update} or {@code Describe}
     * @param attempt how many attempts failed so far (1 after the first failure)
     * @param delay the delay before the next attempt (on the agent's scheduler)
     * @param cause the failure
     */
    default void onRetry(String jobId, String operation, int attempt, Duration delay, Throwable cause) {}

    /**
     * A handler has not returned this long after the agent told it to stop. The agent starts no other job
     * until it returns; this is called again each time the grace period passes.
     *
     * @param jobId the job
     * @param reason why it was told to stop
     * @param sinceSignal how long ago it was told
     */
    default void onHandlerStuck(String jobId, CancellationReason reason, Duration sinceSignal) {}

    /**
     * The agent is done with an execution (and its handler has returned): the next job may start.
     *
     * @param outcome how it ended
     */
    default void onJobFinished(JobOutcome outcome) {}

    /**
     * Something went wrong that the agent cannot fix by itself (a stream could not be subscribed, the
     * checkpoint store failed, a report was given up). The agent carries on.
     *
     * @param message what happened
     * @param cause the failure
     */
    default void onError(String message, Throwable cause) {}
}
