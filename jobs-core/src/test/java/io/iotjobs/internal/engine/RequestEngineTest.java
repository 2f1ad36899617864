package io.iotjobs.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsLimits;
import io.iotjobs.core.JobsRejectedException;
import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.core.JobsTransportException;
import io.iotjobs.internal.mqtt.InMemoryBroker;
import io.iotjobs.internal.protocol.Operation;
import io.iotjobs.internal.protocol.ReplyKind;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.UpdateJobExecutionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestEngineTest {

    private InMemoryBroker broker;
    private InMemoryBroker.Client device;
    private FakeService service;
    private JobsClientCore core;

    @BeforeEach
    void setUp() {
        broker = new InMemoryBroker();
        service = new FakeService(broker);
        device = broker.connect("device");
        core = newCore(20);
    }

    private JobsClientCore newCore(int budget) {
        return new JobsClientCore(
                device, null, Duration.ofSeconds(10), budget, Duration.ofMinutes(5), JobsLimits.DEFAULT, null);
    }

    @AfterEach
    void tearDown() {
        core.close();
        service.close();
        broker.close();
    }

    private static DescribeJobExecutionRequest describe(String thing, String job) {
        return DescribeJobExecutionRequest.builder().thingName(thing).jobId(job).build();
    }

    private static DescribeJobExecutionResponse describeReply(FakeService.Received r) {
        return DescribeJobExecutionResponse.builder()
                .clientToken(r.token())
                .execution(JobExecutionData.builder()
                        .jobId(r.ref.jobId())
                        .status(JobStatus.QUEUED)
                        .build())
                .build();
    }

    @Test
    void thousandConcurrentRequestsAnsweredOutOfOrderEachGetTheirOwnReply() throws Exception {
        List<CompletableFuture<DescribeJobExecutionResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(core.request(Operation.DESCRIBE, describe("dev-" + (i % 7), "job-" + i), null));
        }
        List<FakeService.Received> received = service.take(1000);
        Collections.shuffle(received, new Random(42));
        for (FakeService.Received r : received) {
            service.reply(r.replyTopic(ReplyKind.ACCEPTED), describeReply(r));
        }
        for (int i = 0; i < 1000; i++) {
            DescribeJobExecutionResponse response = futures.get(i).get(10, TimeUnit.SECONDS);
            assertThat(response.execution().orElseThrow().jobId()).isEqualTo("job-" + i);
        }
        assertThat(device.subscribeCount())
                .as("one reply filter per thing for Describe")
                .isEqualTo(7);
        assertThat(core.requests().inFlight()).isZero();
    }

    @Test
    void steadyStateCostsOnePublishAndNoSubscribePerRequest() throws Exception {
        answerOne(core.request(Operation.GET_PENDING, pending("dev-1"), null));
        int subscribes = device.subscribeCount();
        int publishes = device.publishCount();
        for (int i = 0; i < 100; i++) {
            answerOne(core.request(Operation.GET_PENDING, pending("dev-1"), null));
        }
        assertThat(device.subscribeCount()).isEqualTo(subscribes);
        assertThat(device.unsubscribeCount()).isZero();
        assertThat(device.publishCount() - publishes).isEqualTo(100);
    }

    private static GetPendingJobExecutionsRequest pending(String thing) {
        return GetPendingJobExecutionsRequest.builder().thingName(thing).build();
    }

    private void answerOne(CompletableFuture<GetPendingJobExecutionsResponse> future) throws Exception {
        FakeService.Received r = service.next();
        service.reply(
                r.replyTopic(ReplyKind.ACCEPTED),
                GetPendingJobExecutionsResponse.builder().clientToken(r.token()).build());
        future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void callerTokenIsHonouredAndTheRequestObjectIsNotChanged() throws Exception {
        GetPendingJobExecutionsRequest mine = GetPendingJobExecutionsRequest.builder()
                .thingName("dev-1")
                .clientToken("my-token")
                .build();
        GetPendingJobExecutionsRequest without = pending("dev-1");
        CompletableFuture<GetPendingJobExecutionsResponse> first = core.request(Operation.GET_PENDING, mine, null);
        assertThat(service.next().token()).isEqualTo("my-token");
        assertThatThrownBy(() -> core.request(Operation.GET_PENDING, mine, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clientToken:");
        CompletableFuture<GetPendingJobExecutionsResponse> second = core.request(Operation.GET_PENDING, without, null);
        String generated = service.next().token();
        assertThat(generated).isNotBlank().isNotEqualTo("my-token");
        assertThat(without.clientToken()).isEmpty();
        service.reply(
                "$aws/things/dev-1/jobs/get/accepted",
                GetPendingJobExecutionsResponse.builder().clientToken(generated).build());
        service.reply(
                "$aws/things/dev-1/jobs/get/accepted",
                GetPendingJobExecutionsResponse.builder()
                        .clientToken("my-token")
                        .build());
        assertThat(first.get(10, TimeUnit.SECONDS).clientToken()).contains("my-token");
        assertThat(second.get(10, TimeUnit.SECONDS).clientToken()).contains(generated);
    }

    @Test
    void rejectionFailsTheFutureWithTheModeledError() throws Exception {
        CompletableFuture<?> future = core.request(
                Operation.UPDATE,
                UpdateJobExecutionRequest.builder()
                        .thingName("dev-1")
                        .jobId("j1")
                        .status(JobStatus.SUCCEEDED)
                        .expectedVersion(1)
                        .build(),
                null);
        FakeService.Received r = service.next();
        service.replyRaw(
                r.replyTopic(ReplyKind.REJECTED),
                "{\"code\":\"VersionMismatch\",\"message\":\"stale\","
                        + "\"clientToken\":\"" + r.token() + "\",\"timestamp\":1717000600,"
                        + "\"executionState\":{\"status\":\"IN_PROGRESS\",\"versionNumber\":3}}");
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(JobsRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(RejectedErrorCode.VERSION_MISMATCH);
                    assertThat(e.error().executionState().orElseThrow().versionNumber())
                            .hasValue(3);
                    assertThat(e.operation()).isEqualTo("UpdateJobExecution");
                    assertThat(e.topic()).isEqualTo("$aws/things/dev-1/jobs/j1/update/rejected");
                });
    }

    @Test
    void tokenlessRejectionFailsTheSingleRequestInFlightOnThatTopic() throws Exception {
        CompletableFuture<?> future = core.request(Operation.DESCRIBE, describe("dev-1", "j1"), null);
        FakeService.Received r = service.next();
        awaitSent();
        service.replyRaw(r.replyTopic(ReplyKind.REJECTED), "{\"code\":\"InvalidJson\",\"message\":\"bad\"}");
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        JobsRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectedErrorCode.INVALID_JSON));
    }

    @Test
    void ambiguousTokenlessRejectionFailsNoneOfTheCandidates() throws Exception {
        CompletableFuture<?> a = core.request(Operation.GET_PENDING, pending("dev-1"), Duration.ofMillis(300));
        CompletableFuture<?> b = core.request(Operation.GET_PENDING, pending("dev-1"), Duration.ofMillis(300));
        service.take(2);
        awaitSent();
        service.replyRaw("$aws/things/dev-1/jobs/get/rejected", "{\"code\":\"InvalidJson\"}");
        assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(JobsTimeoutException.class);
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(JobsTimeoutException.class);
    }

    /** Waits until the PUBACKs of everything published so far have been processed. */
    private void awaitSent() {
        device.awaitDelivery();
        device.awaitDelivery();
    }

    @Test
    void timeoutNamesOperationTopicAndToken() throws Exception {
        CompletableFuture<?> future = core.request(Operation.DESCRIBE, describe("dev-1", "j1"), Duration.ofMillis(50));
        String token = service.next().token();
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(JobsTimeoutException.class, e -> {
                    assertThat(e.operation()).isEqualTo("DescribeJobExecution");
                    assertThat(e.topic()).isEqualTo("$aws/things/dev-1/jobs/j1/get");
                    assertThat(e.clientToken()).contains(token);
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
                });
        assertThat(core.requests().inFlight()).isZero();
    }

    @Test
    void cancelForgetsTheRequestAndALateReplyIsDropped() throws Exception {
        CompletableFuture<DescribeJobExecutionResponse> future =
                core.request(Operation.DESCRIBE, describe("dev-1", "j1"), null);
        FakeService.Received r = service.next();
        assertThat(future.cancel(true)).isTrue();
        assertThat(core.requests().inFlight()).isZero();
        service.reply(r.replyTopic(ReplyKind.ACCEPTED), describeReply(r));
        // the engine still works afterwards
        CompletableFuture<DescribeJobExecutionResponse> next =
                core.request(Operation.DESCRIBE, describe("dev-1", "j2"), null);
        FakeService.Received r2 = service.next();
        service.reply(r2.replyTopic(ReplyKind.ACCEPTED), describeReply(r2));
        assertThat(next.get(10, TimeUnit.SECONDS).execution().orElseThrow().jobId())
                .isEqualTo("j2");
    }

    @Test
    void budgetEvictsTheLeastRecentlyUsedIdleFilter() throws Exception {
        core.close();
        core = newCore(2);
        for (String thing : List.of("a", "b", "c")) {
            answerOne(core.request(Operation.GET_PENDING, pending(thing), null));
        }
        assertThat(core.requests().warmFilters())
                .containsExactlyInAnyOrder("$aws/things/b/jobs/get/+", "$aws/things/c/jobs/get/+");
        assertThat(device.unsubscribeCount()).isEqualTo(1);
        assertThat(device.brokerFilters()).doesNotContain("$aws/things/a/jobs/get/+");
    }

    @Test
    void whenEveryFilterIsBusyARequestWaitsForOneToGoIdle() throws Exception {
        core.close();
        core = newCore(1);
        CompletableFuture<GetPendingJobExecutionsResponse> first =
                core.request(Operation.GET_PENDING, pending("a"), null);
        CompletableFuture<GetPendingJobExecutionsResponse> second =
                core.request(Operation.GET_PENDING, pending("b"), null);
        FakeService.Received r1 = service.next();
        assertThat(r1.ref.thingName()).isEqualTo("a");
        assertThat(service.nextWithin(Duration.ofMillis(200)))
                .as("b waits for a free filter")
                .isNull();
        service.reply(
                r1.replyTopic(ReplyKind.ACCEPTED),
                GetPendingJobExecutionsResponse.builder()
                        .clientToken(r1.token())
                        .build());
        first.get(10, TimeUnit.SECONDS);
        FakeService.Received r2 = service.next();
        assertThat(r2.ref.thingName()).isEqualTo("b");
        service.reply(
                r2.replyTopic(ReplyKind.ACCEPTED),
                GetPendingJobExecutionsResponse.builder()
                        .clientToken(r2.token())
                        .build());
        second.get(10, TimeUnit.SECONDS);
        assertThat(core.requests().warmFilters()).containsExactly("$aws/things/b/jobs/get/+");
    }

    @Test
    void waitersForTheSameFilterAreReleasedTogether() throws Exception {
        core.close();
        core = newCore(1);
        CompletableFuture<GetPendingJobExecutionsResponse> first =
                core.request(Operation.GET_PENDING, pending("a"), null);
        List<CompletableFuture<GetPendingJobExecutionsResponse>> forB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            forB.add(core.request(Operation.GET_PENDING, pending("b"), null));
        }
        FakeService.Received r1 = service.next();
        service.reply(
                r1.replyTopic(ReplyKind.ACCEPTED),
                GetPendingJobExecutionsResponse.builder()
                        .clientToken(r1.token())
                        .build());
        first.get(10, TimeUnit.SECONDS);
        // all five requests for b go out on the one filter, not one after another
        for (FakeService.Received r : service.take(5)) {
            assertThat(r.ref.thingName()).isEqualTo("b");
            service.reply(
                    r.replyTopic(ReplyKind.ACCEPTED),
                    GetPendingJobExecutionsResponse.builder()
                            .clientToken(r.token())
                            .build());
        }
        for (CompletableFuture<GetPendingJobExecutionsResponse> f : forB) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(device.subscribeCount()).isEqualTo(2);
    }

    @Test
    void connectionLossFailsSentRequestsWithUnknownOutcomeAndOfflineRequestsWaitForTheReconnect() throws Exception {
        CompletableFuture<?> sent = core.request(Operation.DESCRIBE, describe("dev-1", "j1"), null);
        service.next();
        awaitSent();
        device.dropConnection(new java.io.IOException("network down"));
        assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        JobsTransportException.class,
                        e -> assertThat(e.isOutcomeUnknown()).isTrue());

        CompletableFuture<DescribeJobExecutionResponse> offline =
                core.request(Operation.DESCRIBE, describe("dev-1", "j2"), null);
        assertThat(service.nextWithin(Duration.ofMillis(100))).isNull();
        device.restoreConnection(false);
        FakeService.Received r = service.next();
        assertThat(r.ref.jobId()).isEqualTo("j2");
        service.reply(r.replyTopic(ReplyKind.ACCEPTED), describeReply(r));
        assertThat(offline.get(10, TimeUnit.SECONDS).execution().orElseThrow().jobId())
                .isEqualTo("j2");
    }

    @Test
    void aRequestThatTimesOutWhileWaitingForTheConnectionIsNeverSent() throws Exception {
        CompletableFuture<DescribeJobExecutionResponse> warm =
                core.request(Operation.DESCRIBE, describe("dev-1", "j1"), null);
        FakeService.Received first = service.next();
        service.reply(first.replyTopic(ReplyKind.ACCEPTED), describeReply(first));
        warm.get(10, TimeUnit.SECONDS);
        device.dropConnection(new java.io.IOException("network down"));

        CompletableFuture<?> timedOut =
                core.request(Operation.DESCRIBE, describe("dev-1", "j2"), Duration.ofMillis(50));
        assertThatThrownBy(() -> timedOut.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(JobsTimeoutException.class);
        device.restoreConnection(true);
        CompletableFuture<DescribeJobExecutionResponse> after =
                core.request(Operation.DESCRIBE, describe("dev-1", "j3"), null);

        FakeService.Received next = service.next();
        assertThat(next.ref.jobId())
                .as("the request that timed out offline never reaches the service")
                .isEqualTo("j3");
        service.reply(next.replyTopic(ReplyKind.ACCEPTED), describeReply(next));
        assertThat(after.get(10, TimeUnit.SECONDS).execution().orElseThrow().jobId())
                .isEqualTo("j3");
    }

    @Test
    void undecodableReplyFailsItsRequestWithADecodeError() throws Exception {
        CompletableFuture<?> future = core.request(Operation.DESCRIBE, describe("dev-1", "j1"), null);
        FakeService.Received r = service.next();
        service.replyRaw(
                r.replyTopic(ReplyKind.ACCEPTED),
                "{\"clientToken\":\"" + r.token()
                        + "\",\"execution\":{\"jobId\":\"j1\",\"versionNumber\":\"not a number\"}}");
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        JobsDecodeException.class, e -> assertThat(e.field()).contains("execution.versionNumber"));
    }

    @Test
    void closeFailsPendingRequestsAndLaterCalls() throws Exception {
        CompletableFuture<?> future = core.request(Operation.DESCRIBE, describe("dev-1", "j1"), null);
        service.next();
        core.close();
        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(JobsClientClosedException.class);
        assertThatThrownBy(() -> core.request(Operation.DESCRIBE, describe("dev-1", "j1"), null)
                        .join())
                .cause()
                .isInstanceOf(JobsClientClosedException.class);
        assertThatThrownBy(() -> core.request(Operation.DESCRIBE, describe("dev/#", "j1"), null))
                .as("bad input is still reported at once")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidRequestsThrowAtOnceAndPublishNothing() {
        int before = device.publishCount();
        assertThatThrownBy(() -> core.request(Operation.DESCRIBE, describe("+", "j1"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName:");
        assertThatThrownBy(() -> core.request(
                        Operation.UPDATE,
                        UpdateJobExecutionRequest.builder()
                                .thingName("d")
                                .jobId("$next")
                                .status(JobStatus.SUCCEEDED)
                                .build(),
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId:");
        assertThatThrownBy(() -> core.request(Operation.DESCRIBE, null, null)).isInstanceOf(NullPointerException.class);
        assertThat(device.publishCount()).isEqualTo(before);
    }
}
