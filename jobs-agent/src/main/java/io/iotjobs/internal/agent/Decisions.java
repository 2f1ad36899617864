package io.iotjobs.internal.agent;

import io.iotjobs.agent.CancellationReason;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.RejectedErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's decision rules as pure functions: what a reply, a rejection or an event means for the execution
 * the agent works on. No state, no I/O, no time: the coordinator and its pieces keep the memory (how often a
 * request failed, whether the service said "terminal" before) and pass it in.
 */
public final class Decisions {

    /** GetPending lists at most this many executions; a full list may hide others. */
    static final int PENDING_LIST_LIMIT = 10;

    private Decisions() {}

    /**
     * What a Describe says about the execution whatever it was asked for: gone, terminal with another status
     * than the one the agent reported, or still standing.
     *
     * @param reply the reply, or {@code null} if the request failed
     * @param failure the failure, or {@code null}
     * @param reported the status the agent itself reported, or {@code null}
     * @return ENDED, NOTHING (client closed), STANDS, or {@code null} for a failure the caller decides on
     */
    static Decision describeSays(DescribeJobExecutionResponse reply, Failure failure, JobStatus reported) {
        if (failure != null) {
            if (failure.code() == RejectedErrorCode.RESOURCE_NOT_FOUND) {
                return Decision.ended(CancellationReason.DELETED, null);
            }
            return failure.closed() ? Decision.of(Decision.Action.NOTHING) : null;
        }
        Optional<JobExecutionData> execution = reply.execution();
        if (execution.isEmpty()) {
            return Decision.ended(CancellationReason.DELETED, null);
        }
        JobStatus status = execution.get().status().orElse(JobStatus.UNKNOWN);
        if (status.isTerminal() && status != reported) {
            return Decision.endedWith(status);
        }
        return new Decision(Decision.Action.STANDS, null, status);
    }

    /**
     * After a Describe that checks whether the execution still stands (a notification or a reconnect hinted it
     * may not).
     *
     * @param reply the reply, or {@code null}
     * @param failure the failure, or {@code null}
     * @return ENDED, NOTHING, STANDS or RETRY_DESCRIBE
     */
    public static Decision afterVerify(DescribeJobExecutionResponse reply, Failure failure) {
        Decision says = describeSays(reply, failure, null);
        if (says != null) {
            return says;
        }
        if (failure.code() == RejectedErrorCode.TERMINAL_STATE_REACHED) {
            return Decision.ended(CancellationReason.COMPLETED_ELSEWHERE, null);
        }
        return Decision.of(Decision.Action.RETRY_DESCRIBE);
    }

    /**
     * After an IN_PROGRESS update (start, progress, checkpoint or heartbeat) failed.
     *
     * @param failure the failure
     * @return NOTHING, ENDED, VERIFY, DROP_DETAILS or RETRY
     */
    public static Decision afterInProgressFailure(Failure failure) {
        if (failure.closed()) {
            return Decision.of(Decision.Action.NOTHING);
        }
        if (failure.isTerminalRejection()) {
            Optional<JobStatus> status = failure.executionStatus();
            return status.isPresent() && status.get().isTerminal()
                    ? Decision.endedWith(status.get())
                    : Decision.of(Decision.Action.VERIFY);
        }
        if (failure.code() == RejectedErrorCode.RESOURCE_NOT_FOUND) {
            return Decision.ended(CancellationReason.DELETED, null);
        }
        if (failure.kind == Failure.Kind.INVALID || failure.code() == RejectedErrorCode.INVALID_REQUEST) {
            return Decision.of(Decision.Action.DROP_DETAILS);
        }
        return Decision.of(Decision.Action.RETRY);
    }

    /**
     * After the terminal update failed.
     *
     * @param failure the failure
     * @param reported the status being reported
     * @param terminalUnknownSeen whether the service said "terminal" without the status before, for this report
     * @param canTryMinimal whether the report may still be sent again with the reason only
     * @return NOTHING, RECONCILE, RECONCILE_TERMINAL_UNKNOWN, RETRY, MINIMAL_DETAILS, GIVE_UP, REPORTED or ENDED
     */
    public static Decision afterTerminalFailure(
            Failure failure, JobStatus reported, boolean terminalUnknownSeen, boolean canTryMinimal) {
        switch (failure.kind) {
            case CLOSED:
                return Decision.of(Decision.Action.NOTHING);
            case UNKNOWN_OUTCOME:
                return Decision.of(Decision.Action.RECONCILE);
            case NOT_SENT:
                return Decision.of(Decision.Action.RETRY);
            case INVALID:
                return invalid(canTryMinimal);
            default:
                break;
        }
        switch (failure.code()) {
            case REQUEST_THROTTLED:
            case INTERNAL_ERROR:
                return Decision.of(Decision.Action.RETRY);
            case INVALID_STATE_TRANSITION:
            case TERMINAL_STATE_REACHED: {
                Optional<JobStatus> status = failure.executionStatus();
                if (status.isPresent() && status.get() == reported) {
                    return Decision.of(Decision.Action.REPORTED);
                }
                if (status.isPresent() && status.get().isTerminal()) {
                    return Decision.endedWith(status.get());
                }
                return terminalUnknownSeen
                        ? Decision.ended(CancellationReason.COMPLETED_ELSEWHERE, null)
                        : Decision.of(Decision.Action.RECONCILE_TERMINAL_UNKNOWN);
            }
            case RESOURCE_NOT_FOUND:
                return Decision.ended(CancellationReason.DELETED, null);
            case VERSION_MISMATCH:
                return Decision.of(Decision.Action.RECONCILE);
            case INVALID_REQUEST:
                return invalid(canTryMinimal);
            default:
                return Decision.of(Decision.Action.GIVE_UP);
        }
    }

