package io.iotjobs.internal.agent;

import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's requests as it sends them (the same shape every time, in one place), with their replies handed to
 * the control thread, and the one way to schedule a retry after the backoff.
 */
final class Requests {

    static final String START_NEXT = "StartNext";
    static final String UPDATE = "Update";
    static final String DESCRIBE = "Describe";

    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    private final AgentSettings settings;
    private final AgentLoop loop;
    private final JobsPort port;

    Requests(AgentSettings settings, AgentLoop loop, JobsPort port) {
        this.settings = settings;
        this.loop = loop;
        this.port = port;
    }

    /** Sends a request; the reply (or the unwrapped failure) comes on the control thread. */
    private <T> void send(Supplier<CompletableFuture<T>> request, BiConsumer<T, Throwable> onReply) {
        CompletableFuture<T> future;
        try {
            future = request.get();
        } catch (RuntimeException e) {
            loop.post(() -> onReply.accept(null, e));
            return;
        }
        future.whenComplete(
                (value, error) -> loop.post(() -> onReply.accept(value, error == null ? null : Failure.unwrap(error))));
    }

    void startNext(BiConsumer<StartNextJobExecutionResponse, Throwable> onReply) {
        StartNextPendingJobExecutionRequest.Builder request =
                StartNextPendingJobExecutionRequest.builder().thingName(settings.thingName());
        if (settings.stepTimeoutMinutes() > 0) {
            request.stepTimeoutInMinutes(settings.stepTimeoutMinutes());
        }
        StartNextPendingJobExecutionRequest built = request.build();
        send(() -> port.startNext(built), onReply);
    }

    /**
     * An update of the run's execution: IN_PROGRESS ones carry the step timeout (each restarts the step timer),
     * terminal ones do not.
     */
    void update(
            JobRun run,
            JobStatus status,
            Map<String, String> details,
            BiConsumer<UpdateJobExecutionResponse, Throwable> onReply) {
        UpdateJobExecutionRequest.Builder request = UpdateJobExecutionRequest.builder()
                .thingName(settings.thingName())
                .jobId(run.jobId())
                .status(status)
                .includeJobExecutionState(true);
        if (run.executionNumber() > 0) {
            request.executionNumber(run.executionNumber());
        }
        if (status == JobStatus.IN_PROGRESS && settings.stepTimeoutMinutes() > 0) {
            request.stepTimeoutInMinutes(settings.stepTimeoutMinutes());
        }
        if (details != null && !details.isEmpty()) {
            request.statusDetails(details);
        }
        UpdateJobExecutionRequest built = request.build();
        send(() -> port.update(built), onReply);
    }

    void describe(JobRun run, BiConsumer<DescribeJobExecutionResponse, Throwable> onReply) {
        DescribeJobExecutionRequest.Builder request = DescribeJobExecutionRequest.builder()
                .thingName(settings.thingName())
                .jobId(run.jobId())
                .includeJobDocument(false);
        if (run.executionNumber() > 0) {
            request.executionNumber(run.executionNumber());
        }
        DescribeJobExecutionRequest built = request.build();
        send(() -> port.describe(built), onReply);
    }

    void getPending(BiConsumer<GetPendingJobExecutionsResponse, Throwable> onReply) {
        GetPendingJobExecutionsRequest built = GetPendingJobExecutionsRequest.builder()
                .thingName(settings.thingName())
                .build();
        send(() -> port.getPending(built), onReply);
    }

    /**
     * Arms {@code timer} to run {@code again} after the backoff for the given number of consecutive failures,
     * and tells the listener.
     */
    void retryLater(AgentTimer timer, int attempt, String operation, String jobId, Failure failure, Runnable again) {
        Duration delay = settings.backoff().delay(attempt);
        LOG.debug(
                "{}: {} {} failed ({}); attempt {} again in {}",
                settings.thingName(),
                operation,
                jobId,
                failure,
                attempt,
                delay);
        timer.start(delay, again);
        loop.tell(l -> l.onRetry(jobId, operation, attempt, delay, failure.cause));
    }
}
