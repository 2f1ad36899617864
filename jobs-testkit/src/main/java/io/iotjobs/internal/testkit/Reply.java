package io.iotjobs.internal.testkit;

import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.RejectedErrorCode;
import java.util.Optional;

/**
 * The outcome of one request: an accepted reply body, or a rejection code with its message and, for
 * VersionMismatch and InvalidStateTransition, the execution state.
 */
final class Reply {
    private final Object accepted;
    private final RejectedErrorCode code;
    private final String message;
    private final JobExecutionState executionState;

    private Reply(Object accepted, RejectedErrorCode code, String message, JobExecutionState executionState) {
        this.accepted = accepted;
        this.code = code;
        this.message = message;
        this.executionState = executionState;
    }

    static Reply accepted(Object body) {
        return new Reply(body, null, null, null);
    }

    static Reply rejected(RejectedErrorCode code, String message) {
        return new Reply(null, code, message, null);
    }

    static Reply rejected(RejectedErrorCode code, String message, JobExecutionState executionState) {
        return new Reply(null, code, message, executionState);
    }

    boolean isAccepted() {
        return accepted != null;
    }

    Object acceptedBody() {
        return accepted;
    }

    RejectedErrorCode code() {
        return code;
    }

    String message() {
        return message;
    }

    Optional<JobExecutionState> executionState() {
        return Optional.ofNullable(executionState);
    }
}
