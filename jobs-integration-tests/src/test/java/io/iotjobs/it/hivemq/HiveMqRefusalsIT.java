package io.iotjobs.it.hivemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportException;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the broker refuses, and a broker that never answers or goes away, against a scripted loopback server that
 * answers with chosen codes: CONNACK, SUBACK and PUBACK refusals arrive as REFUSED with the broker's code, for MQTT
 * 5 and 3.1.1.
 */
class HiveMqRefusalsIT {

    private static final int NOT_AUTHORIZED = 0x87;
    private static final int MQTT311_NOT_AUTHORIZED = 5;
    private static final int MQTT311_SUBACK_FAILURE = 0x80;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    static Stream<Arguments> protocols() {
        return Stream.of(Arguments.of(HiveMqTransport.mqtt5()), Arguments.of(HiveMqTransport.mqtt311()));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private ScriptedBroker broker(int connack, int suback, int puback) throws Exception {
        ScriptedBroker broker = new ScriptedBroker(connack, suback, puback);
        closeables.add(broker);
        return broker;
    }

    private MqttTransport started(TransportFactory factory, ScriptedBroker broker, RecordingEvents events) {
        MqttTransport transport = factory.create(ConnectionSettings.builder("127.0.0.1", broker.port(), "refusals")
                .build());
        closeables.add(transport::close);
        transport.start(events);
        return transport;
    }

    private static boolean mqtt5(TransportFactory factory) {
        return factory.protocol() == MqttProtocol.MQTT_5;
    }

    private static TransportException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
            return (TransportException) e.getCause();
        }
        throw new AssertionError("completed without failing");
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aRefusedConnackFailsTheAttemptWithItsCode(TransportFactory factory) throws Exception {
        int code = mqtt5(factory) ? NOT_AUTHORIZED : MQTT311_NOT_AUTHORIZED;
        ScriptedBroker broker = broker(code, 0, 0);

        TransportException refused =
                failure(started(factory, broker, new RecordingEvents()).connect());

        assertThat(refused.kind()).isEqualTo(TransportException.Kind.REFUSED);
        assertThat(refused.reasonCode()).hasValue(code);
        assertThat(refused.getMessage()).isEqualTo("CONNACK");
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void theConnectionSaysWhyTheBrokerRefusedTheConnect(TransportFactory factory) throws Exception {
        ScriptedBroker broker = broker(mqtt5(factory) ? NOT_AUTHORIZED : MQTT311_NOT_AUTHORIZED, 0, 0);
        MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .transport(factory)
                .build();
        closeables.add(connection);

        assertThatThrownBy(() -> connection.connect().get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .cause()
                .isInstanceOf(JobsTransportException.class)
                .hasMessageContaining("CONNACK refused with reason code 0x" + (mqtt5(factory) ? "87" : "5"))
                .hasMessageContaining("(not authorized)");
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aRefusedSubscriptionFailsWithTheSubacksCode(TransportFactory factory) throws Exception {
        int code = mqtt5(factory) ? NOT_AUTHORIZED : MQTT311_SUBACK_FAILURE;
        MqttTransport transport = started(factory, broker(0, code, 0), new RecordingEvents());
        transport.connect().get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);

        TransportException refused = failure(transport.subscribe("denied/t", Qos.AT_LEAST_ONCE, false, 0));

        assertThat(refused.kind()).isEqualTo(TransportException.Kind.REFUSED);
        assertThat(refused.reasonCode()).hasValue(code);
        assertThat(refused.getMessage()).isEqualTo("SUBACK");
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aSubscriptionGrantedAtQos0SaysSo(TransportFactory factory) throws Exception {
        MqttTransport transport = started(factory, broker(0, 0, 0), new RecordingEvents());
        transport.connect().get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(transport
                        .subscribe("granted/t", Qos.AT_LEAST_ONCE, false, 0)
                        .get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(Qos.AT_MOST_ONCE);
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aPubackWithAFailureCodeRefusesThePublish(TransportFactory factory) throws Exception {
        MqttTransport transport = started(factory, broker(0, 0, NOT_AUTHORIZED), new RecordingEvents());
        transport.connect().get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> published =
                transport.publish("denied/t", "x".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false);

        if (mqtt5(factory)) {
            TransportException refused = failure(published);
            assertThat(refused.kind()).isEqualTo(TransportException.Kind.REFUSED);
            assertThat(refused.reasonCode()).hasValue(NOT_AUTHORIZED);
            assertThat(refused.getMessage()).isEqualTo("PUBACK");
        } else {
            // an MQTT 3.1.1 PUBACK has no code: a refused publish is not reported
            published.get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aServerThatNeverAnswersTimesOutEachAttemptAndTheNextStartsAfresh(TransportFactory factory) throws Exception {
        ScriptedBroker broker = broker(ScriptedBroker.SILENT, 0, 0);
        MqttConnection connection = MqttConnectionBuilder.plain("127.0.0.1", broker.port())
                .transport(factory)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        closeables.add(connection);

        for (int attempt = 1; attempt <= 2; attempt++) {
            // the connection's bound ("no CONNACK within 1 s") usually ends the attempt, the client's own a moment
            // later ("Timeout while waiting for CONNACK") when the connection's thread is slow to run
            assertThatThrownBy(() -> connection.connect().get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .cause()
                    .isInstanceOf(JobsTransportException.class)
                    .hasMessageContaining("CONNACK")
                    .hasMessageNotContaining("abandoned");
            assertThat(broker.accepted())
                    .as("network connections after attempt " + attempt)
                    .isEqualTo(attempt);
        }
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void aLostConnectionIsReportedOnceAndTheNextAttemptConnects(TransportFactory factory) throws Exception {
        ScriptedBroker broker = broker(0, 0, 0);
        RecordingEvents events = new RecordingEvents();
        MqttTransport transport = started(factory, broker, events);
        transport.connect().get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);

        broker.dropConnections();

        assertThat(events.nextLoss()).isNotNull();
        assertThat(transport.isConnected()).isFalse();
        transport.connect().get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(broker.accepted()).isEqualTo(2);
        assertThat(events.lossesLeft()).as("losses reported beyond the first").isZero();
        assertThat(transport
                        .publish("after/loss", new byte[0], Qos.AT_LEAST_ONCE, false)
                        .get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
    }
}
