package io.iotjobs.v2;

import io.iotjobs.core.JobsException;
import io.iotjobs.core.JobsRejectedException;
import io.iotjobs.internal.mqtt.TransportFailures;
import io.iotjobs.model.RejectedError;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * How every future of {@link IotJobsClientV2} fails.
 *
 * <p>One rule: a failed V2 future always holds a {@code V2ServiceException}.
 * <ul>
 *   <li>{@link #modeledError()} is present exactly when the service rejected the request; it is the
 *       {@link RejectedError} the service sent (code, message, client token, and for VersionMismatch and
 *       InvalidStateTransition the execution's current state).</li>
 *   <li>{@link #getCause()} is always the specific failure from {@code io.iotjobs.core}:
 *       {@link JobsRejectedException}, {@link io.iotjobs.core.JobsTimeoutException},
 *       {@link io.iotjobs.core.JobsTransportException} (see its {@code isOutcomeUnknown()}),
 *       {@link io.iotjobs.core.JobsDecodeException} or {@link io.iotjobs.core.JobsClientClosedException}.</li>
 * </ul>
 * {@code join()} wraps it in a {@link CompletionException}; {@code get()} in an
 * {@link java.util.concurrent.ExecutionException}.
 */
public final class V2ServiceException extends JobsException {
    private static final long serialVersionUID = 1L;

    private final transient RejectedError modeledError;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param modeledError the service's rejection, or {@code null}
     * @param cause the specific failure
     */
    public V2ServiceException(String message, RejectedError modeledError, Throwable cause) {
        super(message, cause);
        this.modeledError = modeledError;
    }

    /**
     * The service's rejection.
     *
     * @return the rejection, present only when the service rejected the request
     */
    public Optional<RejectedError> modeledError() {
        return Optional.ofNullable(modeledError);
    }

    /**
     * Wraps any failure of a core future by the rule above.
     *
     * @param error the failure
     * @return the exception
     */
    static V2ServiceException of(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof V2ServiceException) {
            return (V2ServiceException) cause;
        }
        RejectedError rejection =
                cause instanceof JobsRejectedException ? ((JobsRejectedException) cause).error() : null;
        return new V2ServiceException(cause.getMessage(), rejection, cause);
    }
}
