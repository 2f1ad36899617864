package io.iotjobs.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.core.Qos;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import io.iotjobs.internal.protocol.EventType;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.JobsSubscriptionRequest;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamEngineTest {

    private static final String NOTIFY_NEXT = "$aws/things/dev-1/jobs/notify-next";
    private static final String NOTIFY = "$aws/things/dev-1/jobs/notify";

    private InMemoryBroker broker;
    private InMemoryBroker.Client device;
    private FakeService service;
    private JobsClientCore core;

    @BeforeEach
    void setUp() {
        broker = new InMemoryBroker();
        service = new FakeService(broker);
        device = broker.connect("device");
        core = new JobsClientCore(
                device, null, Duration.ofSeconds(10), 20, Duration.ofMinutes(5), JobsLimits.DEFAULT, null);
    }

    @AfterEach
    void tearDown() {
        core.close();
        service.close();
        broker.close();
    }

    private static JobsSubscriptionRequest thing(String name) {
        return NextJobExecutionChangedSubscriptionRequest.builder()
                .thingName(name)
                .build();
    }

    private static String nextEvent(String jobId) {
        return "{\"timestamp\":1717000900,\"execution\":{\"jobId\":\"" + jobId + "\",\"status\":\"QUEUED\"}}";
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(10, TimeUnit.SECONDS);
        assertThat(value).as("expected an item within 10 s").isNotNull();
        return value;
    }

    @Test
    void eventsArriveInOrderOffTheMqttThread() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        core.subscribeEvents(
                        EventType.NEXT_JOB_EXECUTION_CHANGED,
                        thing("dev-1"),
                        Qos.AT_LEAST_ONCE,
                        e -> seen.add(e.execution().orElseThrow().jobId() + "@"
                                + Thread.currentThread().getName()),
                        null)
                .get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            service.publishEvent(NOTIFY_NEXT, nextEvent("job-" + i));
        }
        for (int i = 0; i < 200; i++) {
            String item = poll(seen);
            assertThat(item).startsWith("job-" + i + "@").doesNotContain("inmem-delivery");
        }
    }

    @Test
    void twoSubscriptionsToOneTopicBothReceiveAndShareOneMqttSubscription() throws Exception {
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        JobsSubscription a = core.subscribeEvents(
                        EventType.NEXT_JOB_EXECUTION_CHANGED,
                        thing("dev-1"),
                        Qos.AT_LEAST_ONCE,
                        e -> first.add("a"),
                        null)
                .get(10, TimeUnit.SECONDS);
        core.subscribeEvents(
                        EventType.NEXT_JOB_EXECUTION_CHANGED,
                        thing("dev-1"),
                        Qos.AT_LEAST_ONCE,
                        e -> second.add("b"),
                        null)
                .get(10, TimeUnit.SECONDS);
        assertThat(device.subscribeCount()).isEqualTo(1);
        service.publishEvent(NOTIFY_NEXT, nextEvent("j1"));
        assertThat(poll(first)).isEqualTo("a");
        assertThat(poll(second)).isEqualTo("b");
        a.unsubscribe().get(10, TimeUnit.SECONDS);
        assertThat(device.unsubscribeCount())
                .as("the other subscriber still uses the filter")
                .isZero();
        service.publishEvent(NOTIFY_NEXT, nextEvent("j2"));
        assertThat(poll(second)).isEqualTo("b");
        assertThat(first).isEmpty();
    }

    @Test
    void decodeFailuresGoToTheirHandlerAndAThrowingCallbackDoesNotStopTheSubscription() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        BlockingQueue<JobsDecodeException> failures = new LinkedBlockingQueue<>();
        core.subscribeEvents(
                        EventType.NEXT_JOB_EXECUTION_CHANGED,
                        thing("dev-1"),
                        Qos.AT_LEAST_ONCE,
                        e -> {
                            String job = e.execution().orElseThrow().jobId();
                            events.add(job);
                            if (job.equals("boom")) {
                                throw new IllegalStateException("user code failed");
                            }
                        },
                        failures::add)
                .get(10, TimeUnit.SECONDS);
        service.publishEvent(NOTIFY_NEXT, nextEvent("boom"));
        service.publishEvent(NOTIFY_NEXT, "{\"execution\":");
        service.publishEvent(NOTIFY_NEXT, nextEvent("after"));
        assertThat(poll(events)).isEqualTo("boom");
        JobsDecodeException failure = poll(failures);
        assertThat(failure.topic()).isEqualTo(NOTIFY_NEXT);
        assertThat(failure.isMalformedJson()).isTrue();
        assertThat(new String(failure.payload())).isEqualTo("{\"execution\":");
        assertThat(poll(events)).isEqualTo("after");
        assertThat(failures).as("the user exception is not a decode failure").isEmpty();
    }

    @Test
    void aCallbackMayIssueARequestAndBlockOnIt() throws Exception {
        int callbacks = 12;
        CountDownLatch done = new CountDownLatch(callbacks);
        List<CompletableFuture<JobsSubscription>> subscriptions = new ArrayList<>();
        for (int i = 0; i < callbacks; i++) {
            String thingName = "dev-" + i;
            subscriptions.add(core.subscribeEvents(
                    EventType.NEXT_JOB_EXECUTION_CHANGED,
                    thing(thingName),
                    Qos.AT_LEAST_ONCE,
                    e -> {
                        DescribeJobExecutionResponse reply = core.request(
                                        Operation.DESCRIBE,
                                        DescribeJobExecutionRequest.builder()
                                                .thingName(thingName)
                                                .jobId(e.execution()
                                                        .orElseThrow()
                                                        .jobId())
                                                .build(),
                                        null)
                                .join();
                        if (reply.execution().isPresent()) {
                            done.countDown();
                        }
                    },
                    null));
        }
        for (CompletableFuture<JobsSubscription> s : subscriptions) {
            s.get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < callbacks; i++) {
            service.publishEvent("$aws/things/dev-" + i + "/jobs/notify-next", nextEvent("j" + i));
        }
        // every callback is now blocked in join(); more of them than the pool has threads
        for (FakeService.Received r : service.take(callbacks)) {
            service.reply(
                    r.replyTopic(ReplyKind.ACCEPTED),
                    DescribeJobExecutionResponse.builder()
                            .clientToken(r.token())
                            .execution(JobExecutionData.builder()
                                    .jobId(r.ref.jobId())
                                    .build())
                            .build());
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void lostSessionTakesAStreamThroughLostAndEstablishedAndResyncDeliversTheCurrentState() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        EventStream<NextJobExecutionChangedEvent> stream = core.eventStream(
                EventType.NEXT_JOB_EXECUTION_CHANGED,
                thing("dev-1"),
                EventStream.callbacks(seen::add, (status, cause) -> seen.add(status), seen::add),
                true);
        stream.open().get(10, TimeUnit.SECONDS);
        assertThat(poll(seen)).isEqualTo(StreamStatus.ESTABLISHED);
        int subscribes = device.subscribeCount();

        device.dropConnection(new java.io.IOException("network down"));
        device.restoreConnection(false);
        assertThat(poll(seen)).isEqualTo(StreamStatus.LOST);
        assertThat(poll(seen)).isEqualTo(StreamStatus.ESTABLISHED);
        assertThat(device.subscribeCount()).isGreaterThan(subscribes);

        // resync: the stream asks for $next and delivers the answer as an event
        FakeService.Received describe = service.next();
        assertThat(describe.ref.operation()).isEqualTo(Operation.DESCRIBE);
        assertThat(describe.ref.jobId()).isEqualTo("$next");
        service.reply(
                describe.replyTopic(ReplyKind.ACCEPTED),
                DescribeJobExecutionResponse.builder()
                        .clientToken(describe.token())
                        .execution(JobExecutionData.builder()
                                .jobId("queued-while-away")
                                .status(JobStatus.QUEUED)
                                .build())
                        .build());
        Object resynced = poll(seen);
        assertThat(resynced)
                .isInstanceOfSatisfying(
                        NextJobExecutionChangedEvent.class,
                        e -> assertThat(e.execution().orElseThrow().jobId()).isEqualTo("queued-while-away"));

        service.publishEvent(NOTIFY_NEXT, nextEvent("live"));
        assertThat(poll(seen))
                .isInstanceOfSatisfying(
                        NextJobExecutionChangedEvent.class,
                        e -> assertThat(e.execution().orElseThrow().jobId()).isEqualTo("live"));
        stream.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void resyncOfTheNotifyStreamBuildsASnapshotFromGetPending() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        EventStream<JobExecutionsChangedEvent> stream = core.eventStream(
                EventType.JOB_EXECUTIONS_CHANGED,
                thing("dev-1"),
                EventStream.callbacks(seen::add, (status, cause) -> {}, seen::add),
                true);
        stream.open().get(10, TimeUnit.SECONDS);
        device.dropConnection(null);
        device.restoreConnection(false);
        FakeService.Received get = service.next();
        assertThat(get.ref.operation()).isEqualTo(Operation.GET_PENDING);
        service.reply(
                get.replyTopic(ReplyKind.ACCEPTED),
                GetPendingJobExecutionsResponse.builder()
                        .clientToken(get.token())
                        .addInProgressJobs(
                                JobExecutionSummary.builder().jobId("a").build())
                        .addQueuedJobs(JobExecutionSummary.builder().jobId("b").build())
                        .build());
        assertThat(poll(seen)).isInstanceOfSatisfying(JobExecutionsChangedEvent.class, e -> {
            assertThat(e.inProgress()).extracting(JobExecutionSummary::jobId).containsExactly("a");
            assertThat(e.queued()).extracting(JobExecutionSummary::jobId).containsExactly("b");
        });
        stream.close();
        // notify stays a separate stream type
        service.publishEvent(NOTIFY, "{\"jobs\":{}}");
    }

    @Test
    void repeatedJobEventsReachTheUserOnce() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        core.subscribeEvents(
                        EventType.NEXT_JOB_EXECUTION_CHANGED,
                        thing("dev-1"),
                        Qos.AT_LEAST_ONCE,
                        e -> seen.add(e.execution()
                                .map(x -> x.jobId() + "@" + x.versionNumber().orElse(0))
                                .orElse("none")),
                        null)
                .get(10, TimeUnit.SECONDS);
        String a1 = "{\"timestamp\":1,\"execution\":{\"jobId\":\"a\",\"status\":\"QUEUED\",\"versionNumber\":1,"
                + "\"executionNumber\":1}}";
        String a1Later = a1.replace("\"timestamp\":1", "\"timestamp\":99");
        String a2 = a1.replace("\"versionNumber\":1", "\"versionNumber\":2");
        String empty = "{\"timestamp\":5}";
        for (String payload : List.of(a1, a1Later, a2, a2, empty, empty, a1)) {
            service.publishEvent(NOTIFY_NEXT, payload);
        }
        service.publishEvent(NOTIFY_NEXT, nextEvent("marker"));
        List<String> delivered = new ArrayList<>();
        String item;
        while (!(item = poll(seen)).startsWith("marker")) {
            delivered.add(item);
        }
        assertThat(delivered).containsExactly("a@1", "a@2", "none", "a@1");
    }

    @Test
    void repeatedSnapshotsReachTheUserOnceWhateverTheirTimestamps() throws Exception {
        BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
        core.subscribeEvents(
                        EventType.JOB_EXECUTIONS_CHANGED,
                        thing("dev-1"),
                        Qos.AT_LEAST_ONCE,
                        e -> sizes.add(e.queued().size()),
                        null)
                .get(10, TimeUnit.SECONDS);
        String one = "{\"timestamp\":1,\"jobs\":{\"QUEUED\":[{\"jobId\":\"a\",\"executionNumber\":1,"
                + "\"versionNumber\":1}]}}";
        service.publishEvent(NOTIFY, one);
        service.publishEvent(NOTIFY, one.replace("\"timestamp\":1", "\"timestamp\":2"));
        service.publishEvent(NOTIFY, "{\"timestamp\":3,\"jobs\":{}}");
        assertThat(poll(sizes)).isEqualTo(1);
        assertThat(poll(sizes)).as("the repeated snapshot was dropped").isZero();
    }

    @Test
    void aRefusedSubscriptionHaltsTheStream() throws Exception {
        broker.refuseSubscriptions(NOTIFY_NEXT, 0x87);
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        EventStream<NextJobExecutionChangedEvent> stream = core.eventStream(
                EventType.NEXT_JOB_EXECUTION_CHANGED,
                thing("dev-1"),
                EventStream.callbacks(
                        seen::add,
                        (status, cause) -> {
                            seen.add(status);
                            seen.add(cause);
                        },
                        seen::add),
                false);
        CompletableFuture<Void> opened = stream.open();
        assertThat(poll(seen)).isEqualTo(StreamStatus.HALTED);
        assertThat(poll(seen)).isInstanceOfSatisfying(JobsTransportException.class, e -> {
            assertThat(e.reasonCode()).hasValue(0x87);
            assertThat(e.topic()).contains(NOTIFY_NEXT);
        });
        assertThat(opened).isCompletedExceptionally();
    }

    @Test
    void closingTheClientHaltsOpenStreams() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        core.eventStream(
                        EventType.NEXT_JOB_EXECUTION_CHANGED,
                        thing("dev-1"),
                        EventStream.callbacks(seen::add, (status, cause) -> seen.add(status), seen::add),
                        false)
                .open()
                .get(10, TimeUnit.SECONDS);
        assertThat(poll(seen)).isEqualTo(StreamStatus.ESTABLISHED);
        core.close();
        assertThat(poll(seen)).isEqualTo(StreamStatus.HALTED);
        assertThat(device.brokerFilters()).doesNotContain(NOTIFY_NEXT);
    }
}
