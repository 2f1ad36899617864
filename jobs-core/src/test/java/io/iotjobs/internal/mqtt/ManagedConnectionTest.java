package io.iotjobs.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagedConnectionTest {

    private InMemoryBroker broker;
    private InMemoryBroker.Client a;
    private InMemoryBroker.Client b;

    @BeforeEach
    void setUp() {
        broker = new InMemoryBroker();
        a = broker.connect("a");
        b = broker.connect("b");
    }

    @AfterEach
    void tearDown() {
        broker.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageListener into(BlockingQueue<String> queue) {
        return (topic, payload, qos) -> queue.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void publishesBeyondTheReceiveMaximumWaitInsteadOfFailing() throws Exception {
        a.receiveMaximum(2);
        a.holdAcks();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(a.publish("t/" + i, bytes("m"), Qos.AT_LEAST_ONCE));
        }
        assertThat(a.publishCount()).as("only the window is in flight").isEqualTo(2);
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        a.releaseAcks();
        for (CompletableFuture<Void> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(a.publishCount()).isEqualTo(5);
        assertThat(a.publishedTopics()).containsExactly("t/0", "t/1", "t/2", "t/3", "t/4");
    }

    @Test
    void qos0PublishesAreNotHeldByTheWindow() throws Exception {
        a.receiveMaximum(1);
        a.holdAcks();
        a.publish("t/1", bytes("m"), Qos.AT_LEAST_ONCE);
        a.publish("t/2", bytes("m"), Qos.AT_MOST_ONCE).get(10, TimeUnit.SECONDS);
        assertThat(a.publishCount()).isEqualTo(2);
        a.releaseAcks();
    }

    @Test
    void publishesWhileOfflineAreSentAfterTheReconnect() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        b.subscribe("t/#", SubscribeOptions.QOS1, into(received)).get(10, TimeUnit.SECONDS);
        a.dropConnection(null);
        CompletableFuture<Void> queued = a.publish("t/x", bytes("later"), Qos.AT_LEAST_ONCE);
        assertThat(a.publishCount()).isZero();
        assertThat(queued).isNotDone();
        a.restoreConnection(true);
        queued.get(10, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("t/x later");
    }

    @Test
    void publishesInFlightWhenTheConnectionDropsFailWithUnknownOutcome() throws Exception {
        a.holdAcks();
        CompletableFuture<Void> inFlight = a.publish("t/x", bytes("m"), Qos.AT_LEAST_ONCE);
        a.dropConnection(new java.io.IOException("gone"));
        assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(JobsTransportException.class, e -> {
                    assertThat(e.isOutcomeUnknown()).isTrue();
                    assertThat(e.topic()).contains("t/x");
                });
    }

    @Test
    void listenersShareOneSubscriptionPerFilterAndTheLastOneUnsubscribes() throws Exception {
        BlockingQueue<String> one = new LinkedBlockingQueue<>();
        BlockingQueue<String> two = new LinkedBlockingQueue<>();
        TransportSubscription s1 =
                b.subscribe("t/+", SubscribeOptions.QOS1, into(one)).get(10, TimeUnit.SECONDS);
        TransportSubscription s2 =
                b.subscribe("t/+", SubscribeOptions.QOS1, into(two)).get(10, TimeUnit.SECONDS);
        assertThat(b.subscribeCount()).isEqualTo(1);
        a.publish("t/1", bytes("x"), Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        assertThat(one.poll(10, TimeUnit.SECONDS)).isEqualTo("t/1 x");
        assertThat(two.poll(10, TimeUnit.SECONDS)).isEqualTo("t/1 x");
        s1.unsubscribe().get(10, TimeUnit.SECONDS);
        s1.unsubscribe().get(10, TimeUnit.SECONDS);
        assertThat(b.unsubscribeCount()).isZero();
        s2.unsubscribe().get(10, TimeUnit.SECONDS);
        assertThat(b.unsubscribeCount()).isEqualTo(1);
        assertThat(b.subscribedFilters()).isEmpty();
    }

    @Test
    void overlappingFiltersEachGetTheMessage() throws Exception {
        BlockingQueue<String> wide = new LinkedBlockingQueue<>();
        BlockingQueue<String> exact = new LinkedBlockingQueue<>();
        b.subscribe("$aws/things/+/jobs/#", SubscribeOptions.QOS1, into(wide)).get(10, TimeUnit.SECONDS);
        b.subscribe("$aws/things/d/jobs/notify", SubscribeOptions.QOS1, into(exact))
                .get(10, TimeUnit.SECONDS);
        a.publish("$aws/things/d/jobs/notify", bytes("{}"), Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        assertThat(wide.poll(10, TimeUnit.SECONDS)).isEqualTo("$aws/things/d/jobs/notify {}");
        assertThat(exact.poll(10, TimeUnit.SECONDS)).isEqualTo("$aws/things/d/jobs/notify {}");
    }

    @Test
    void afterALostSessionEveryFilterIsSubscribedAgainAndListenersAreTold() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        b.subscribe("t/1", SubscribeOptions.QOS1, new MessageListener() {
                    @Override
                    public void onMessage(String topic, byte[] payload, int qos) {
                        events.add("message");
                    }

                    @Override
                    public void onSubscriptionLost() {
                        events.add("lost");
                    }

                    @Override
                    public void onSubscriptionRestored() {
                        events.add("restored");
                    }
                })
                .get(10, TimeUnit.SECONDS);
        b.dropConnection(null);
        b.restoreConnection(false);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("lost");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("restored");
        assertThat(b.brokerFilters()).containsExactly("t/1");
        a.publish("t/1", bytes("x"), Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("message");
    }

    @Test
    void withTheSessionKeptNothingIsSubscribedAgainAndQueuedMessagesArrive() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        b.subscribe("t/1", SubscribeOptions.QOS1, into(received)).get(10, TimeUnit.SECONDS);
        b.dropConnection(null);
        a.publish("t/1", bytes("while away"), Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        b.restoreConnection(true);
        assertThat(b.subscribeCount()).isEqualTo(1);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("t/1 while away");
    }

    @Test
    void aRefusedSubscriptionFailsWithTheReasonCodeAndLeavesNoFilter() {
        broker.refuseSubscriptions("$aws/things/d/jobs/notify", 0x87);
        assertThatThrownBy(() -> b.subscribe(
                                "$aws/things/d/jobs/notify", SubscribeOptions.QOS1, into(new LinkedBlockingQueue<>()))
                        .get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        JobsTransportException.class,
                        e -> assertThat(e.isLikelyPolicyDenial()).isTrue());
        assertThat(b.subscribedFilters()).isEmpty();
    }

    @Test
    void closeFailsQueuedWork() {
        a.dropConnection(null);
        CompletableFuture<Void> queued = a.publish("t/1", bytes("x"), Qos.AT_LEAST_ONCE);
        CompletableFuture<TransportSubscription> subscribing =
                a.subscribe("t/2", SubscribeOptions.QOS1, into(new LinkedBlockingQueue<>()));
        a.close();
        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(JobsClientClosedException.class);
        assertThatThrownBy(() -> subscribing.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(JobsClientClosedException.class);
        assertThatThrownBy(() -> a.publish("t/1", bytes("x"), Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(JobsClientClosedException.class);
    }
}
