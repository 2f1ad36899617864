package io.iotjobs.internal.agent;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.v2.V2ServiceException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** Replies, failures and events of the service as the agent's tests need them (execution number 1 throughout). */
public final class Replies {

    private Replies() {}

    /** An execution of a job whose document is {@code {"operation":"work"}}. */
    public static JobExecutionData execution(String jobId, JobStatus status, long version) {
        return JobExecutionData.builder()
                .jobId(jobId)
                .status(status)
                .versionNumber(version)
                .executionNumber(1)
                .jobDocument(JobDocument.of(Map.of("operation", "work")))
                .build();
    }

    public static StartNextJobExecutionResponse startNext(JobExecutionData execution) {
        return StartNextJobExecutionResponse.builder().execution(execution).build();
    }

    public static StartNextJobExecutionResponse nothingPending() {
        return StartNextJobExecutionResponse.builder().build();
    }

    public static UpdateJobExecutionResponse updated(JobStatus status, long version) {
        return UpdateJobExecutionResponse.builder()
                .executionState(JobExecutionState.builder()
                        .status(status)
                        .versionNumber(version)
                        .build())
                .build();
    }

    public static DescribeJobExecutionResponse described(String jobId, JobStatus status, long version) {
        return DescribeJobExecutionResponse.builder()
                .execution(JobExecutionData.builder()
                        .jobId(jobId)
                        .status(status)
                        .versionNumber(version)
                        .executionNumber(1)
                        .build())
                .build();
    }

    public static DescribeJobExecutionResponse describedNothing() {
        return DescribeJobExecutionResponse.builder().build();
    }

    /** A rejection as the V2 client reports it, with the execution's state when a status is given. */
    public static V2ServiceException rejected(RejectedErrorCode code, JobStatus status) {
        RejectedError.Builder error = RejectedError.builder().code(code).message("rejected: " + code);
        if (status != null) {
            error.executionState(
                    JobExecutionState.builder().status(status).versionNumber(7).build());
        }
        return new V2ServiceException("rejected: " + code, error.build(), null);
    }

    /** No reply within the request deadline (as the port reports it). */
    public static TimeoutException noReply() {
        return new TimeoutException("no reply within the deadline");
    }

    /** The connection dropped before the request left. */
    public static V2ServiceException notSent() {
        return new V2ServiceException(
                "not sent", null, new JobsTransportException("disconnected", null, null, false, null));
    }

    public static V2ServiceException clientClosed() {
        return new V2ServiceException("closed", null, new JobsClientClosedException("the client was closed"));
    }

    /** A notify-next event naming an execution, or none. */
    public static NextJobExecutionChangedEvent next(String jobId) {
        NextJobExecutionChangedEvent.Builder event = NextJobExecutionChangedEvent.builder();
        if (jobId != null) {
            event.execution(execution(jobId, JobStatus.QUEUED, 1));
        }
        return event.build();
    }

    /** A notify event listing executions as IN_PROGRESS (the first) and QUEUED (the rest). */
    public static JobExecutionsChangedEvent pending(String... jobIds) {
        JobExecutionsChangedEvent.Builder event = JobExecutionsChangedEvent.builder();
        if (jobIds.length > 0) {
            event.putJobs(JobStatus.IN_PROGRESS, List.of(summary(jobIds[0])));
        }
        if (jobIds.length > 1) {
            event.putJobs(
                    JobStatus.QUEUED,
                    java.util.Arrays.stream(jobIds)
                            .skip(1)
                            .map(Replies::summary)
                            .toList());
        }
        return event.build();
    }

    /** A GetPending reply listing these executions as IN_PROGRESS. */
    public static GetPendingJobExecutionsResponse pendingList(String... jobIds) {
        return GetPendingJobExecutionsResponse.builder()
                .inProgressJobs(
                        java.util.Arrays.stream(jobIds).map(Replies::summary).toList())
                .build();
    }

    static JobExecutionSummary summary(String jobId) {
        return JobExecutionSummary.builder()
                .jobId(jobId)
                .executionNumber(1)
                .versionNumber(1)
                .build();
    }
}
