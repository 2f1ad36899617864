package io.iotjobs.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.IncomingMessage;
import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.Qos;
import io.iotjobs.core.TopicSubscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device's own traffic on a connection: checked names, listeners off the delivery thread and in order. */
class UserTrafficTest {

    private InMemoryBroker broker;
    private InMemoryBroker.Client device;
    private UserTraffic traffic;

    @BeforeEach
    void setUp() {
        broker = new InMemoryBroker();
        device = broker.connect("device");
        traffic = new UserTraffic(device.connection());
    }

    @AfterEach
    void tearDown() {
        traffic.close();
        broker.close();
    }

    @Test
    void listenersRunOnTheCallbackPoolInOrderAndTheirFailuresDoNotStopTheSubscription() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        traffic.subscribe("telemetry/#", Qos.AT_LEAST_ONCE, message -> {
                    threads.add(Thread.currentThread().getName());
                    received.add(message.payloadAsString());
                    if (message.payloadAsString().equals("3")) {
                        throw new IllegalStateException("a listener that fails once");
                    }
                })
                .get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 50; i++) {
            traffic.publish("telemetry/t", bytes(Integer.toString(i)), Qos.AT_LEAST_ONCE, false);
        }
        List<String> order =
                IntStream.range(0, 50).mapToObj(i -> take(received)).collect(Collectors.toList());
        assertThat(order)
                .containsExactlyElementsOf(
                        IntStream.range(0, 50).mapToObj(Integer::toString).collect(Collectors.toList()));
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("iotjobs-callback-"));
    }

    @Test
    void aListenerMayWaitForItsOwnPublishWithoutADeadlock() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        traffic.subscribe("cmd/in", Qos.AT_LEAST_ONCE, message -> {
                    try {
                        traffic.publish("cmd/out", message.payload(), Qos.AT_LEAST_ONCE, false)
                                .get(10, TimeUnit.SECONDS);
                        answered.countDown();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get(10, TimeUnit.SECONDS);
        traffic.publish("cmd/in", bytes("ping"), Qos.AT_LEAST_ONCE, false).get(10, TimeUnit.SECONDS);
        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void publishFuturesCompleteOnTheCallbackPool() throws Exception {
        device.holdAcks(); // so the future completes after the stage below is attached
        CompletableFuture<String> thread = traffic.publish("t", bytes("x"), Qos.AT_LEAST_ONCE, false)
                .thenApply(v -> Thread.currentThread().getName());
        device.releaseAcks();
        assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("iotjobs-callback-");
    }

    @Test
    void afterUnsubscribeNoMessageReachesTheListenerAndTheLastSubscriberSendsTheUnsubscribe() throws Exception {
        BlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
        TopicSubscription subscription =
                traffic.subscribe("t", Qos.AT_LEAST_ONCE, received::add).get(10, TimeUnit.SECONDS);
        assertThat(subscription.filter()).isEqualTo("t");
        assertThat(subscription.grantedQos()).isEqualTo(Qos.AT_LEAST_ONCE);
        subscription.unsubscribe().get(10, TimeUnit.SECONDS);
        assertThat(device.unsubscribeCount()).isEqualTo(1);
        traffic.publish("t", bytes("late"), Qos.AT_LEAST_ONCE, false).get(10, TimeUnit.SECONDS);
        device.awaitDelivery();
        assertThat(received).isEmpty();
        assertThat(subscription.unsubscribe()).succeedsWithin(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aPayloadIsCopiedSoTheCallerMayReuseItsArray() throws Exception {
        BlockingQueue<IncomingMessage> received = new LinkedBlockingQueue<>();
        traffic.subscribe("t", Qos.AT_LEAST_ONCE, received::add).get(10, TimeUnit.SECONDS);
        byte[] buffer = bytes("first");
        CompletableFuture<Void> sent = traffic.publish("t", buffer, Qos.AT_LEAST_ONCE, false);
        buffer[0] = 'X';
        sent.get(10, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS).payloadAsString()).isEqualTo("first");
    }

    @Test
    void badNamesAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> traffic.publish("a/+", bytes("x"), Qos.AT_LEAST_ONCE, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("topic:");
        assertThatThrownBy(() -> traffic.subscribe("a/#/b", Qos.AT_LEAST_ONCE, m -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filter:");
        assertThatThrownBy(() -> traffic.publish("t", null, Qos.AT_LEAST_ONCE, false))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("payload");
        assertThat(device.publishCount()).isZero();
        assertThat(device.subscribeCount()).isZero();
    }

    @Test
    void afterCloseEverythingFailsWithClosed() {
        device.close();
        assertThatThrownBy(() -> traffic.publish("t", bytes("x"), Qos.AT_LEAST_ONCE, false)
                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(JobsClientClosedException.class);
        assertThatThrownBy(
                        () -> traffic.subscribe("t", Qos.AT_LEAST_ONCE, m -> {}).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(JobsClientClosedException.class);
    }

    private static String take(BlockingQueue<String> queue) {
        try {
            String value = queue.poll(10, TimeUnit.SECONDS);
            assertThat(value).as("a message within 10 s").isNotNull();
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
