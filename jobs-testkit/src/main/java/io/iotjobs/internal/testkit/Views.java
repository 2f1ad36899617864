package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns execution records into the wire model. Call with the thing's lock held.
 */
final class Views {

    private Views() {}

    /**
     * An execution in full, as StartNext, Describe and notify-next carry it. No {@code thingName}: live
     * payloads leave it out.
     *
     * @param e the execution
     * @param document the job document to include, or {@code null} for none
     * @param timeLeftAt when set, include {@code approximateSecondsBeforeTimedOut} as seen at that time (while a
     *     timer runs); {@code null} to leave it out
     * @return the data
     */
    static JobExecutionData data(ExecutionRecord e, JobDocument document, Instant timeLeftAt) {
        JobExecutionData.Builder b = JobExecutionData.builder();
        b.jobId(e.jobId())
                .status(e.status)
                .statusDetails(e.statusDetails())
                .queuedAt(e.queuedAt)
                .startedAt(Optional.ofNullable(e.startedAt))
                .lastUpdatedAt(e.lastUpdatedAt)
                .versionNumber(e.versionNumber)
                .executionNumber(e.executionNumber);
        if (document != null) {
            b.jobDocument(document);
        }
        Instant deadline = e.deadline();
        if (timeLeftAt != null && deadline != null) {
            b.approximateSecondsBeforeTimedOut(
                    Math.max(0, Duration.between(timeLeftAt, deadline).getSeconds()));
        }
        return b.build();
    }

    /**
     * A pending execution as GetPending and notify list it: no status, no document; {@code startedAt} only for
     * IN_PROGRESS.
     *
     * @param e the execution
     * @return the summary
     */
    static JobExecutionSummary summary(ExecutionRecord e) {
        return JobExecutionSummary.builder()
                .jobId(e.jobId())
                .queuedAt(e.queuedAt)
                .startedAt(e.status == JobStatus.IN_PROGRESS ? Optional.ofNullable(e.startedAt) : Optional.empty())
                .lastUpdatedAt(e.lastUpdatedAt)
                .versionNumber(e.versionNumber)
                .executionNumber(e.executionNumber)
                .build();
    }

    /**
     * The status part, as Update replies and VersionMismatch / InvalidStateTransition rejections carry it.
     *
     * @param e the execution
     * @return the state
     */
    static JobExecutionState state(ExecutionRecord e) {
        return JobExecutionState.builder()
                .status(e.status)
                .statusDetails(e.statusDetails())
                .versionNumber(e.versionNumber)
                .build();
    }

    /**
     * The summaries of the pending executions with a given status, among the first {@code limit} of the
     * pending list. The limit counts IN_PROGRESS and QUEUED together (the documented "at most 10" is ambiguous
     * about IN_PROGRESS executions; this reads it as a total, IN_PROGRESS first).
     *
     * @param pending the pending list in "next" order
     * @param limit the pending-list size
     * @param status IN_PROGRESS or QUEUED
     * @return the summaries, oldest queued first
     */
    static List<JobExecutionSummary> summaries(List<ExecutionRecord> pending, int limit, JobStatus status) {
        return pending.stream()
                .limit(limit)
                .filter(e -> e.status == status)
                .map(Views::summary)
                .collect(Collectors.toList());
    }

    /**
     * An execution for the control API: everything, including the thing name, optionally the document.
     *
     * @param e the execution
     * @param withDocument whether to include the job document
     * @param now for {@code approximateSecondsBeforeTimedOut}
     * @return the data
     */
    static JobExecutionData control(ExecutionRecord e, boolean withDocument, Instant now) {
        return JobExecutionData.builder()
                .from(data(e, withDocument ? e.job.document() : null, now))
                .thingName(e.thing.thingName)
                .build();
    }
}
