package io.iotjobs.core;

/**
 * The client (or its connection) was closed before the operation completed, or was used after
 * {@code close()}.
 */
public final class JobsClientClosedException extends JobsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was closed
     */
    public JobsClientClosedException(String message) {
        super(message, null);
    }
}
