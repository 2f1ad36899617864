package io.iotjobs.it.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.LastWill;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.core.OfflineQueuePolicy;
import io.iotjobs.core.PahoV5Transport;
import io.iotjobs.core.Qos;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.BrokerPool;
import io.iotjobs.it.support.BrokerSettings;
import io.iotjobs.it.support.Brokers;
import io.iotjobs.it.support.TcpProxy;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.transport.hivemq.HiveMqTransport;
import io.iotjobs.transport.paho3.PahoV3Transport;
import io.iotjobs.v1.IotJobsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MQTT connection options over every transport (Paho v5, Paho v3, HiveMQ MQTT 5 and 3.1.1) against the
 * embedded broker and Mosquitto: the Will published when the device's connection drops, CONNECT user properties
 * sent and accepted, the maximum packet size the device announced respected by the broker, connect() retrying
 * until a broker that was down starts, the offline queue overflowing by its policy, and a V1 publish whose PUBACK is
 * held failing at its acknowledgement timeout. Devices reach the broker through a {@link TcpProxy}, which cuts,
 * refuses or holds their connection while the broker and the observers stay up.
 */
class ConnectOptionsIT {

    private static final long WAIT_S = 10;

    /** Brokers of this class alone, which a test may stop and start. */
    private static final BrokerPool STOPPABLE = new BrokerPool(BrokerSettings.defaults());

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterAll
    static void closeBrokers() {
        STOPPABLE.close();
    }

