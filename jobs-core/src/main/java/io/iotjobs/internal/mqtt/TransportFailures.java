package io.iotjobs.internal.mqtt;

import io.iotjobs.core.JobsException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.TransportException;
import io.iotjobs.internal.proxy.HttpProxyException;
import io.iotjobs.internal.tls.TlsFailures;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures become the SDK's exceptions: a transport's {@link TransportException} (or any
 * other throwable a library let escape) becomes a {@link JobsTransportException} whose message says what was
 * attempted, what happened, and where it is likely, why (a policy denial on AWS IoT, a TLS mistake).
 */
public final class TransportFailures {

    private TransportFailures() {}

    /**
     * Removes the {@link CompletionException} or {@link ExecutionException} wrappers that futures add.
     *
     * @param error a failure
     * @return the failure inside
     */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * A failure as the SDK's exception: a {@link JobsException} as it is, anything else as a
     * {@link JobsTransportException} of the attempted action.
     *
     * @param error the failure (wrappers are removed)
     * @param what what was attempted, e.g. {@code "publish to t"}; used only for a failure that is not a
     *     {@link JobsException} yet
     * @param topic the topic or filter concerned, or {@code null}
     * @param protocol the connection's protocol, for naming reason codes
     * @return the exception
     */
    public static JobsException toJobsException(Throwable error, String what, String topic, MqttProtocol protocol) {
        Throwable cause = unwrap(error);
        if (cause instanceof JobsException) {
            return (JobsException) cause;
        }
        return failed(what, topic, cause, protocol);
    }

    /**
     * A failure as the SDK's exception, for the engines above the connection (whose failures are already the SDK's
     * exceptions, but for a library's exception that escaped).
     *
     * @param error the failure (wrappers are removed)
     * @param what what was attempted, e.g. {@code "UpdateJobExecution"}
     * @param topic the topic concerned, or {@code null}
     * @return the exception
     */
    public static JobsException toJobsException(Throwable error, String what, String topic) {
        return toJobsException(error, what, topic, MqttProtocol.MQTT_5);
    }

    /**
     * A failed action.
     *
     * @param what what was attempted, e.g. {@code "publish to t"} or {@code "connect to tcp://h:1883 as dev"}
     * @param topic the topic or filter concerned, or {@code null}
     * @param error the failure: a {@link TransportException} from a transport, or a library's exception
     * @param protocol the connection's protocol
     * @return the exception
     */
    public static JobsTransportException failed(String what, String topic, Throwable error, MqttProtocol protocol) {
        Throwable cause = unwrap(error);
        Optional<HttpProxyException> proxy = proxyFailure(cause);
        if (proxy.isPresent()) {
            // the proxy's words say it all; the library's wrapping ("unable to connect") adds nothing
            Throwable library =
                    cause instanceof TransportException && cause.getCause() != null ? cause.getCause() : cause;
            return new JobsTransportException(
                    what + " failed: " + proxy.get().getMessage(), topic, null, false, library);
        }
        if (cause instanceof TransportException) {
            TransportException t = (TransportException) cause;
            if (t.kind() == TransportException.Kind.REFUSED && t.reasonCode().isPresent()) {
                return refused(what, topic, t.reasonCode().getAsInt(), protocol, t);
            }
            Throwable library = t.getCause() != null ? t.getCause() : t;
            boolean unknown = t.kind() == TransportException.Kind.CONNECTION_LOST;
            return withExplanation(what + " failed: " + t.getMessage(), topic, null, unknown, library);
        }
        return withExplanation(what + " failed: " + cause, topic, null, false, cause);
    }

