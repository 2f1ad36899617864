package io.iotjobs.it.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.core.MqttConnectionListener;
import io.iotjobs.core.Qos;
import io.iotjobs.core.TopicSubscription;
import io.iotjobs.core.spi.MqttProtocol;
import io.iotjobs.core.spi.TransportFactory;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.BrokerPool;
import io.iotjobs.it.support.BrokerSettings;
import io.iotjobs.it.support.Recorder;
import io.iotjobs.it.support.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every transport must do under an {@link MqttConnection}, on the embedded broker and on Mosquitto. A
 * transport module passes it by a subclass that names its factory ({@link #factory()}).
 *
 * <p>The brokers announce a receive maximum of {@value #RECEIVE_MAXIMUM} and a maximum packet size of
 * {@value #MAX_PACKET} bytes (MQTT 5); a second pair keeps sessions across restarts.
 */
public abstract class TransportContract {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final int RECEIVE_MAXIMUM = 10;
    static final int MAX_PACKET = 256 * 1024;

    private static final BrokerPool BROKERS = new BrokerPool(
            BrokerSettings.defaults().withReceiveMaximum(RECEIVE_MAXIMUM).withMaximumPacketSize(MAX_PACKET));
    private static final BrokerPool PERSISTENT =
            new BrokerPool(BrokerSettings.defaults().withPersistence(true));
    private static final BrokerPool DENYING =
            new BrokerPool(BrokerSettings.defaults().withDenied("denied/#"));
    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /**
     * The transport under test.
     *
     * @return its factory
     */
    protected abstract TransportFactory factory();

    @AfterAll
    static void closeBrokers() {
        BROKERS.close();
        PERSISTENT.close();
        DENYING.close();
    }

    @AfterEach
    void closeConnections() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
    }

    // ------------------------------------------------------------------------------------------ publish

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void qos1PublishCompletesOnlyAfterThePubackAndQos0OnWrite(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        TcpProxy proxy = closeLater(TcpProxy.to(broker));
        MqttConnection device = connect(builder(broker).port(proxy.port()), "acks");
        MqttConnection observer = connect(builder(broker), "observer");
        String topic = topic("acks");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(observer.subscribe(topic, Qos.AT_LEAST_ONCE, seen));

        proxy.hold();
        CompletableFuture<Void> qos1 = device.publish(topic, bytes("one"), Qos.AT_LEAST_ONCE);
        // the broker has the message, so its PUBACK is on the way and held in the proxy
        seen.awaitCount(1, WAIT);
        assertThat(qos1).as("QoS 1 publish before its PUBACK arrived").isNotDone();
        await(device.publish(topic, bytes("zero"), Qos.AT_MOST_ONCE));
        assertThat(qos1).as("QoS 1 publish, still before its PUBACK").isNotDone();
        proxy.release();
        await(qos1);
        assertThat(seen.awaitCount(2, WAIT))
                .extracting(IncomingMessage::payloadAsString)
                .containsExactly("one", "zero");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void publishesBeyondTheReceiveMaximumWaitAndNoneFails(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        MqttConnection device = connect(builder(broker), "window");
        MqttConnection observer = connect(builder(broker), "observer");
        String topic = topic("window");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(observer.subscribe(topic, Qos.AT_LEAST_ONCE, seen));

        int count = 40 * RECEIVE_MAXIMUM;
        List<CompletableFuture<Void>> sent = IntStream.range(0, count)
                .mapToObj(i -> device.publish(topic, bytes(Integer.toString(i)), Qos.AT_LEAST_ONCE))
                .collect(Collectors.toList());
        for (CompletableFuture<Void> future : sent) {
            await(future);
        }
        assertThat(seen.awaitCount(count, WAIT))
                .extracting(IncomingMessage::payloadAsString)
                .as("one publisher's messages, in order")
                .containsExactlyElementsOf(
                        IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.toList()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void largePayloadsArriveIntact(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        MqttConnection device = connect(builder(broker), "large");
        String topic = topic("large");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(device.subscribe(topic, Qos.AT_LEAST_ONCE, seen));
        byte[] k64 = random(64 * 1024);
        byte[] k128 = random(128 * 1024);
        await(device.publish(topic, k64, Qos.AT_LEAST_ONCE));
        await(device.publish(topic, k128, Qos.AT_LEAST_ONCE));
        List<IncomingMessage> messages = seen.awaitCount(2, WAIT);
        assertThat(messages.get(0).payload()).isEqualTo(k64);
        assertThat(messages.get(1).payload()).isEqualTo(k128);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aPublishAboveTheBrokersMaximumPacketSizeFailsAloneAndTheConnectionStaysUp(BrokerKind kind) throws Exception {
        assumeTrue(
                factory().protocol() == MqttProtocol.MQTT_5,
                "MQTT 3.1.1 brokers announce no maximum packet size: the broker closes the connection instead");
        Broker broker = BROKERS.get(kind);
        MqttConnection device = connect(builder(broker), "oversize");
        String topic = topic("oversize");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(device.subscribe(topic, Qos.AT_LEAST_ONCE, seen));

        CompletableFuture<Void> tooLarge = device.publish(topic, random(MAX_PACKET + 1), Qos.AT_LEAST_ONCE);
        assertThatThrownBy(() -> await(tooLarge))
                .hasCauseInstanceOf(JobsTransportException.class)
                .cause()
                .hasMessageContaining("maximum packet size of " + MAX_PACKET)
                .satisfies(e -> assertThat(((JobsTransportException) e).isOutcomeUnknown())
                        .isFalse());
        await(device.publish(topic, bytes("still up"), Qos.AT_LEAST_ONCE));
        assertThat(seen.awaitCount(1, WAIT).get(0).payloadAsString()).isEqualTo("still up");
        assertThat(device.isConnected()).isTrue();
    }

    // -------------------------------------------------------------------------------------- subscribe

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void wildcardFiltersGetExactlyTheTopicsTheyMatch(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        MqttConnection device = connect(builder(broker), "wildcards");
        String plusBase = topic("plus");
        String hashBase = topic("hash");
        Recorder<IncomingMessage> plus = new Recorder<>();
        Recorder<IncomingMessage> hash = new Recorder<>();
        await(device.subscribe(plusBase + "/+/state", Qos.AT_LEAST_ONCE, plus));
        await(device.subscribe(hashBase + "/#", Qos.AT_LEAST_ONCE, hash));
        List<String> topics = List.of(
                plusBase + "/a/state",
                plusBase + "/a/b/state",
                plusBase + "/a",
                plusBase + "/b/state",
                hashBase,
                hashBase + "/a",
                hashBase + "/a/b/c",
                topic("neither"));
        for (String t : topics) {
            await(device.publish(t, bytes(t), Qos.AT_LEAST_ONCE));
        }
        // one publisher, so the last topic each filter matches tells that the earlier ones have arrived too
        assertThat(plus.awaitCount(2, WAIT))
                .extracting(IncomingMessage::topic)
                .containsExactly(plusBase + "/a/state", plusBase + "/b/state");
        assertThat(hash.awaitCount(3, WAIT))
                .extracting(IncomingMessage::topic)
                .containsExactly(hashBase, hashBase + "/a", hashBase + "/a/b/c");
        await(device.publish(plusBase + "/z/state", bytes("last"), Qos.AT_LEAST_ONCE));
        assertThat(plus.awaitCount(3, WAIT)).hasSize(3);
        assertThat(hash.all()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void overlappingFiltersEachGetEveryMatchingMessageOnce(BrokerKind kind) throws Exception {
        assumeTrue(
                factory().protocol() == MqttProtocol.MQTT_5,
                "a broker may send an MQTT 3.1.1 client a copy per"
                        + " matching subscription, and without subscription identifiers the copies cannot be told apart");
        Broker broker = BROKERS.get(kind);
        MqttConnection device = connect(builder(broker), "overlap");
        String base = topic("overlap");
        Recorder<IncomingMessage> plus = new Recorder<>();
        Recorder<IncomingMessage> hash = new Recorder<>();
        Recorder<IncomingMessage> exact = new Recorder<>();
        await(device.subscribe(base + "/+/state", Qos.AT_LEAST_ONCE, plus));
        await(device.subscribe(base + "/#", Qos.AT_LEAST_ONCE, hash));
        await(device.subscribe(base + "/a/state", Qos.AT_LEAST_ONCE, exact));
        List<String> topics =
                List.of(base + "/a/state", base + "/b/state", base + "/a/b/state", base + "/a", base + "/last/state");
        for (String t : topics) {
            await(device.publish(t, bytes(t), Qos.AT_LEAST_ONCE));
        }
        assertThat(hash.awaitCount(topics.size(), WAIT))
                .extracting(IncomingMessage::topic)
                .containsExactlyElementsOf(topics);
        assertThat(plus.awaitCount(3, WAIT))
                .extracting(IncomingMessage::topic)
                .containsExactly(base + "/a/state", base + "/b/state", base + "/last/state");
        assertThat(exact.awaitCount(1, WAIT)).extracting(IncomingMessage::topic).containsExactly(base + "/a/state");
        // a final message through every filter: a copy delivered twice would have come before it
        await(device.publish(base + "/a/state", bytes("final"), Qos.AT_LEAST_ONCE));
        assertThat(exact.awaitCount(2, WAIT).get(1).payloadAsString()).isEqualTo("final");
        assertThat(plus.awaitCount(4, WAIT).get(3).payloadAsString()).isEqualTo("final");
        assertThat(hash.awaitCount(topics.size() + 1, WAIT).get(topics.size()).payloadAsString())
                .isEqualTo("final");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void twoSubscribersOfOneFilterShareOneSubscriptionAndEachGetsEveryMessage(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        CountingTransport.Factory counting = new CountingTransport.Factory(factory());
        MqttConnection device = connect(builder(broker).transport(counting), "shared");
        String topic = topic("shared");
        Recorder<IncomingMessage> first = new Recorder<>();
        Recorder<IncomingMessage> second = new Recorder<>();
        TopicSubscription firstSubscription = await(device.subscribe(topic, Qos.AT_LEAST_ONCE, first));
        await(device.subscribe(topic, Qos.AT_LEAST_ONCE, second));
        assertThat(counting.last().subscribes(topic))
                .as("SUBSCRIBEs for the shared filter")
                .isEqualTo(1);

        await(device.publish(topic, bytes("both"), Qos.AT_LEAST_ONCE));
        assertThat(first.awaitCount(1, WAIT))
                .extracting(IncomingMessage::payloadAsString)
                .containsExactly("both");
        assertThat(second.awaitCount(1, WAIT))
                .extracting(IncomingMessage::payloadAsString)
                .containsExactly("both");

        await(firstSubscription.unsubscribe());
        await(device.publish(topic, bytes("second only"), Qos.AT_LEAST_ONCE));
        assertThat(second.awaitCount(2, WAIT).get(1).payloadAsString()).isEqualTo("second only");
        assertThat(first.all()).hasSize(1);
        assertThat(counting.last().calls())
                .as("no UNSUBSCRIBE while a subscriber is left")
                .doesNotContain("unsubscribe:" + topic);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aRefusedSubscriptionFailsWithItsReasonAndTheConnectionGoesOn(BrokerKind kind) throws Exception {
        Broker broker = DENYING.get(kind);
        MqttConnection device = connect(builder(broker), "refused");
        int expected = factory().protocol() == MqttProtocol.MQTT_5 ? 0x87 : 0x80;
        assertThatThrownBy(() -> await(device.subscribe("denied/" + run, Qos.AT_LEAST_ONCE, m -> {})))
                .cause()
                .isInstanceOfSatisfying(JobsTransportException.class, e -> {
                    assertThat(e.reasonCode()).hasValue(expected);
                    assertThat(e.getMessage())
                            .contains("SUBACK", "denied/" + run, "0x" + Integer.toHexString(expected));
                });
        Recorder<IncomingMessage> seen = new Recorder<>();
        String allowed = topic("allowed");
        await(device.subscribe(allowed, Qos.AT_LEAST_ONCE, seen));
        await(device.publish(allowed, bytes("ok"), Qos.AT_LEAST_ONCE));
        assertThat(seen.awaitCount(1, WAIT)).hasSize(1);
    }

    // ---------------------------------------------------------------------------------- connection loss

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aConnectionLostDuringAPublishFailsItWithAnUnknownOutcome(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        TcpProxy proxy = closeLater(TcpProxy.to(broker));
        MqttConnection device = connect(builder(broker).port(proxy.port()), "lost");
        MqttConnection observer = connect(builder(broker), "observer");
        String topic = topic("lost");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(observer.subscribe(topic, Qos.AT_LEAST_ONCE, seen));

        proxy.hold();
        CompletableFuture<Void> inFlight = device.publish(topic, bytes("in flight"), Qos.AT_LEAST_ONCE);
        seen.awaitCount(1, WAIT);
        proxy.cut();
        assertThatThrownBy(() -> await(inFlight))
                .cause()
                .isInstanceOfSatisfying(
                        JobsTransportException.class,
                        e -> assertThat(e.isOutcomeUnknown())
                                .as("outcome unknown: " + e.getMessage())
                                .isTrue());
        proxy.release();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aBrokerRestartWithoutTheSessionSubscribesEveryFilterAgainExactlyOnce(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        CountingTransport.Factory counting = new CountingTransport.Factory(factory());
        Recorder<String> events = new Recorder<>();
        MqttConnection device = connect(builder(broker).transport(counting).listener(recording(events)), "restart");
        String a = topic("restart-a");
        String b = topic("restart-b");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(device.subscribe(a, Qos.AT_LEAST_ONCE, seen));
        await(device.subscribe(b, Qos.AT_LEAST_ONCE, seen));

        broker.restart();
        events.await(e -> e.startsWith("resumed"), "onResumed after the restart", WAIT);
        assertThat(events.all()).contains("resumed:false");
        await(device.publish(a, bytes("a"), Qos.AT_LEAST_ONCE));
        await(device.publish(b, bytes("b"), Qos.AT_LEAST_ONCE));
        assertThat(seen.awaitCount(2, WAIT))
                .extracting(IncomingMessage::payloadAsString)
                .containsExactly("a", "b");
        assertThat(counting.last().subscribes(a)).as("SUBSCRIBEs of " + a).isEqualTo(2);
        assertThat(counting.last().subscribes(b)).as("SUBSCRIBEs of " + b).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void aBrokerRestartWithTheSessionKeepsTheSubscriptionsAndLosesNoMessage(BrokerKind kind) throws Exception {
        Broker broker = PERSISTENT.get(kind);
        CountingTransport.Factory counting = new CountingTransport.Factory(factory());
        Recorder<String> events = new Recorder<>();
        MqttConnectionBuilder persistent =
                builder(broker).transport(counting).cleanStart(false).listener(recording(events));
        if (factory().protocol().hasSessionExpiry()) {
            persistent.sessionExpiry(Duration.ofHours(1));
        }
        MqttConnection device = connect(persistent, "session");
        MqttConnection publisher = connect(builder(broker), "publisher");
        String topic = topic("session");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(device.subscribe(topic, Qos.AT_LEAST_ONCE, seen));

        // connected through a restart: the broker still has the session, nothing is subscribed again
        broker.restart();
        events.await(e -> e.startsWith("resumed"), "onResumed after the restart", WAIT);
        assertThat(events.all()).contains("resumed:true");
        await(publisher.publish(topic, bytes("after restart"), Qos.AT_LEAST_ONCE));
        assertThat(seen.awaitCount(1, WAIT).get(0).payloadAsString()).isEqualTo("after restart");

        // away while messages arrive for it, before and after another restart: they wait in its session
        device.disconnect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        int count = 20;
        for (int i = 0; i < count; i++) {
            if (i == count / 2) {
                broker.restart();
            }
            await(publisher.publish(topic, bytes(Integer.toString(i)), Qos.AT_LEAST_ONCE));
        }
        assertThat(await(device.connect())).as("session present").isTrue();
        assertThat(seen.awaitCount(count + 1, WAIT).subList(1, count + 1))
                .extracting(IncomingMessage::payloadAsString)
                .containsExactlyElementsOf(
                        IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.toList()));
        assertThat(counting.last().subscribes(topic))
                .as("no SUBSCRIBE again with the session kept")
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------- close

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void closeLeavesNoThreadOfTheSdkOrTheLibrary(BrokerKind kind) throws Exception {
        Broker broker = BROKERS.get(kind);
        // a first connection starts whatever the broker starts per client, so the baseline holds it
        try (MqttConnection warmUp = connect(builder(broker), "warm-up")) {
            await(warmUp.publish(topic("warm-up"), bytes("x"), Qos.AT_LEAST_ONCE));
        }
        Threads.awaitNoneBut(Threads.live(), WAIT);
        var baseline = Threads.live();

        MqttConnection device = connect(builder(broker), "threads");
        String topic = topic("threads");
        Recorder<IncomingMessage> seen = new Recorder<>();
        await(device.subscribe(topic, Qos.AT_LEAST_ONCE, seen));
        await(device.publish(topic, bytes("x"), Qos.AT_LEAST_ONCE));
        seen.awaitCount(1, WAIT);
        assertThat(Threads.live()).as("the connection runs threads of its own").isNotEqualTo(baseline);
        device.close();

        Threads.awaitNoneBut(baseline, WAIT);
    }

    // ---------------------------------------------------------------------------------------- helpers

    private MqttConnectionBuilder builder(Broker broker) {
        return broker.connectionBuilder()
                .transport(factory())
                .connectTimeout(Duration.ofSeconds(5))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    private MqttConnection connect(MqttConnectionBuilder builder, String role) throws Exception {
        MqttConnection connection = closeLater(
                builder.clientId(role + "-" + run + "-" + IDS.incrementAndGet()).build());
        await(connection.connect());
        return connection;
    }

    private String topic(String name) {
        return "contract/" + run + "/" + name + "-" + IDS.incrementAndGet();
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    static <T> T await(CompletableFuture<T> future)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static MqttConnectionListener recording(Recorder<String> events) {
        return new MqttConnectionListener() {
            @Override
            public void onConnected(boolean sessionPresent) {
                events.accept("connected:" + sessionPresent);
            }

            @Override
            public void onInterrupted(Throwable cause) {
                events.accept("interrupted");
            }

            @Override
            public void onResumed(boolean sessionPresent) {
                events.accept("resumed:" + sessionPresent);
            }
        };
    }
}