    static Stream<Arguments> transportsAndBrokers() {
        List<Arguments> cases = new ArrayList<>();
        for (TransportFactory factory : List.of(
                PahoV5Transport.factory(),
                PahoV3Transport.factory(),
                HiveMqTransport.mqtt5(),
                HiveMqTransport.mqtt311())) {
            for (BrokerKind kind : BrokerKind.values()) {
                cases.add(Arguments.of(Named.of(factory.name() + " " + factory.protocol(), factory), kind));
            }
        }
        return cases.stream();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closed(T resource) {
        closing.add(resource);
        return resource;
    }

    private static String unique(String what) {
        return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A device on the transport, reaching the broker through a proxy of its own, reconnecting quickly. */
    private MqttConnectionBuilder device(TransportFactory factory, TcpProxy proxy) {
        return MqttConnectionBuilder.plain("127.0.0.1", proxy.port())
                .clientId(unique("device"))
                .transport(factory)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    /** An observer on the broker itself (HiveMQ client, MQTT 5), to see the properties of what it receives. */
    private Mqtt5BlockingClient observer(Broker broker, String filter) {
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier(unique("observer"))
                .serverHost(broker.host())
                .serverPort(broker.port())
                .buildBlocking();
        client.connect();
        closed(client::disconnect);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return client;
    }

    private static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> publish = publishes.receive(WAIT_S, TimeUnit.SECONDS);
        assertThat(publish).as("a message within %s s", WAIT_S).isPresent();
        return publish.get();
    }

    private static JobsTransportException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(JobsTransportException.class);
            return (JobsTransportException) e.getCause();
        }
        throw new AssertionError("the future completed instead of failing");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void theWillIsPublishedWhenTheConnectionDropsWithItsPropertiesOnMqtt5(TransportFactory factory, BrokerKind kind)
            throws Exception {
        Broker broker = Brokers.shared(kind);
        TcpProxy proxy = closed(TcpProxy.to(broker));
        String topic = unique("will") + "/status";
        Mqtt5BlockingClient observer = observer(broker, topic);
        Mqtt5BlockingClient.Mqtt5Publishes publishes = closed(observer.publishes(MqttGlobalPublishFilter.ALL));
        boolean mqtt5 = factory.protocol() == MqttProtocol.MQTT_5;
        LastWill.Builder will = LastWill.builder(topic).payload(utf8("offline")).qos(Qos.AT_LEAST_ONCE);
        if (mqtt5) {
            will.contentType("text/plain").messageExpiry(Duration.ofMinutes(5)).userProperty("reason", "lost");
        }
        MqttConnection device = closed(device(factory, proxy)
                .lastWill(will.build())
                .autoReconnect(false)
                .build());
        device.connect().get(WAIT_S, TimeUnit.SECONDS);

        proxy.cut();

        Mqtt5Publish published = next(publishes);
        assertThat(published.getTopic()).hasToString(topic);
        assertThat(published.getPayloadAsBytes()).isEqualTo(utf8("offline"));
        assertThat(published.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        if (mqtt5) {
            assertThat(published.getContentType().map(Object::toString)).contains("text/plain");
            assertThat(published.getUserProperties().asList())
                    .extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("reason=lost");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void connectUserPropertiesGoInTheConnectAndTheBrokerAcceptsThem(TransportFactory factory, BrokerKind kind)
            throws Exception {
        Assumptions.assumeTrue(factory.protocol() == MqttProtocol.MQTT_5, "user properties are MQTT 5");
        Broker broker = Brokers.shared(kind);
        TcpProxy proxy = closed(TcpProxy.to(broker));
        MqttConnection device = closed(device(factory, proxy)
                .userProperty("fleet", "north-7")
                .userProperty("firmware", "2.4.1")
                .build());

        device.connect().get(WAIT_S, TimeUnit.SECONDS);

        assertThat(device.isConnected()).as("the broker accepted the CONNECT").isTrue();
        // an MQTT 5 user property on the wire: identifier 0x26, then the name and value as length-prefixed strings
        assertThat(new String(proxy.sentByClients(), StandardCharsets.ISO_8859_1))
                .contains("\u0026\u0000\u0005fleet\u0000\u0007north-7")
                .contains("\u0026\u0000\u0008firmware\u0000\u00052.4.1");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void theBrokerSendsNothingLargerThanTheMaximumPacketSizeTheDeviceAnnounced(
            TransportFactory factory, BrokerKind kind) throws Exception {
        Assumptions.assumeTrue(factory.protocol() == MqttProtocol.MQTT_5, "a client maximum packet size is MQTT 5");
        Broker broker = Brokers.shared(kind);
        TcpProxy proxy = closed(TcpProxy.to(broker));
        MqttConnection device =
                closed(device(factory, proxy).maximumPacketSize(512).build());
        device.connect().get(WAIT_S, TimeUnit.SECONDS);
        String topic = unique("small") + "/data";
        BlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
        device.subscribe(topic, Qos.AT_LEAST_ONCE, received::add).get(WAIT_S, TimeUnit.SECONDS);
        MqttConnection sender =
                closed(broker.connectionBuilder().clientId(unique("sender")).build());
        sender.connect().get(WAIT_S, TimeUnit.SECONDS);

        sender.publish(topic, new byte[2048], Qos.AT_LEAST_ONCE).get(WAIT_S, TimeUnit.SECONDS);
        sender.publish(topic, utf8("fits"), Qos.AT_LEAST_ONCE).get(WAIT_S, TimeUnit.SECONDS);

        IncomingMessage first = received.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(first).as("a message within %s s", WAIT_S).isNotNull();
        assertThat(first.payloadAsString())
                .as("the 2 KiB message was not sent to the device")
                .isEqualTo("fits");
        assertThat(device.isConnected()).isTrue();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void connectRetriesUntilTheBrokerStartsLater(TransportFactory factory, BrokerKind kind) throws Exception {
        Broker broker = STOPPABLE.get(kind);
        broker.stop(); // the device boots before its broker: every attempt through the proxy finds nothing there
        try {
            TcpProxy proxy = closed(TcpProxy.to(broker));
            // an attempt that reaches the broker while it is still starting may get no CONNACK: the attempt's own
            // timeout ends it and the retry goes on, which is what a device booting before its broker needs too
            MqttConnection device = closed(device(factory, proxy)
                    .connectRetry(Duration.ofMinutes(1))
                    .connectTimeout(Duration.ofSeconds(2))
                    .build());

            CompletableFuture<Boolean> connecting = device.connect();
            assertThat(proxy.awaitAttempts(3, Duration.ofSeconds(WAIT_S)))
                    .as("three failed attempts")
                    .isTrue();
            assertThat(connecting).isNotDone();
            broker.start();

            connecting.get(3 * WAIT_S, TimeUnit.SECONDS);
            assertThat(device.isConnected()).isTrue();
        } finally {
            broker.start();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void withoutRetryConnectFailsAtTheFirstRefusedAttempt(TransportFactory factory, BrokerKind kind) throws Exception {
        Broker broker = Brokers.shared(kind);
        TcpProxy proxy = closed(TcpProxy.to(broker));
        proxy.pause();
        MqttConnection device = closed(device(factory, proxy).build());

        failure(device.connect());

        assertThat(proxy.attempts()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void publishesBeyondTheOfflineQueueFailAndTheQueuedOnesGoOutOnReconnect(TransportFactory factory, BrokerKind kind)
            throws Exception {
        Broker broker = Brokers.shared(kind);
        TcpProxy proxy = closed(TcpProxy.to(broker));
        String topic = unique("queued") + "/t";
        Mqtt5BlockingClient observer = observer(broker, topic);
        Mqtt5BlockingClient.Mqtt5Publishes publishes = closed(observer.publishes(MqttGlobalPublishFilter.ALL));
        CountDownLatch interrupted = new CountDownLatch(1);
        MqttConnection device = closed(device(factory, proxy)
                .offlineQueue(2, OfflineQueuePolicy.FAIL_NEWEST)
                .listener(new MqttConnectionListener() {
                    @Override
                    public void onInterrupted(Throwable cause) {
                        interrupted.countDown();
                    }
                })
                .build());
        device.connect().get(WAIT_S, TimeUnit.SECONDS);
        proxy.pause();
        assertThat(interrupted.await(WAIT_S, TimeUnit.SECONDS))
                .as("the device saw the loss")
                .isTrue();

        CompletableFuture<Void> one = device.publish(topic, utf8("1"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> two = device.publish(topic, utf8("2"), Qos.AT_LEAST_ONCE);
        CompletableFuture<Void> three = device.publish(topic, utf8("3"), Qos.AT_LEAST_ONCE);
        JobsTransportException overflow = failure(three);
        assertThat(overflow).hasMessageContaining("offline queue is full");
        assertThat(overflow.isOutcomeUnknown()).isFalse();
        proxy.resume();

        one.get(WAIT_S, TimeUnit.SECONDS);
        two.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(next(publishes).getPayloadAsBytes()).isEqualTo(utf8("1"));
        assertThat(next(publishes).getPayloadAsBytes()).isEqualTo(utf8("2"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void aV1PublishWhosePubackIsHeldFailsAtItsAcknowledgementTimeout(TransportFactory factory, BrokerKind kind)
            throws Exception {
        Broker broker = Brokers.shared(kind);
        TcpProxy proxy = closed(TcpProxy.to(broker));
        MqttConnection device = closed(device(factory, proxy).build());
        device.connect().get(WAIT_S, TimeUnit.SECONDS);
        IotJobsClient jobs = closed(
                IotJobsClient.builder(device).ackTimeout(Duration.ofMillis(300)).build());
        proxy.hold();
        try {
            JobsTransportException timedOut = failure(jobs.publishGetPendingJobExecutions(
                    GetPendingJobExecutionsRequest.builder()
                            .thingName(unique("thing"))
                            .build(),
                    Qos.AT_LEAST_ONCE));
            assertThat(timedOut).hasMessageContaining("no PUBACK").hasMessageContaining("300 ms");
            assertThat(timedOut.isOutcomeUnknown()).isTrue();
        } finally {
            proxy.release();
        }
        jobs.publishGetPendingJobExecutions(
                        GetPendingJobExecutionsRequest.builder()
                                .thingName(unique("thing"))
                                .build(),
                        Qos.AT_LEAST_ONCE)
                .get(WAIT_S, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("transportsAndBrokers")
    void aWillTopicWithAWildcardIsRefusedBeforeAnythingConnects(TransportFactory factory, BrokerKind kind) {
        Assumptions.assumeTrue(kind == BrokerKind.EMBEDDED, "no broker involved: once is enough");
        assertThatThrownBy(() -> LastWill.builder("devices/+/status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lastWill.topic:");
        if (factory.protocol() == MqttProtocol.MQTT_3_1_1) {
            assertThatThrownBy(() -> MqttConnectionBuilder.plain("127.0.0.1", 1)
                            .transport(factory)
                            .lastWill(LastWill.builder("t")
                                    .delayInterval(Duration.ofSeconds(5))
                                    .build())
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("lastWill.delayInterval: not supported by the " + factory.name()
                            + " transport (MQTT 3.1.1)");
        }
    }
}
