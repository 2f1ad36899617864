package io.iotjobs.internal.daemon;

import io.iotjobs.agent.AgentListener;
import io.iotjobs.agent.CancellationReason;
import io.iotjobs.agent.JobOutcome;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's events as structured log lines (logger {@code io.iotjobs.daemon.jobs}): a short message and the
 * facts as key-value pairs ({@code jobId}, {@code executionNumber}, {@code status}, ...), which the daemon's
 * JSON log format writes as fields.
 */
public final class JobLog implements AgentListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.iotjobs.daemon.jobs");

    @Override
    public void onJobStarted(JobExecutionData execution, boolean resumed) {
        LOG.atInfo()
                .addKeyValue("jobId", execution.jobId())
                .addKeyValue("executionNumber", execution.executionNumber().orElse(0))
                .addKeyValue("resumed", resumed)
                .log("job started");
    }

    @Override
    public void onStatusReported(String jobId, long executionNumber, JobStatus status, Map<String, String> details) {
        LOG.atInfo()
                .addKeyValue("jobId", jobId)
                .addKeyValue("executionNumber", executionNumber)
                .addKeyValue("status", status)
                .addKeyValue("statusDetails", details)
                .log("status reported");
    }

    @Override
    public void onRetry(String jobId, String operation, int attempt, Duration delay, Throwable cause) {
        LOG.atWarn()
                .addKeyValue("jobId", jobId)
                .addKeyValue("operation", operation)
                .addKeyValue("attempt", attempt)
                .addKeyValue("delay", delay)
                .addKeyValue("cause", String.valueOf(cause))
                .log("request retried");
    }

    @Override
    public void onHandlerStuck(String jobId, CancellationReason reason, Duration sinceSignal) {
        LOG.atWarn()
                .addKeyValue("jobId", jobId)
                .addKeyValue("reason", reason)
                .addKeyValue("since", sinceSignal)
                .log("handler does not stop");
    }

    @Override
    public void onJobFinished(JobOutcome outcome) {
        LOG.atInfo()
                .addKeyValue("jobId", outcome.jobId())
                .addKeyValue("executionNumber", outcome.executionNumber())
                .addKeyValue("status", outcome.status().map(String::valueOf).orElse("none"))
                .addKeyValue("reportedByAgent", outcome.reportedByAgent())
                .addKeyValue(
                        "cancellation",
                        outcome.cancellation().map(String::valueOf).orElse("none"))
                .log("job finished");
    }

    @Override
    public void onError(String message, Throwable cause) {
        LOG.atError()
                .setCause(cause)
                .addKeyValue("cause", String.valueOf(cause))
                .log(message);
    }
}
