package io.iotjobs.core;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A reply or event payload could not be decoded. It carries the topic and the payload as received.
 */
public final class JobsDecodeException extends JobsException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SHOWN = 200;

    /** @serial the topic the payload arrived on */
    private final String topic;
    /** @serial the payload as received */
    private final byte[] payload;
    /** @serial the field that did not fit, or {@code null} */
    private final String field;
    /** @serial whether the payload was not JSON at all */
    private final boolean malformedJson;

    /**
     * Creates the exception.
     *
     * @param topic the topic the payload arrived on
     * @param payload the payload (copied)
     * @param field the JSON field at fault, or {@code null}
     * @param malformedJson whether the payload is not JSON at all (as opposed to JSON of the wrong shape)
     * @param reason what is wrong
     * @param cause the parser's exception, or {@code null}
     */
    public JobsDecodeException(
            String topic, byte[] payload, String field, boolean malformedJson, String reason, Throwable cause) {
        super(
                "Cannot decode payload on " + topic + (field == null ? "" : " (field " + field + ")") + ": " + reason
                        + " [payload: " + preview(payload) + "]",
                cause);
        this.topic = topic;
        this.payload = payload.clone();
        this.field = field;
        this.malformedJson = malformedJson;
    }

    private static String preview(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "… (" + payload.length + " bytes)";
    }

    /**
     * The topic the payload arrived on.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * The payload as received.
     *
     * @return a copy of the bytes
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The JSON field at fault, as a path such as {@code execution.versionNumber}.
     *
     * @return the field, when known
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * Whether the payload is not JSON at all (bad UTF-8 or syntax), as opposed to JSON of the wrong shape.
     *
     * @return true for malformed JSON
     */
    public boolean isMalformedJson() {
        return malformedJson;
    }
}