    /**
     * The HTTP proxy's failure behind a failure, if it is one: the tunnel was refused, or the proxy could not be
     * reached or did not answer as a proxy.
     *
     * @param error a failure, possibly wrapped
     * @return the proxy's failure, if the failure is one
     */
    public static Optional<HttpProxyException> proxyFailure(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof HttpProxyException) {
                return Optional.of((HttpProxyException) t);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a failed connection attempt met a refusal that retrying soon would only meet again: the HTTP proxy
     * refused the credentials (407) or the destination (403). The reconnect loop then waits its longest delay.
     *
     * @param error the attempt's failure
     * @return true for a lasting refusal
     */
    public static boolean isLastingRefusal(Throwable error) {
        return proxyFailure(unwrap(error)).map(HttpProxyException::lasting).orElse(false);
    }

    /**
     * A publish that was in flight when the connection was lost.
     *
     * @param topic the topic
     * @param cause why the connection was lost, or {@code null}
     * @return the exception, outcome unknown
     */
    public static JobsTransportException lostInFlight(String topic, Throwable cause) {
        return new JobsTransportException(
                "connection lost before the publish to " + topic + " was confirmed; it may have been delivered",
                topic,
                null,
                true,
                cause);
    }

    private static JobsTransportException refused(
            String what, String topic, int code, MqttProtocol protocol, TransportException cause) {
        String packet = cause.getMessage() == null ? "the broker" : cause.getMessage();
        StringBuilder message = new StringBuilder(what)
                .append(" failed: ")
                .append(packet)
                .append(" refused with reason code 0x")
                .append(Integer.toHexString(code))
                .append(" (")
                .append(reasonName(code, packet.startsWith("CONNACK"), protocol))
                .append(')');
        boolean denied = isNotAuthorized(code, packet.startsWith("CONNACK"), protocol);
        if (denied && topic != null && topic.startsWith("$aws/")) {
            message.append(": on AWS IoT this usually means the device's policy does not allow ")
                    .append(packet.startsWith("SUBACK") ? "iot:Subscribe" : "iot:Publish")
                    .append(" on this topic");
        } else if (denied && packet.startsWith("CONNACK")) {
            message.append(": on AWS IoT this usually means the certificate is inactive or its policy does not allow"
                    + " iot:Connect for this client id");
        }
        return new JobsTransportException(message.toString(), topic, code, false, cause);
    }

    private static boolean isNotAuthorized(int code, boolean connack, MqttProtocol protocol) {
        if (connack && protocol == MqttProtocol.MQTT_3_1_1) {
            return code == 5 || code == 4;
        }
        return code == 0x87 || code == 0x86;
    }

    private static JobsTransportException withExplanation(
            String text, String topic, Integer code, boolean unknown, Throwable cause) {
        StringBuilder message = new StringBuilder(text);
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root != cause) {
            message.append("; caused by ").append(root);
        }
        TlsFailures.explain(cause)
                .ifPresent(explanation -> message.append(" — ").append(explanation));
        return new JobsTransportException(message.toString(), topic, code, unknown, cause);
    }

    /**
     * The name of a failure code: an MQTT 5 reason code, or an MQTT 3.1.1 CONNACK return code.
     *
     * @param code the code
     * @param connack whether it came in a CONNACK
     * @param protocol the protocol
     * @return its name
     */
    public static String reasonName(int code, boolean connack, MqttProtocol protocol) {
        if (protocol == MqttProtocol.MQTT_3_1_1) {
            if (!connack) {
                return code == 0x80 ? "failure" : "return code " + code;
            }
            switch (code) {
                case 1:
                    return "unacceptable protocol version";
                case 2:
                    return "identifier rejected";
                case 3:
                    return "server unavailable";
                case 4:
                    return "bad user name or password";
                case 5:
                    return "not authorized";
                default:
                    return "return code " + code;
            }
        }
        switch (code) {
            case 0x80:
                return "unspecified error";
            case 0x81:
                return "malformed packet";
            case 0x82:
                return "protocol error";
            case 0x83:
                return "implementation specific error";
            case 0x84:
                return "unsupported protocol version";
            case 0x85:
                return "client identifier not valid";
            case 0x86:
                return "bad user name or password";
            case 0x87:
                return "not authorized";
            case 0x88:
                return "server unavailable";
            case 0x89:
                return "server busy";
            case 0x8A:
                return "banned";
            case 0x8C:
                return "bad authentication method";
            case 0x8F:
                return "topic filter invalid";
            case 0x90:
                return "topic name invalid";
            case 0x91:
                return "packet identifier in use";
            case 0x93:
                return "receive maximum exceeded";
            case 0x95:
                return "packet too large";
            case 0x97:
                return "quota exceeded";
            case 0x99:
                return "payload format invalid";
            case 0x9A:
                return "retain not supported";
            case 0x9B:
                return "QoS not supported";
            case 0x9C:
                return "use another server";
            case 0x9D:
                return "server moved";
            case 0x9E:
                return "shared subscriptions not supported";
            case 0x9F:
                return "connection rate exceeded";
            case 0xA1:
                return "subscription identifiers not supported";
            case 0xA2:
                return "wildcard subscriptions not supported";
            default:
                return "reason code " + code;
        }
    }
}
