package io.iotjobs.it.hivemq;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.ConnAck;
import io.iotjobs.core.spi.ConnectionSettings;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.MqttTransport;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.testkit.EmbeddedBroker;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transport driven directly, the way the connection drives it, against the embedded broker: what each SPI call
 * maps to, for MQTT 5 and 3.1.1.
 */
class HiveMqTransportIT {

    private final List<MqttTransport> transports = new ArrayList<>();

    static Stream<Arguments> protocols() {
        return Stream.of(Arguments.of(HiveMqTransport.mqtt5()), Arguments.of(HiveMqTransport.mqtt311()));
    }

    @AfterEach
    void closeTransports() {
        transports.forEach(MqttTransport::close);
    }

    private MqttTransport started(TransportFactory factory, RecordingEvents events) {
        EmbeddedBroker broker = EmbeddedBroker.shared();
        MqttTransport transport = factory.create(ConnectionSettings.builder(
                        "127.0.0.1",
                        broker.port(),
                        "hivemq-it-" + UUID.randomUUID().toString().substring(0, 8))
                .build());
        transports.add(transport);
        transport.start(events);
        return transport;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(RecordingEvents.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void connackCarriesSessionAndTheBrokersLimits(TransportFactory factory) throws Exception {
        MqttTransport transport = started(factory, new RecordingEvents());
        assertThat(transport.isConnected()).isFalse();

        ConnAck connAck = await(transport.connect());

        assertThat(connAck.sessionPresent()).isFalse();
        assertThat(transport.isConnected()).isTrue();
        if (factory.protocol() == MqttProtocol.MQTT_5) {
            // the shared embedded broker announces a receive maximum of 100
            assertThat(connAck.receiveMaximum()).hasValue(100);
        } else {
            assertThat(connAck.receiveMaximum()).isEmpty();
            assertThat(connAck.maximumPacketSize()).isEmpty();
        }
        await(transport.disconnect());
        assertThat(transport.isConnected()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void messagesOfOneQosArriveInOrderOnTheClientsIoThread(TransportFactory factory) throws Exception {
        RecordingEvents events = new RecordingEvents();
        MqttTransport transport = started(factory, events);
        await(transport.connect());
        String prefix = "hivemq-it/" + UUID.randomUUID();
        assertThat(await(transport.subscribe(prefix + "/+/n", Qos.AT_LEAST_ONCE, false, 0)))
                .isEqualTo(Qos.AT_LEAST_ONCE);

        for (Qos qos : Qos.values()) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(transport.publish(
                        prefix + "/a/n", (qos + "-" + i).getBytes(StandardCharsets.UTF_8), qos, false));
            }
            await(CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])));
            // the broker keeps the order of one publisher's messages of one QoS (not between QoS 0 and QoS 1)
            for (int i = 0; i < 200; i++) {
                RecordingEvents.Message message = events.next();
                assertThat(message.text()).isEqualTo(qos + "-" + i);
                assertThat(message.topic()).isEqualTo(prefix + "/a/n");
                assertThat(message.qos()).isEqualTo(qos);
                assertThat(message.thread())
                        .as("delivered on the client's I/O thread")
                        .startsWith("iotjobs-hivemq-");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void wildcardFiltersReceiveWhatTheyMatchAndUnsubscribeEndsDelivery(TransportFactory factory) throws Exception {
        RecordingEvents events = new RecordingEvents();
        MqttTransport transport = started(factory, events);
        await(transport.connect());
        String base = "hivemq-it/" + UUID.randomUUID();
        await(transport.subscribe(base + "/+/state", Qos.AT_LEAST_ONCE, false, 0));
        await(transport.subscribe(base + "/logs/#", Qos.AT_LEAST_ONCE, false, 0));

        for (String topic :
                List.of(base + "/a/state", base + "/a/b/state", base + "/logs", base + "/logs/x/y", base + "/other")) {
            await(transport.publish(topic, topic.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false));
        }
        await(transport.unsubscribe(base + "/+/state"));
        await(transport.publish(base + "/b/state", new byte[0], Qos.AT_LEAST_ONCE, false));
        await(transport.publish(base + "/logs/last", new byte[0], Qos.AT_LEAST_ONCE, false));

        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            topics.add(events.next().topic());
        }
        // "+" matches one level, "#" the parent and any depth; one publisher, so the last message shows that
        // nothing else came before it
        assertThat(topics).containsExactly(base + "/a/state", base + "/logs", base + "/logs/x/y", base + "/logs/last");
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void payloadsOf64And128KilobytesArriveIntact(TransportFactory factory) throws Exception {
        RecordingEvents events = new RecordingEvents();
        MqttTransport transport = started(factory, events);
        await(transport.connect());
        String topic = "hivemq-it/" + UUID.randomUUID() + "/large";
        await(transport.subscribe(topic, Qos.AT_LEAST_ONCE, false, 0));

        for (int size : new int[] {64 * 1024, 128 * 1024}) {
            byte[] payload = new byte[size];
            new java.util.Random(size).nextBytes(payload);
            await(transport.publish(topic, payload, Qos.AT_LEAST_ONCE, false));
            assertThat(events.next().payload()).isEqualTo(payload);
        }
    }
}
