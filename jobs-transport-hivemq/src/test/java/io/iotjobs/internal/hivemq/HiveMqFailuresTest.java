package io.iotjobs.internal.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.internal.mqtt.datatypes.MqttUserPropertiesImpl;
import com.hivemq.client.internal.mqtt.message.publish.puback.MqttPubAck;
import com.hivemq.client.internal.mqtt.message.subscribe.suback.MqttSubAck;
import com.hivemq.client.internal.mqtt.message.subscribe.suback.mqtt3.Mqtt3SubAckView;
import com.hivemq.client.internal.util.collections.ImmutableList;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.TransportException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The HiveMQ client's failures as the SPI's kinds and codes. */
class HiveMqFailuresTest {

    private static TransportException classify(Throwable error, String packet) {
        return HiveMqFailures.classify(error, TransportException.Kind.CONNECTION_LOST, packet, MqttProtocol.MQTT_5);
    }

    @Test
    void refusalsCarryTheBrokersCode() {
        MqttPubAck pubAck = new MqttPubAck(
                7, Mqtt5PubAckReasonCode.NOT_AUTHORIZED, null, MqttUserPropertiesImpl.NO_USER_PROPERTIES);
        TransportException puback =
                classify(new Mqtt5PubAckException(pubAck, "PUBACK contained an Error Code"), "PUBACK");
        assertThat(puback.kind()).isEqualTo(TransportException.Kind.REFUSED);
        assertThat(puback.reasonCode()).hasValue(0x87);
        assertThat(puback.getMessage()).isEqualTo("PUBACK");

        MqttSubAck subAck = new MqttSubAck(
                8,
                ImmutableList.of(Mqtt5SubAckReasonCode.TOPIC_FILTER_INVALID),
                null,
                MqttUserPropertiesImpl.NO_USER_PROPERTIES);
        assertThat(classify(new CompletionException(new Mqtt5SubAckException(subAck, "only errors")), "SUBACK")
                        .reasonCode())
                .hasValue(0x8F);
        assertThat(classify(new Mqtt3SubAckException(Mqtt3SubAckView.of(subAck), "failure", null), "SUBACK")
                        .reasonCode())
                .as("MQTT 3.1.1 says only 'failure'")
                .hasValue(0x80);
    }

    @Test
    void mqtt311ConnackCodesAreTheReturnCodes() {
        assertThat(HiveMqFailures.mqtt311ReturnCode(0x84)).isEqualTo(1);
        assertThat(HiveMqFailures.mqtt311ReturnCode(0x85)).isEqualTo(2);
        assertThat(HiveMqFailures.mqtt311ReturnCode(0x88)).isEqualTo(3);
        assertThat(HiveMqFailures.mqtt311ReturnCode(0x86)).isEqualTo(4);
        assertThat(HiveMqFailures.mqtt311ReturnCode(0x87)).isEqualTo(5);
        assertThat(HiveMqFailures.mqtt311ReturnCode(0x99)).isEqualTo(0x99);
    }

    @Test
    void theClientsStatesBecomeKinds() {
        assertThat(classify(new MqttClientStateException("MQTT client is not connected."), "PUBACK")
                        .kind())
                .as("nothing was sent")
                .isEqualTo(TransportException.Kind.NOT_CONNECTED);
        assertThat(classify(new ConnectionClosedException("gone"), "PUBACK").kind())
                .as("in flight when the connection closed")
                .isEqualTo(TransportException.Kind.CONNECTION_LOST);
        assertThat(classify(new ConnectionClosedException("gone"), "CONNACK").kind())
                .as("closed before the CONNACK")
                .isEqualTo(TransportException.Kind.FAILED);
        assertThat(classify(new IllegalStateException("odd"), "UNSUBACK").kind())
                .isEqualTo(TransportException.Kind.CONNECTION_LOST);
    }

    @Test
    void aFailedConnectionKeepsTheNetworkFailureAsItsCause() {
        ConnectException refused = new ConnectException("Connection refused");
        TransportException failed = classify(new ConnectionFailedException(refused), "CONNACK");
        assertThat(failed.kind()).isEqualTo(TransportException.Kind.FAILED);
        assertThat(failed.getCause()).isSameAs(refused);
    }

    @Test
    void aTransportExceptionStaysAsItIs() {
        TransportException own = new TransportException(TransportException.Kind.TIMEOUT, "late", null, null);
        assertThat(classify(new CompletionException(own), "CONNACK")).isSameAs(own);
    }
}
