package io.iotjobs.core;

import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import java.util.Objects;

/**
 * The service answered a request on its {@code /rejected} topic.
 */
public final class JobsRejectedException extends JobsException {
    private static final long serialVersionUID = 1L;

    /** @serial the operation the service rejected */
    private final String operation;
    /** @serial the topic the rejection arrived on */
    private final String topic;

    private final transient RejectedError error;

    /**
     * Creates the exception.
     *
     * @param operation the operation, e.g. {@code UpdateJobExecution}
     * @param topic the topic the rejection arrived on
     * @param error the decoded rejection
     */
    public JobsRejectedException(String operation, String topic, RejectedError error) {
        super(
                operation + " rejected with "
                        + Objects.requireNonNull(error, "error").rawCode().orElse("no code")
                        + error.message().map(m -> ": " + m).orElse("") + " (" + topic + ")",
                null);
        this.operation = operation;
        this.topic = topic;
        this.error = error;
    }

    /**
     * The rejection as the service sent it (code, message, client token, and for VersionMismatch and
     * InvalidStateTransition the execution's current state).
     *
     * @return the rejection
     */
    public RejectedError error() {
        return error;
    }

    /**
     * Shortcut for {@code error().code()}.
     *
     * @return the code
     */
    public RejectedErrorCode code() {
        return error.code();
    }

    /**
     * The operation that was rejected.
     *
     * @return e.g. {@code UpdateJobExecution}
     */
    public String operation() {
        return operation;
    }

    /**
     * The topic the rejection arrived on.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }
}
