package io.iotjobs.samples;

/** A failure a command reports with its message alone (exit code 1), such as a refused connection. */
final class SampleFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SampleFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
