package io.iotjobs.internal.agent;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsRejectedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.v2.V2ServiceException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** A failed request of the agent, sorted by what the agent does about it. Immutable. */
final class Failure {
    enum Kind {
        /** The service rejected the request (see {@link #code()}). */
        REJECTED,
        /** The request may or may not have taken effect (timeout, lost connection, undecodable reply). */
        UNKNOWN_OUTCOME,
        /** The request certainly did not reach the service. */
        NOT_SENT,
        /** The request was refused before sending (bad arguments). */
        INVALID,
        /** The client is closed. */
        CLOSED
    }

    final Kind kind;
    final Throwable cause;
    final RejectedError rejection;

    private Failure(Kind kind, Throwable cause, RejectedError rejection) {
        this.kind = kind;
        this.cause = cause;
        this.rejection = rejection;
    }

    static Failure of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof V2ServiceException v2) {
            if (v2.modeledError().isPresent()) {
                return new Failure(Kind.REJECTED, e, v2.modeledError().get());
            }
            Throwable cause = v2.getCause() == null ? e : v2.getCause();
            if (cause instanceof JobsClientClosedException) {
                return new Failure(Kind.CLOSED, e, null);
            }
            if (cause instanceof JobsTransportException transport && !transport.isOutcomeUnknown()) {
                return new Failure(Kind.NOT_SENT, e, null);
            }
            return new Failure(Kind.UNKNOWN_OUTCOME, e, null);
        }
        if (e instanceof JobsRejectedException rejected) {
            return new Failure(Kind.REJECTED, e, rejected.error());
        }
        if (e instanceof JobsClientClosedException) {
            return new Failure(Kind.CLOSED, e, null);
        }
        if (e instanceof IllegalArgumentException || e instanceof NullPointerException) {
            return new Failure(Kind.INVALID, e, null);
        }
        if (e instanceof IllegalStateException) {
            return new Failure(Kind.CLOSED, e, null);
        }
        return new Failure(Kind.UNKNOWN_OUTCOME, e, null);
    }

    /** The failure inside the {@link CompletionException}s a future chain wraps it in. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Whether the client was closed under the request: nothing more to do. */
    boolean closed() {
        return kind == Kind.CLOSED;
    }

    /** The rejection's error code, or {@code null} when the service did not reject the request. */
    RejectedErrorCode code() {
        return rejection == null ? null : rejection.code();
    }

    boolean isTerminalRejection() {
        RejectedErrorCode code = code();
        return code == RejectedErrorCode.INVALID_STATE_TRANSITION || code == RejectedErrorCode.TERMINAL_STATE_REACHED;
    }

    Optional<JobStatus> executionStatus() {
        return rejection == null ? Optional.empty() : rejection.executionState().flatMap(JobExecutionState::status);
    }

    @Override
    public String toString() {
        return kind + (rejection == null ? "" : " " + rejection.rawCode().orElse("?")) + ": " + cause;
    }
}
