package io.iotjobs.it.reliability;

import static io.iotjobs.it.reliability.Scenarios.WAIT;
import static io.iotjobs.it.reliability.Scenarios.await;
import static io.iotjobs.it.reliability.Scenarios.job;
import static io.iotjobs.it.reliability.Scenarios.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.BrokerSettings;
import io.iotjobs.it.support.Recorder;
import io.iotjobs.it.support.ServiceFixture;
import io.iotjobs.it.support.TcpProxy;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.v2.SubscriptionStatusEventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Persistent sessions (clean start off, session expiry one hour, a fixed client id) on brokers with file
 * persistence: QoS 1 {@code notify} and {@code notify-next} events published while the device was away, with
 * the device disconnected or the broker restarted meanwhile, reach the device when it returns, each exactly
 * once, through V2 streams and V1 event subscriptions alike.
 *
 * <p>The service sends every event twice here ({@code duplicateEvents}); a raw observer confirms the
 * duplicates really went through the broker, so the device seeing each event once is the SDK's doing. After
 * the queued events, a sentinel change (a canceled job) proves that nothing else was delivered in between.
 */
class PersistentSessionIT extends SessionScenario {
    private static final Fixtures FIXTURES =
            new Fixtures(BrokerSettings.defaults().withPersistence(true));

    @AfterAll
    static void closeBrokers() {
        FIXTURES.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void eventsPublishedWhileTheDeviceWasDisconnectedArriveOnceWhenItReconnects(BrokerKind kind) throws Exception {
        Broker broker = FIXTURES.broker(kind);
        service = FIXTURES.service(kind);
        String thing = unique("persistent");
        device = new Device(
                thing,
                broker.connectionBuilder().clientId(thing).cleanStart(false).sessionExpiry(Duration.ofHours(1)));
        device.connect();
        device.follow(true);
        service.faults().duplicateEvents(true);

        await(device.connection.disconnect());
        observer = observe(broker, thing);
        String j1 = unique("j1");
        String j2 = unique("j2");
        String j3 = unique("j3");
        service.control().createJob(job(j1, thing));
        service.control().createJob(job(j2, thing));
        service.control().createJob(job(j3, thing));
        // every event went through the broker twice: 3 notify and 1 notify-next, doubled
        assertThat(topicsSeen(observer, 8)).containsExactlyInAnyOrderEntriesOf(Map.of("notify", 6L, "notify-next", 2L));

        assertThat(device.connect()).as("the broker kept the session").isTrue();

        List<String> queued = List.of(
                "QUEUED=[" + j1 + "]",
                "QUEUED=[" + j1 + ", " + j2 + "]",
                "QUEUED=[" + j1 + ", " + j2 + ", " + j3 + "]");
        assertDeliveredOnce(
                device,
                queued,
                List.of(j1 + "@QUEUED"),
                j1,
                "QUEUED=[" + j2 + ", " + j3 + "]",
                j2 + "@QUEUED",
                service,
                thing);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void eventsPublishedWhileTheBrokerRestartedArriveOnceWhenTheDeviceReconnectsByItself(BrokerKind kind)
            throws Exception {
        Broker broker = FIXTURES.broker(kind);
        service = FIXTURES.service(kind);
        proxy = TcpProxy.to(broker);
        String thing = unique("persistent-restart");
        device = new Device(
                thing,
                broker.connectionBuilder()
                        .port(proxy.port())
                        .clientId(thing)
                        .cleanStart(false)
                        .sessionExpiry(Duration.ofHours(1))
                        .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));
        device.connect();
        device.follow(true);
        service.faults().duplicateEvents(true);

        // the device drops off and stays away while the broker restarts and the jobs are created
        proxy.pause();
        device.connectionEvents.awaitMatch(0, "interrupted"::equals, "onInterrupted", WAIT);
        broker.restart();
        service.awaitServing(WAIT);
        observer = observe(broker, thing);
        String j1 = unique("j1");
        String j2 = unique("j2");
        service.control().createJob(job(j1, thing));
        service.control().createJob(job(j2, thing));
        assertThat(topicsSeen(observer, 6)).containsExactlyInAnyOrderEntriesOf(Map.of("notify", 4L, "notify-next", 2L));

        proxy.resume();
        device.connectionEvents.awaitMatch(0, e -> e.startsWith("resumed"), "onResumed", WAIT);
        assertThat(device.connectionEvents.all())
                .as("the broker kept the session across its restart")
                .containsExactly("connected(false)", "interrupted", "resumed(true)");

        assertDeliveredOnce(
                device,
                List.of("QUEUED=[" + j1 + "]", "QUEUED=[" + j1 + ", " + j2 + "]"),
                List.of(j1 + "@QUEUED"),
                j1,
                "QUEUED=[" + j2 + "]",
                j2 + "@QUEUED",
                service,
                thing);
    }

    /**
     * Waits for the queued events on every V1 and V2 listener, then cancels the first job (the sentinel: one
     * more notify and notify-next) and checks that each listener got exactly the queued events followed by the
     * sentinel's.
     */
    private static void assertDeliveredOnce(
            Device device,
            List<String> notify,
            List<String> next,
            String cancel,
            String notifyAfterCancel,
            String nextAfterCancel,
            ServiceFixture service,
            String thing)
            throws Exception {
        for (Recorder<String> recorder : List.of(device.v2Notify, device.v1Notify)) {
            recorder.awaitCount(notify.size(), WAIT);
        }
        for (Recorder<String> recorder : List.of(device.v2Next, device.v1Next)) {
            recorder.awaitCount(next.size(), WAIT);
        }
        service.control().cancelJob(cancel, false);

        for (Recorder<String> recorder : List.of(device.v2Notify, device.v1Notify)) {
            recorder.awaitCount(notify.size() + 1, WAIT);
            assertThat(recorder.all())
                    .as("notify events of " + thing)
                    .containsExactlyElementsOf(concat(notify, notifyAfterCancel));
        }
        for (Recorder<String> recorder : List.of(device.v2Next, device.v1Next)) {
            recorder.awaitCount(next.size() + 1, WAIT);
            assertThat(recorder.all())
                    .as("notify-next events of " + thing)
                    .containsExactlyElementsOf(concat(next, nextAfterCancel));
        }
        // the session was kept: the streams never lost their subscriptions, so no resync ran either
        assertThat(device.v2NotifyStatus.all()).containsExactly(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);
        assertThat(device.v2NextStatus.all()).containsExactly(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);
    }

    private static List<String> concat(List<String> first, String last) {
        List<String> all = new java.util.ArrayList<>(first);
        all.add(last);
        return all;
    }

    /** A raw client (clean session) watching the thing's two event topics. */
    private static RawMqttClient observe(Broker broker, String thing) {
        RawMqttClient raw = RawMqttClient.connect(broker.serverUri(), unique("observer"));
        raw.subscribe("$aws/things/" + thing + "/jobs/notify");
        raw.subscribe("$aws/things/" + thing + "/jobs/notify-next");
        return raw;
    }

    /** Takes {@code count} messages and counts them by last topic level. */
    private static Map<String, Long> topicsSeen(RawMqttClient observer, int count) {
        return observer.take(count, WAIT).stream()
                .collect(Collectors.groupingBy(
                        m -> m.topic().substring(m.topic().lastIndexOf('/') + 1), Collectors.counting()));
    }
}
