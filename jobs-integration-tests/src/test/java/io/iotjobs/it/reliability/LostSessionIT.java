package io.iotjobs.it.reliability;

import static io.iotjobs.it.reliability.Scenarios.WAIT;
import static io.iotjobs.it.reliability.Scenarios.await;
import static io.iotjobs.it.reliability.Scenarios.job;
import static io.iotjobs.it.reliability.Scenarios.unique;
import static io.iotjobs.v2.SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED;
import static io.iotjobs.v2.SubscriptionStatusEventType.SUBSCRIPTION_LOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import io.iotjobs.it.support.Broker;
import io.iotjobs.it.support.BrokerKind;
import io.iotjobs.it.support.BrokerSettings;
import io.iotjobs.it.support.Recorder;
import io.iotjobs.it.support.TcpProxy;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.v2.ServiceStreamOptions;
import io.iotjobs.v2.StreamingOperation;
import io.iotjobs.v2.SubscriptionStatusEventType;
import io.iotjobs.v2.V2ServiceException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lost sessions (clean start, or a broker without persistence restarted) and requests across a connection
 * loss, on both brokers. The device reaches the broker through a {@link TcpProxy}, so it can be kept offline
 * while the broker and the local service stay up (or come back first): the test decides who returns when.
 */
class LostSessionIT extends SessionScenario {
    private static final Fixtures FIXTURES = new Fixtures(BrokerSettings.defaults());
    private static final List<SubscriptionStatusEventType> LOST_AND_BACK =
            List.of(SUBSCRIPTION_ESTABLISHED, SUBSCRIPTION_LOST, SUBSCRIPTION_ESTABLISHED);

    @AfterAll
    static void closeBrokers() {
        FIXTURES.close();
    }

