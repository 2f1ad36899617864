package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsTransportException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Turns MQTT reason codes and Paho exceptions into {@link JobsTransportException}s whose message says what
 * happened and, where it is likely, why.
 */
public final class MqttErrors {
    private MqttErrors() {
    }

    /**
     * The first failing reason code (≥ 0x80) of an acknowledgement.
     *
     * @param codes the reason codes, possibly {@code null}
     * @return the code, or -1 when all succeeded
     */
    public static int firstFailureCode(int[] codes) {
        if (codes != null) {
            for (int code : codes) {
                if (code >= 0x80) {
                    return code;
                }
            }
        }
        return -1;
    }

    /**
     * A refusal by the broker in a PUBACK or SUBACK.
     *
     * @param packet {@code PUBACK} or {@code SUBACK}
     * @param topic the topic or filter
     * @param code the reason code
     * @return the exception
     */
    public static JobsTransportException refused(String packet, String topic, int code) {
        String message = packet + " for " + topic + " refused with reason code 0x" + Integer.toHexString(code)
                + " (" + reasonName(code) + ")";
        if (code == 0x87 && topic.startsWith("$aws/")) {
            message += ": on AWS IoT this usually means the device's policy does not allow "
                    + (packet.equals("SUBACK") ? "iot:Subscribe" : "iot:Publish") + " on this topic";
        }
        return new JobsTransportException(message, topic, code, false, null);
    }

    /**
     * A failure reported by the MQTT library.
     *
     * @param what what was attempted, e.g. "publish to t failed"
     * @param topic the topic, or {@code null}
     * @param cause the library's exception
     * @param outcomeUnknown whether the packet may have reached the broker
     * @return the exception
     */
    public static JobsTransportException transportFailure(String what, String topic, Throwable cause,
            boolean outcomeUnknown) {
        Integer code = null;
        StringBuilder message = new StringBuilder(what);
        if (cause instanceof MqttException) {
            code = ((MqttException) cause).getReasonCode();
            message.append(": ").append(cause.getMessage()).append(" (code ").append(code).append(')');
        } else if (cause != null) {
            message.append(": ").append(cause);
        }
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root != cause) {
            message.append("; caused by ").append(root);
        }
        explainTls(cause).ifPresent(text -> message.append(" — ").append(text));
        return new JobsTransportException(message.toString(), topic, code, outcomeUnknown, cause);
    }

    private static java.util.Optional<String> explainTls(Throwable cause) {
        return io.iotjobs.internal.tls.TlsFailures.explain(cause);
    }

    /**
     * The MQTT 5 name of a failure reason code.
     *
     * @param code the code
     * @return its name
     */
    public static String reasonName(int code) {
        switch (code) {
            case 0x80: return "unspecified error";
            case 0x81: return "malformed packet";
            case 0x82: return "protocol error";
            case 0x83: return "implementation specific error";
            case 0x87: return "not authorized";
            case 0x89: return "server busy";
            case 0x8F: return "topic filter invalid";
            case 0x90: return "topic name invalid";
            case 0x91: return "packet identifier in use";
            case 0x93: return "receive maximum exceeded";
            case 0x95: return "packet too large";
            case 0x97: return "quota exceeded";
            case 0x99: return "payload format invalid";
            case 0x9E: return "shared subscriptions not supported";
            case 0xA1: return "subscription identifiers not supported";
            case 0xA2: return "wildcard subscriptions not supported";
            default: return "reason code " + code;
        }
    }
}
