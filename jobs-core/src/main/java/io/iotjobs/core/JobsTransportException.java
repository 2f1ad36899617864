package io.iotjobs.core;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The MQTT layer failed: a publish or subscribe was refused or could not be sent, or the connection was
 * lost while a request waited for its reply. The underlying client exception is kept as the cause.
 *
 * <p>{@link #isOutcomeUnknown()} tells whether the service may already have carried the request out (the
 * request was sent but its reply never came).
 */
public final class JobsTransportException extends JobsException {
    private static final long serialVersionUID = 1L;

    /** @serial the topic or filter concerned, or {@code null} */
    private final String topic;
    /** @serial the MQTT reason code, or {@code null} */
    private final Integer reasonCode;
    /** @serial whether the request was sent, so the service may have carried it out */
    private final boolean outcomeUnknown;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param topic the topic or topic filter concerned, or {@code null}
     * @param reasonCode the MQTT reason code (e.g. 0x87 from a PUBACK or SUBACK), or {@code null}
     * @param outcomeUnknown whether the request may have reached the service
     * @param cause the underlying failure, or {@code null}
     */
    public JobsTransportException(
            String message, String topic, Integer reasonCode, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.reasonCode = reasonCode;
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * The topic or filter concerned.
     *
     * @return the topic, if the failure concerned one
     */
    public Optional<String> topic() {
        return Optional.ofNullable(topic);
    }

    /**
     * The MQTT 5 reason code the broker returned, or the client library's error code.
     *
     * @return the code, if there was one
     */
    public OptionalInt reasonCode() {
        return reasonCode == null ? OptionalInt.empty() : OptionalInt.of(reasonCode);
    }

    /**
     * Whether the request was sent, so the service may have carried it out although no reply arrived.
     *
     * @return true when the outcome is unknown; false when the request certainly never reached the service
     */
    public boolean isOutcomeUnknown() {
        return outcomeUnknown;
    }

    /**
     * Whether the broker refused with "not authorized" (0x87), which on AWS IoT almost always means the
     * device's policy does not allow the topic.
     *
     * @return true for reason code 0x87
     */
    public boolean isLikelyPolicyDenial() {
        return reasonCode != null && reasonCode == 0x87;
    }
}