    /** A clean-start device behind a proxy, reconnecting quickly. */
    private Device device(Broker broker, String prefix) {
        proxy = TcpProxy.to(broker);
        device = new Device(
                unique(prefix),
                broker.connectionBuilder()
                        .port(proxy.port())
                        .clientId(unique(prefix))
                        .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));
        return device;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void streamsAndEventSubscriptionsAreReestablishedAfterTheBrokerForgotTheSession(BrokerKind kind) throws Exception {
        Broker broker = FIXTURES.broker(kind);
        service = FIXTURES.service(kind);
        device(broker, "lost-restart");
        device.connect();
        device.follow(true);

        // the broker restarts without persistence; the device comes back after the service
        proxy.pause();
        device.connectionEvents.awaitMatch(0, "interrupted"::equals, "onInterrupted", WAIT);
        broker.restart();
        service.awaitServing(WAIT);
        proxy.resume();
        device.connectionEvents.awaitMatch(0, e -> e.startsWith("resumed"), "onResumed", WAIT);
        assertThat(device.connectionEvents.all()).containsExactly("connected(false)", "interrupted", "resumed(false)");

        assertThat(device.v2NotifyStatus.awaitCount(3, WAIT)).containsExactlyElementsOf(LOST_AND_BACK);
        assertThat(device.v2NextStatus.awaitCount(3, WAIT)).containsExactlyElementsOf(LOST_AND_BACK);
        // resync: the current state (nothing pending) is delivered as an event
        assertThat(device.v2Notify.awaitCount(1, WAIT)).containsExactly("{}");
        assertThat(device.v2Next.awaitCount(1, WAIT)).containsExactly("none");

        // every subscription is back: a new job reaches both V2 streams and both V1 subscriptions
        String jobId = unique("after-restart");
        service.control().createJob(job(jobId, device.thing));
        assertThat(device.v2Notify.awaitCount(2, WAIT)).containsExactly("{}", "QUEUED=[" + jobId + "]");
        assertThat(device.v2Next.awaitCount(2, WAIT)).containsExactly("none", jobId + "@QUEUED");
        assertThat(device.v1Notify.awaitCount(1, WAIT)).containsExactly("QUEUED=[" + jobId + "]");
        assertThat(device.v1Next.awaitCount(1, WAIT)).containsExactly(jobId + "@QUEUED");
        // and the warm reply subscriptions too
        assertThat(await(device.v2.getPendingJobExecutions(GetPendingJobExecutionsRequest.builder()
                                .thingName(device.thing)
                                .build()))
                        .queuedJobs())
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void jobQueuedWhileTheDeviceWasOfflineIsDeliveredByResync(BrokerKind kind) throws Exception {
        Broker broker = FIXTURES.broker(kind);
        service = FIXTURES.service(kind);
        device(broker, "lost-resync");
        device.connect();
        device.follow(true);
        // a second notify stream on the same connection, without resync: it shows what the live events alone give
        Recorder<String> withoutResync = new Recorder<>();
        Recorder<SubscriptionStatusEventType> withoutResyncStatus = new Recorder<>();
        StreamingOperation plain = device.v2.createJobExecutionsChangedStream(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(device.thing)
                        .build(),
                ServiceStreamOptions.builder(
                                (JobExecutionsChangedEvent e) -> withoutResync.accept(Scenarios.pending(e)))
                        .subscriptionStatusListener(s -> withoutResyncStatus.accept(s.type()))
                        .resyncOnReconnect(false)
                        .build());
        await(plain.open());

        proxy.pause();
        device.connectionEvents.awaitMatch(0, "interrupted"::equals, "onInterrupted", WAIT);
        String offline = unique("queued-offline");
        service.control().createJob(job(offline, device.thing));
        proxy.resume();

        assertThat(device.v2NotifyStatus.awaitCount(3, WAIT)).containsExactlyElementsOf(LOST_AND_BACK);
        assertThat(device.v2Notify.awaitCount(1, WAIT)).containsExactly("QUEUED=[" + offline + "]");
        assertThat(device.v2Next.awaitCount(1, WAIT)).containsExactly(offline + "@QUEUED");
        assertThat(withoutResyncStatus.awaitCount(3, WAIT)).containsExactlyElementsOf(LOST_AND_BACK);

        // the next change shows that the live event of the offline job never arrived: the stream without resync
        // and the V1 subscription (V1 has no resync) see the job for the first time in this later snapshot
        String later = unique("queued-later");
        service.control().createJob(job(later, device.thing));
        String both = "QUEUED=[" + offline + ", " + later + "]";
        assertThat(device.v2Notify.awaitCount(2, WAIT)).containsExactly("QUEUED=[" + offline + "]", both);
        assertThat(withoutResync.awaitCount(1, WAIT)).containsExactly(both);
        assertThat(device.v1Notify.awaitCount(1, WAIT)).containsExactly(both);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokerKind.class)
    void requestInFlightFailsWithOutcomeUnknownAndRequestsMadeOfflineWaitForTheReconnect(BrokerKind kind)
            throws Exception {
        Broker broker = FIXTURES.broker(kind);
        service = FIXTURES.service(kind);
        device(broker, "in-flight");
        device.connect();
        String head = unique("head");
        String started = unique("started");
        service.control().createJob(job(head, device.thing));
        service.control().createJob(job(started, device.thing));
        observer = RawMqttClient.connect(broker.serverUri(), unique("observer"));
        observer.subscribe("$aws/things/" + device.thing + "/jobs/notify-next");

        // the service carries out the update (the second job goes IN_PROGRESS and becomes the next job, which
        // the observer sees) but its reply is lost, so the request is still waiting when the broker stops
        service.faults().dropNextReplies(1);
        CompletableFuture<UpdateJobExecutionResponse> inFlight =
                device.v2.updateJobExecution(UpdateJobExecutionRequest.builder()
                        .thingName(device.thing)
                        .jobId(started)
                        .status(JobStatus.IN_PROGRESS)
                        .build());
        RawMqttClient.Received next = observer.poll(WAIT);
        assertThat(next).as("notify-next after the update").isNotNull();
        assertThat(next.payload()).contains(started, "IN_PROGRESS");
        observer.close();

        CompletableFuture<Void> v1Offline;
        CompletableFuture<DescribeJobExecutionResponse> v2Offline;
        try {
            broker.stop();
            assertThatThrownBy(() -> await(inFlight))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(V2ServiceException.class)
                    .cause()
                    .isInstanceOfSatisfying(JobsTransportException.class, e -> {
                        assertThat(e.isOutcomeUnknown()).isTrue();
                        assertThat(e.getMessage()).contains("connection lost", "may or may not have");
                    });

            // keep the device away until the broker and the service are back, then ask while offline
            proxy.pause();
        } finally {
            broker.start();
        }
        service.awaitServing(WAIT);
        v2Offline = device.v2.describeJobExecution(
                DescribeJobExecutionRequest.builder()
                        .thingName(device.thing)
                        .jobId(started)
                        .build(),
                Duration.ofSeconds(30));
        v1Offline = device.v1.publishGetPendingJobExecutions(
                GetPendingJobExecutionsRequest.builder().thingName(device.thing).build(), Qos.AT_LEAST_ONCE);
        assertThat(device.connection.isConnected()).isFalse();
        assertThat(v2Offline).isNotDone();
        assertThat(v1Offline).isNotDone();

        proxy.resume();
        await(v1Offline);
        // the request whose outcome was unknown had been carried out
        assertThat(await(v2Offline).execution().flatMap(e -> e.status())).hasValue(JobStatus.IN_PROGRESS);
    }
}
