package io.iotjobs.internal.testkit.http;

import io.iotjobs.internal.testkit.ControlError;
import java.util.Map;

/**
 * An error answer of the HTTP control API, shaped like the AWS IoT control plane's: an HTTP status, the
 * exception name sent in the {@code x-amzn-ErrorType} header, and a message that names the field at fault.
 * Thrown by the request handlers and turned into the response by {@link ControlApiHandler}.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The error names (AWS exception names) and their HTTP statuses. */
    public enum Type {
        /** A field is missing, malformed or not supported (400). */
        INVALID_REQUEST("InvalidRequestException", 400),
        /** No job or execution by that id (404). */
        RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
        /** No operation for that method and path (404). */
        UNKNOWN_OPERATION("UnknownOperationException", 404),
        /** A job with that id exists already (409). */
        RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409),
        /** A job template with that id exists already (409). */
        CONFLICT("ConflictException", 409),
        /** The job or execution's status does not allow the operation (409). */
        INVALID_STATE_TRANSITION("InvalidStateTransitionException", 409),
        /** The {@code expectedVersion} does not match (409). */
        VERSION_CONFLICT("VersionConflictException", 409),
        /** The request body is too large (413). */
        PAYLOAD_TOO_LARGE("InvalidRequestException", 413),
        /** A documented limit would be exceeded (410). */
        LIMIT_EXCEEDED("LimitExceededException", 410),
        /** A presigned URL expired or was not made by this service (403, as S3 answers). */
        ACCESS_DENIED("AccessDenied", 403),
        /** No file under a presigned URL's name (404, as S3 answers). */
        NO_SUCH_KEY("NoSuchKey", 404),
        /** The job execution is in a terminal state (410, data plane). */
        TERMINAL_STATE("TerminalStateException", 410),
        /** Too many requests (429). */
        THROTTLING("ThrottlingException", 429),
        /** The local service is closed (503). */
        SERVICE_UNAVAILABLE("ServiceUnavailableException", 503),
        /** A bug in the local service (500). */
        INTERNAL_FAILURE("InternalFailureException", 500);

        private final String exceptionName;
        private final int status;

        Type(String exceptionName, int status) {
            this.exceptionName = exceptionName;
            this.status = status;
        }

        /**
         * The AWS exception name, sent in {@code x-amzn-ErrorType}.
         *
         * @return the name
         */
        public String exceptionName() {
            return exceptionName;
        }

        /**
         * The HTTP status.
         *
         * @return the status code
         */
        public int status() {
            return status;
        }
    }

    private final Type type;
    private final transient Map<String, String> extraFields;

    /**
     * An error.
     *
     * @param type the error name and status
     * @param message the message, starting with the field at fault where there is one
     */
    public ApiError(Type type, String message) {
        this(type, message, Map.of());
    }

    /**
     * An error with more fields in its JSON body (AWS adds {@code resourceId} and {@code resourceArn} to
     * {@code ResourceAlreadyExistsException}).
     *
     * @param type the error name and status
     * @param message the message
     * @param extraFields more string fields of the body
     */
    public ApiError(Type type, String message, Map<String, String> extraFields) {
        super(message);
        this.type = type;
        this.extraFields = Map.copyOf(extraFields);
    }

    /**
     * The error name and status.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * More string fields of the body.
     *
     * @return the fields, possibly empty
     */
    public Map<String, String> extraFields() {
        return extraFields == null ? Map.of() : extraFields;
    }

    /**
     * The answer to a failed control call.
     *
     * @param failure what the control API threw
     * @return the error of its kind, with its message
     */
    static ApiError of(RuntimeException failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        return new ApiError(
                switch (ControlError.of(failure)) {
                    case INVALID -> Type.INVALID_REQUEST;
                    case NOT_FOUND -> Type.RESOURCE_NOT_FOUND;
                    case ALREADY_EXISTS -> Type.RESOURCE_ALREADY_EXISTS;
                    case LIMIT_EXCEEDED -> Type.LIMIT_EXCEEDED;
                    case INVALID_STATE -> Type.INVALID_STATE_TRANSITION;
                    case VERSION_CONFLICT -> Type.VERSION_CONFLICT;
                    case CLOSED -> Type.SERVICE_UNAVAILABLE;
                },
                message);
    }

    static ApiError invalid(String message) {
        return new ApiError(Type.INVALID_REQUEST, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(Type.RESOURCE_NOT_FOUND, message);
    }
}
