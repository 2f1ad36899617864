package io.iotjobs.internal.testkit;

/**
 * What kind of failure a control call had, so that the HTTP API (and anything else) can answer it without
 * reading the message text. The exceptions stay the ones the public control API documents: the argument kinds
 * are {@link IllegalArgumentException}s, the state kinds {@link IllegalStateException}s.
 */
public enum ControlError {
    /** A field is missing, malformed or out of range. */
    INVALID(false),
    /** The job, execution, thing, group or template named does not exist. */
    NOT_FOUND(false),
    /** A resource with that name exists already. */
    ALREADY_EXISTS(false),
    /** A documented limit would be exceeded (too many groups, windows, ...). */
    LIMIT_EXCEEDED(false),
    /** The status of the job or execution does not allow the call. */
    INVALID_STATE(true),
    /** An {@code expectedVersion} does not match. */
    VERSION_CONFLICT(true),
    /** The service is closed. */
    CLOSED(true);

    private final boolean state;

    ControlError(boolean state) {
        this.state = state;
    }

    /**
     * The exception for this kind of failure.
     *
     * @param message the message, starting with the field at fault where there is one
     * @return an {@link IllegalArgumentException} or {@link IllegalStateException} that carries this kind
     */
    public RuntimeException exception(String message) {
        return state ? new StateFailure(this, message) : new ArgumentFailure(this, message);
    }

    /**
     * The kind of a failure thrown by a control call: the one it carries, else {@link #INVALID} for any other
     * {@link IllegalArgumentException} (a field check) and {@link #INVALID_STATE} for any other exception.
     *
     * @param failure the failure
     * @return its kind
     */
    public static ControlError of(RuntimeException failure) {
        if (failure instanceof Typed typed) {
            return typed.error();
        }
        return failure instanceof IllegalArgumentException ? INVALID : INVALID_STATE;
    }

    /** A failure that knows its kind. */
    interface Typed {
        ControlError error();
    }

    /** An argument failure of a known kind. */
    static final class ArgumentFailure extends IllegalArgumentException implements Typed {
        private static final long serialVersionUID = 1L;
        private final ControlError error;

        ArgumentFailure(ControlError error, String message) {
            super(message);
            this.error = error;
        }

        @Override
        public ControlError error() {
            return error;
        }
    }

    /** A state failure of a known kind. */
    static final class StateFailure extends IllegalStateException implements Typed {
        private static final long serialVersionUID = 1L;
        private final ControlError error;

        StateFailure(ControlError error, String message) {
            super(message);
            this.error = error;
        }

        @Override
        public ControlError error() {
            return error;
        }
    }
}
