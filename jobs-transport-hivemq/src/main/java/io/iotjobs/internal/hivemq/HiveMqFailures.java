package io.iotjobs.internal.hivemq;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3DisconnectException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5UnsubAckException;
import com.hivemq.client.mqtt.mqtt5.message.Mqtt5ReasonCode;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.TransportException;
import io.iotjobs.internal.mqtt.TransportFailures;
import java.util.List;

/**
 * Classifies the HiveMQ client's failures (of either protocol's API) as the SPI's {@link TransportException}s:
 * the broker's refusals with their reason or return code, the client's "not connected" (nothing was sent), lost
 * connections (outcome unknown) and everything else.
 */
final class HiveMqFailures {

    /** The reason code of an MQTT 3.1.1 SUBACK failure (return code 0x80). */
    static final int SUBACK_FAILURE = 0x80;

    private HiveMqFailures() {}

    /**
     * The failure as a {@link TransportException}.
     *
     * @param error what the HiveMQ client failed with (future wrappers are removed)
     * @param otherwise the kind of any failure not classified here
     * @param packet the acknowledgement the operation waited for ({@code CONNACK}, {@code PUBACK}, {@code SUBACK},
     *     {@code UNSUBACK}): a refusal's message starts with it
     * @param protocol the protocol on the wire: MQTT 3.1.1 CONNACK refusals carry the 3.1.1 return code
     * @return the classified failure
     */
    static TransportException classify(
            Throwable error, TransportException.Kind otherwise, String packet, MqttProtocol protocol) {
        Throwable e = TransportFailures.unwrap(error);
        if (e instanceof TransportException) {
            return (TransportException) e;
        }
        if (e instanceof Mqtt5ConnAckException) {
            int code =
                    ((Mqtt5ConnAckException) e).getMqttMessage().getReasonCode().getCode();
            return refused(packet, protocol == MqttProtocol.MQTT_3_1_1 ? mqtt311ReturnCode(code) : code, e);
        }
        if (e instanceof Mqtt3ConnAckException) {
            return refused(
                    packet,
                    ((Mqtt3ConnAckException) e).getMqttMessage().getReturnCode().getCode(),
                    e);
        }
        if (e instanceof Mqtt5PubAckException) {
            return refused(
                    packet,
                    ((Mqtt5PubAckException) e).getMqttMessage().getReasonCode().getCode(),
                    e);
        }
        if (e instanceof Mqtt5SubAckException) {
            return refused(
                    packet,
                    firstError(((Mqtt5SubAckException) e).getMqttMessage().getReasonCodes()),
                    e);
        }
        if (e instanceof Mqtt3SubAckException) {
            return refused(packet, SUBACK_FAILURE, e);
        }
        if (e instanceof Mqtt5UnsubAckException) {
            return refused(
                    packet,
                    firstError(((Mqtt5UnsubAckException) e).getMqttMessage().getReasonCodes()),
                    e);
        }
        if (e instanceof MqttClientStateException) {
            return new TransportException(TransportException.Kind.NOT_CONNECTED, e.getMessage(), null, e);
        }
        if (e instanceof ConnectionFailedException && e.getCause() != null) {
            // the network or TLS failure inside, so that the SDK can explain it
            return new TransportException(TransportException.Kind.FAILED, e.getMessage(), null, e.getCause());
        }
        if (isConnectionEnd(e)) {
            return new TransportException(
                    "CONNACK".equals(packet) ? TransportException.Kind.FAILED : TransportException.Kind.CONNECTION_LOST,
                    e.getMessage(),
                    null,
                    e);
        }
        return new TransportException(otherwise, String.valueOf(e.getMessage()), null, e);
    }

    private static boolean isConnectionEnd(Throwable e) {
        return e instanceof ConnectionClosedException
                || e instanceof MqttSessionExpiredException
                || e instanceof Mqtt5DisconnectException
                || e instanceof Mqtt3DisconnectException;
    }

    private static TransportException refused(String packet, int code, Throwable cause) {
        return new TransportException(TransportException.Kind.REFUSED, packet, code, cause);
    }

    private static int firstError(List<? extends Mqtt5ReasonCode> codes) {
        for (Mqtt5ReasonCode code : codes) {
            if (code.isError()) {
                return code.getCode();
            }
        }
        return codes.isEmpty() ? SUBACK_FAILURE : codes.get(0).getCode();
    }

    /**
     * The MQTT 3.1.1 CONNACK return code that the HiveMQ client decoded into an MQTT 5 reason code (it keeps one
     * CONNACK type for both protocols).
     *
     * @param reasonCode the MQTT 5 reason code
     * @return the 3.1.1 return code (1 to 5), or the reason code if it has none
     */
    static int mqtt311ReturnCode(int reasonCode) {
        switch (reasonCode) {
            case 0x84:
                return 1; // unacceptable protocol version
            case 0x85:
                return 2; // identifier rejected
            case 0x88:
                return 3; // server unavailable
            case 0x86:
                return 4; // bad user name or password
            case 0x87:
                return 5; // not authorized
            default:
                return reasonCode;
        }
    }
}
