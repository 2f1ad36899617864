package io.iotjobs.core.spi;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a transport reports that an operation failed. The connection turns it into the SDK's own exception
 * ({@link io.iotjobs.core.JobsTransportException}) in one place, with a message that says what happened and,
 * where it is likely, why; transports only classify.
 */
public final class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure it is: decides whether the connection retries and what the caller is told. */
    public enum Kind {
        /**
         * The library was not connected (a race with a connection loss): nothing was sent. A publish waits in
         * the connection's queue for the next connection.
         */
        NOT_CONNECTED,
        /**
         * The library's own in-flight limit is reached: nothing was sent. The connection sends it again when a
         * publish in flight completes and follows the library's limit from then on.
         */
        WINDOW_FULL,
        /** The connection was lost after the packet may have been sent: its outcome is unknown. */
        CONNECTION_LOST,
        /** The broker refused (a CONNACK, PUBACK or SUBACK failure code; see {@link #reasonCode()}). */
        REFUSED,
        /** No answer in time. */
        TIMEOUT,
        /** Anything else (network error, TLS failure, library error): see the cause. */
        FAILED
    }

    /** @serial what kind of failure */
    private final Kind kind;
    /** @serial the MQTT reason code, or {@code null} */
    private final Integer reasonCode;

    /**
     * Creates the exception.
     *
     * @param kind the kind
     * @param message what failed, in the library's words if it has any
     * @param reasonCode the broker's reason or return code, or {@code null}
     * @param cause the library's exception, or {@code null}
     */
    public TransportException(Kind kind, String message, Integer reasonCode, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reasonCode = reasonCode;
    }

    /**
     * A refusal by the broker.
     *
     * @param message what was refused
     * @param reasonCode the reason code (MQTT 5) or return code (MQTT 3.1.1 CONNACK; 0x80 for a SUBACK)
     * @return the exception
     */
    public static TransportException refused(String message, int reasonCode) {
        return new TransportException(Kind.REFUSED, message, reasonCode, null);
    }

    /**
     * A failure of some other kind, with the library's exception as cause.
     *
     * @param kind the kind
     * @param cause the library's exception
     * @return the exception
     */
    public static TransportException of(Kind kind, Throwable cause) {
        return new TransportException(
                kind, cause == null ? kind.name() : String.valueOf(cause.getMessage()), null, cause);
    }

    /**
     * The kind of failure.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The broker's reason code (MQTT 5) or return code (MQTT 3.1.1).
     *
     * @return the code, if the broker gave one
     */
    public OptionalInt reasonCode() {
        return reasonCode == null ? OptionalInt.empty() : OptionalInt.of(reasonCode);
    }
}