    private static Decision invalid(boolean canTryMinimal) {
        return Decision.of(canTryMinimal ? Decision.Action.MINIMAL_DETAILS : Decision.Action.GIVE_UP);
    }

    /**
     * After the Describe that reconciles a terminal update whose outcome was unknown.
     *
     * @param reply the reply, or {@code null}
     * @param failure the failure, or {@code null}
     * @param reported the status being reported
     * @param terminalUnknownSeen whether the service said "terminal" without the status before, for this report
     * @return NOTHING, ENDED, REPORTED (it took effect), RETRY (it did not: send it again), RESEND (the Describe
     *     said "terminal" without the status: send the update once more to learn which), or RETRY_DESCRIBE
     */
    public static Decision afterReconcile(
            DescribeJobExecutionResponse reply, Failure failure, JobStatus reported, boolean terminalUnknownSeen) {
        Decision says = describeSays(reply, failure, reported);
        if (says != null) {
            return says.action() != Decision.Action.STANDS
                    ? says
                    : Decision.of(says.status() == reported ? Decision.Action.REPORTED : Decision.Action.RETRY);
        }
        if (failure.code() == RejectedErrorCode.TERMINAL_STATE_REACHED) {
            return terminalUnknownSeen
                    ? Decision.ended(CancellationReason.COMPLETED_ELSEWHERE, null)
                    : Decision.of(Decision.Action.RESEND);
        }
        return Decision.of(Decision.Action.RETRY_DESCRIBE);
    }

    /**
     * Whether a notify-next event while the agent works on an execution calls for a check: another execution
     * (or none) at the head of the queue hints that the agent's one ended.
     *
     * @param event the event
     * @param current the execution the agent works on
     * @return true when the agent should Describe its execution
     */
    public static boolean nextEventHintsEnd(NextJobExecutionChangedEvent event, ExecutionKey current) {
        return !event.execution()
                .map(e -> current.matches(e.jobId(), e.executionNumber()))
                .orElse(false);
    }

    /**
     * Whether a notify event while the agent works on an execution calls for a check: the pending set no
     * longer lists it.
     *
     * @param event the event
     * @param current the execution the agent works on
     * @return true when the agent should Describe its execution
     */
    public static boolean notifyEventHintsEnd(JobExecutionsChangedEvent event, ExecutionKey current) {
        return event.jobs().values().stream()
                .flatMap(List::stream)
                .noneMatch(summary -> current.matches(summary.jobId(), summary.executionNumber()));
    }

    /**
     * Whether a notify event seen while idle announces work.
     *
     * @param event the event
     * @return true when any execution is pending
     */
    public static boolean notifyEventAnnouncesWork(JobExecutionsChangedEvent event) {
        return event.jobs().values().stream().anyMatch(list -> !list.isEmpty());
    }

    /**
     * Which checkpoint records belong to executions that are no longer pending.
     *
     * @param records the keys of the records
     * @param pending the keys of the pending executions the service listed
     * @param current the execution the agent works on, or {@code null}
     * @return the records to delete; none when the list may be cut off at the service's limit
     */
    public static List<ExecutionKey> staleRecords(
            List<ExecutionKey> records, Set<ExecutionKey> pending, ExecutionKey current) {
        if (pending.size() >= PENDING_LIST_LIMIT) {
            return List.of();
        }
        return records.stream()
                .filter(key -> !pending.contains(key) && !key.equals(current))
                .toList();
    }

    /**
     * The delay before an IN_PROGRESS update is sent again: the backoff, but never longer than the heartbeat
     * interval (the heartbeat must keep the step timer alive).
     *
     * @param backoff the backoff delay
     * @param heartbeat the heartbeat interval, or {@code null}
     * @return the delay
     */
    public static Duration inProgressRetryDelay(Duration backoff, Duration heartbeat) {
        return heartbeat != null && backoff.compareTo(heartbeat) > 0 ? heartbeat : backoff;
    }
}
