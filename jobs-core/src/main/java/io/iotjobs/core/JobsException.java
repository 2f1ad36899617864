package io.iotjobs.core;

/**
 * Root of every asynchronous failure of the SDK: a future of a client completes exceptionally with a
 * subclass of it (wrapped in a {@link java.util.concurrent.CompletionException} by {@code join()}, or an
 * {@link java.util.concurrent.ExecutionException} by {@code get()}).
 *
 * <p>Programmer errors (a {@code null} argument, a thing name that breaks the service's rules) are not
 * reported this way: the method throws {@link NullPointerException} or {@link IllegalArgumentException}
 * at once, naming the field.
 */
public abstract class JobsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * For subclasses.
     *
     * @param message what happened
     * @param cause the underlying failure, or {@code null}
     */
    protected JobsException(String message, Throwable cause) {
        super(message, cause);
    }
}
