package io.iotjobs.v2;

import static io.iotjobs.testkit.clients.TestBed.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsRejectedException;
import io.iotjobs.core.JobsTimeoutException;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.JobDocument;
import io.iotjobs.model.JobExecutionData;
import io.iotjobs.model.JobExecutionState;
import io.iotjobs.model.JobExecutionSummary;
import io.iotjobs.model.JobExecutionsChangedEvent;
import io.iotjobs.model.JobExecutionsChangedSubscriptionRequest;
import io.iotjobs.model.JobStatus;
import io.iotjobs.model.NextJobExecutionChangedEvent;
import io.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import io.iotjobs.model.RejectedError;
import io.iotjobs.model.RejectedErrorCode;
import io.iotjobs.model.StartNextJobExecutionResponse;
import io.iotjobs.model.StartNextPendingJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.testkit.clients.RawMqttClient.Received;
import io.iotjobs.testkit.clients.TestBed;
import io.iotjobs.testkit.clients.TestBed.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every method of the V2 client against a real broker and the local Jobs service: the four operations with
 * their replies and failures, the two event streams, and the promises of the class Javadoc (how futures
 * fail, continuations that call the client again, cancellation, closing).
 */
class IotJobsClientV2IT {

    private static final JobDocument INSTALL = JobDocument.parse(
            "{\"operation\":\"install\",\"version\":\"1.2.3\",\"retries\":3,\"files\":[\"a.bin\",\"b.bin\"]}");

    private static TestBed bed;

    private final List<Recorder<?>> recorders = new ArrayList<>();
    private IotJobsClientV2 jobs;
    private String thing;

    @BeforeAll
    static void startService() {
        bed = TestBed.start();
    }

    @AfterAll
    static void stopService() {
        if (bed != null) {
            bed.close();
        }
    }

    @BeforeEach
    void newClient() {
        jobs = new IotJobsClientV2(bed.device);
        thing = bed.newThing("v2");
    }

    @AfterEach
    void closeClient() {
        jobs.close();
        bed.service.faults().reset();
        for (Recorder<?> recorder : recorders) {
            recorder.assertRanOnClientThreads("iotjobs-callback-");
        }
    }

    // ------------------------------------------------------------------------------ the operations

    @Test
    void getPendingReturnsInProgressAndQueuedExecutions() {
        String first = bed.createJob("first", INSTALL, thing);
        String second = bed.createJob("second", JobDocument.empty(), thing);
        await(jobs.startNextPendingJobExecution(startNext().build()));
        GetPendingJobExecutionsRequest request =
                getPending().clientToken("gp-1").build();

        GetPendingJobExecutionsResponse reply = await(jobs.getPendingJobExecutions(request));

        assertThat(reply.clientToken()).contains("gp-1");
        assertThat(reply.timestamp()).contains(bed.now());
        assertThat(reply.inProgressJobs()).singleElement().satisfies(s -> {
            assertThat(s.jobId()).isEqualTo(first);
            assertThat(s.versionNumber()).hasValue(2);
            assertThat(s.executionNumber()).hasValue(1);
            assertThat(s.startedAt()).contains(bed.now());
        });
        assertThat(reply.queuedJobs()).singleElement().satisfies(s -> {
            assertThat(s.jobId()).isEqualTo(second);
            assertThat(s.versionNumber()).hasValue(1);
            assertThat(s.startedAt()).isEmpty();
        });

        GetPendingJobExecutionsResponse generated =
                await(jobs.getPendingJobExecutions(getPending().build(), Duration.ofSeconds(10)));
        assertThat(generated.clientToken()).as("the client's own token, echoed").isPresent();
        assertThat(generated.inProgressJobs())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(first);
    }

    @Test
    void startNextReturnsTheStartedExecutionAndThenTheSameOneUnchanged() {
        String jobId = bed.createJob("install", INSTALL, thing);

        StartNextJobExecutionResponse reply = await(jobs.startNextPendingJobExecution(startNext()
                .clientToken("sn-1")
                .statusDetails(Map.of("phase", "download"))
                .stepTimeoutInMinutes(10)
                .build()));

        assertThat(reply.clientToken()).contains("sn-1");
        assertThat(reply.timestamp()).contains(bed.now());
        JobExecutionData execution = reply.execution().orElseThrow();
        assertThat(execution.jobId()).isEqualTo(jobId);
        assertThat(execution.status()).contains(JobStatus.IN_PROGRESS);
        assertThat(execution.versionNumber()).hasValue(2);
        assertThat(execution.executionNumber()).hasValue(1);
        assertThat(execution.jobDocument()).contains(INSTALL);
        assertThat(execution.statusDetails()).contains(Map.of("phase", "download"));
        assertThat(execution.startedAt()).contains(bed.now());
        assertThat(bed.execution(thing, jobId).status()).contains(JobStatus.IN_PROGRESS);

        StartNextJobExecutionResponse again = await(jobs.startNextPendingJobExecution(
                startNext().statusDetails(Map.of("phase", "other")).build(), Duration.ofSeconds(10)));
        assertThat(again.execution()).hasValueSatisfying(e -> {
            assertThat(e.jobId()).isEqualTo(jobId);
            assertThat(e.versionNumber()).hasValue(2);
            assertThat(e.statusDetails()).contains(Map.of("phase", "download"));
        });
    }

    @Test
    void nothingPendingGivesRepliesWithoutExecution() {
        StartNextJobExecutionResponse started = await(jobs.startNextPendingJobExecution(
                startNext().clientToken("sn-none").build()));
        DescribeJobExecutionResponse next = await(jobs.describeJobExecution(
                describe(DescribeJobExecutionRequest.NEXT).clientToken("d-none").build()));

        assertThat(started.execution()).isEmpty();
        assertThat(started.clientToken()).contains("sn-none");
        assertThat(next.execution()).isEmpty();
        assertThat(next.clientToken()).contains("d-none");
        assertThat(next.timestamp()).contains(bed.now());
    }

    @Test
    void describeReturnsAJobsExecutionAndTheNextOne() {
        String first = bed.createJob("first", INSTALL, thing);
        String second = bed.createJob("second", JobDocument.parse("{\"step\":2}"), thing);

        DescribeJobExecutionResponse one = await(
                jobs.describeJobExecution(describe(first).clientToken("d-1").build()));
        DescribeJobExecutionResponse two = await(jobs.describeJobExecution(
                describe(second).executionNumber(1).includeJobDocument(false).build(), Duration.ofSeconds(10)));
        DescribeJobExecutionResponse next = await(jobs.describeJobExecution(
                describe(DescribeJobExecutionRequest.NEXT).build()));

        assertThat(one.clientToken()).contains("d-1");
        assertThat(one.timestamp()).contains(bed.now());
        assertThat(one.execution()).hasValueSatisfying(e -> {
            assertThat(e.jobId()).isEqualTo(first);
            assertThat(e.status()).contains(JobStatus.QUEUED);
            assertThat(e.versionNumber()).hasValue(1);
            assertThat(e.executionNumber()).hasValue(1);
            assertThat(e.queuedAt()).contains(bed.now());
            assertThat(e.jobDocument()).as("included by default").contains(INSTALL);
        });
        assertThat(two.execution()).hasValueSatisfying(e -> {
            assertThat(e.jobId()).isEqualTo(second);
            assertThat(e.jobDocument()).as("includeJobDocument false").isEmpty();
        });
        assertThat(next.execution()).as("the oldest QUEUED execution").hasValueSatisfying(e -> {
            assertThat(e.jobId()).isEqualTo(first);
            assertThat(e.jobDocument()).contains(INSTALL);
        });
    }

    @Test
    void updateReturnsStateAndDocumentOnlyWhenAsked() {
        String jobId = bed.createJob("update", INSTALL, thing);

        UpdateJobExecutionResponse reply = await(jobs.updateJobExecution(update(jobId, JobStatus.IN_PROGRESS)
                .statusDetails(Map.of("progress", "50"))
                .expectedVersion(1)
                .includeJobExecutionState(true)
                .includeJobDocument(true)
                .clientToken("u-1")
                .build()));
        UpdateJobExecutionResponse plain = await(jobs.updateJobExecution(
                update(jobId, JobStatus.SUCCEEDED).expectedVersion(2).build(), Duration.ofSeconds(10)));

        assertThat(reply.clientToken()).contains("u-1");
        assertThat(reply.timestamp()).contains(bed.now());
        JobExecutionState state = reply.executionState().orElseThrow();
        assertThat(state.status()).contains(JobStatus.IN_PROGRESS);
        assertThat(state.versionNumber()).hasValue(2);
        assertThat(state.statusDetails()).contains(Map.of("progress", "50"));
        assertThat(reply.jobDocument()).contains(INSTALL);
        assertThat(plain.executionState()).isEmpty();
        assertThat(plain.jobDocument()).isEmpty();
        JobExecutionData stored = bed.execution(thing, jobId);
        assertThat(stored.status()).contains(JobStatus.SUCCEEDED);
        assertThat(stored.versionNumber()).hasValue(3);
    }

    // -------------------------------------------------------------------------------- failures

    @Test
    void aVersionMismatchFailsTheFutureWithTheModeledErrorAndTheCurrentState() {
        String jobId = bed.createJob("version", INSTALL, thing);

        V2ServiceException failure = failure(jobs.updateJobExecution(update(jobId, JobStatus.IN_PROGRESS)
                .expectedVersion(5)
                .clientToken("u-vm")
                .build()));

        RejectedError error = failure.modeledError().orElseThrow();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.VERSION_MISMATCH);
        assertThat(error.clientToken()).contains("u-vm");
        assertThat(error.executionState()).hasValueSatisfying(s -> {
            assertThat(s.status()).contains(JobStatus.QUEUED);
            assertThat(s.versionNumber()).hasValue(1);
        });
        assertThat(failure.getCause())
                .isInstanceOfSatisfying(
                        JobsRejectedException.class,
                        cause -> assertThat(cause.error()).isEqualTo(error));
        assertThat(bed.execution(thing, jobId).status()).as("unchanged").contains(JobStatus.QUEUED);
    }

    @Test
    void anUpdateAfterATerminalStatusFailsWithInvalidStateTransition() {
        String jobId = bed.createJob("terminal", INSTALL, thing);
        await(jobs.updateJobExecution(update(jobId, JobStatus.FAILED).build()));

        V2ServiceException failure = failure(jobs.updateJobExecution(
                update(jobId, JobStatus.IN_PROGRESS).clientToken("u-again").build()));

        RejectedError error = failure.modeledError().orElseThrow();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.INVALID_STATE_TRANSITION);
        assertThat(error.clientToken()).contains("u-again");
        assertThat(error.executionState()).hasValueSatisfying(s -> {
            assertThat(s.status()).contains(JobStatus.FAILED);
            assertThat(s.versionNumber()).hasValue(2);
        });
        assertThat(failure.getCause()).isInstanceOf(JobsRejectedException.class);
    }

    @Test
    void anUnknownJobFailsDescribeAndUpdateWithResourceNotFound() {
        V2ServiceException describe = failure(jobs.describeJobExecution(
                describe("no-such-job").clientToken("d-missing").build()));
        V2ServiceException update = failure(jobs.updateJobExecution(
                update("no-such-job", JobStatus.SUCCEEDED).build()));

        assertThat(describe.modeledError()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(RejectedErrorCode.RESOURCE_NOT_FOUND);
            assertThat(e.clientToken()).contains("d-missing");
            assertThat(e.executionState()).isEmpty();
        });
        assertThat(describe.getCause())
                .isInstanceOfSatisfying(
                        JobsRejectedException.class,
                        cause -> assertThat(cause.code()).isEqualTo(RejectedErrorCode.RESOURCE_NOT_FOUND));
        assertThat(update.modeledError()).map(RejectedError::code).contains(RejectedErrorCode.RESOURCE_NOT_FOUND);
        assertThat(update.modeledError().orElseThrow().clientToken())
                .as("the client's own token")
                .isPresent();
    }

    @Test
    void aLostReplyTimesOutWithAJobsTimeoutExceptionAndTheClientGoesOn() {
        String jobId = bed.createJob("lost", INSTALL, thing);
        await(jobs.updateJobExecution(update(jobId, JobStatus.IN_PROGRESS).build()));
        bed.service.faults().dropNextReplies(1);

        V2ServiceException failure = failure(jobs.updateJobExecution(
                update(jobId, JobStatus.IN_PROGRESS)
                        .statusDetails(Map.of("step", "2"))
                        .clientToken("u-lost")
                        .build(),
                Duration.ofMillis(300)));

        assertThat(failure.modeledError()).isEmpty();
        assertThat(failure.getCause()).isInstanceOfSatisfying(JobsTimeoutException.class, timeout -> {
            assertThat(timeout.clientToken()).contains("u-lost");
            assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(timeout.operation()).isEqualTo("UpdateJobExecution");
        });
        // the request went out at once (its reply filter was subscribed by the first update) and the service
        // carried it out before the retry, which is sent after it on the same connection: version 3 -> 4
        UpdateJobExecutionResponse retried = await(jobs.updateJobExecution(update(jobId, JobStatus.SUCCEEDED)
                .expectedVersion(3)
                .includeJobExecutionState(true)
                .build()));
        assertThat(retried.executionState()).hasValueSatisfying(state -> {
            assertThat(state.versionNumber()).hasValue(4);
            assertThat(state.statusDetails())
                    .as("set by the request whose reply was lost")
                    .contains(Map.of("step", "2"));
        });
    }

    @Test
    void throttlingFailsTheFutureWithRequestThrottled() {
        bed.service.faults().throttleAbove(1);

        await(jobs.getPendingJobExecutions(getPending().build()));
        V2ServiceException failure = failure(jobs.getPendingJobExecutions(
                getPending().clientToken("gp-throttled").build()));

        RejectedError error = failure.modeledError().orElseThrow();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.REQUEST_THROTTLED);
        assertThat(error.code().isRetryable()).isTrue();
        assertThat(error.clientToken()).contains("gp-throttled");
        assertThat(failure.getCause()).isInstanceOf(JobsRejectedException.class);
    }

    // ---------------------------------------------------------------- futures, continuations, closing

    @Test
    void futuresCompleteOnTheClientsThreadsWithTheReplyMatchedByClientToken() {
        RawMqttClient raw = bed.raw("fake-service", base() + "get");
        bed.service.faults().delayReplies(Duration.ofDays(1)); // the test clock never gets there
        CompletableFuture<GetPendingJobExecutionsResponse> reply =
                jobs.getPendingJobExecutions(getPending().clientToken("by-hand").build());
        CompletableFuture<String> thread =
                reply.thenApply(r -> Thread.currentThread().getName());
        Received request = raw.next();
        assertThat(request.payload()).contains("\"by-hand\"");
        assertThat(reply).as("the service's reply is held back").isNotDone();

        raw.publish(
                base() + "get/accepted",
                "{\"clientToken\":\"someone-else\",\"timestamp\":1," + "\"inProgressJobs\":[],\"queuedJobs\":[]}");
        raw.publish(
                base() + "get/accepted",
                "{\"clientToken\":\"by-hand\",\"timestamp\":1717000001,"
                        + "\"inProgressJobs\":[],\"queuedJobs\":[{\"jobId\":\"made-up\",\"versionNumber\":7}]}");

        // (wait for the dependent stage, not for the reply: a thread blocked in get() on a future may itself run
        // that future's dependent stages when it wakes up)
        assertThat(await(thread)).doesNotStartWith("MQTT").startsWith("iotjobs-callback-");
        GetPendingJobExecutionsResponse response = reply.join();
        assertThat(response.queuedJobs()).extracting(JobExecutionSummary::jobId).containsExactly("made-up");
    }

    @Test
    void aContinuationThatIssuesAnotherRequestCompletes() {
        String jobId = bed.createJob("chain", INSTALL, thing);

        UpdateJobExecutionResponse done =
                await(jobs.getPendingJobExecutions(getPending().build())
                        .thenCompose(pending ->
                                jobs.startNextPendingJobExecution(startNext().build()))
                        .thenCompose(started -> jobs.updateJobExecution(
                                update(started.execution().orElseThrow().jobId(), JobStatus.SUCCEEDED)
                                        .includeJobExecutionState(true)
                                        .build())));

        assertThat(done.executionState().orElseThrow().status()).contains(JobStatus.SUCCEEDED);
        assertThat(bed.execution(thing, jobId).status()).contains(JobStatus.SUCCEEDED);
    }

    @Test
    void continuationsThatBlockOnAnotherRequestComplete() {
        // more blocking continuations at once than the default pool has threads
        int chains = 12;
        List<String> things = IntStream.range(0, chains)
                .mapToObj(i -> bed.newThing("block" + i))
                .collect(Collectors.toList());
        List<String> jobIds =
                things.stream().map(t -> bed.createJob("block", INSTALL, t)).collect(Collectors.toList());
        List<CompletableFuture<JobStatus>> results = new ArrayList<>();
        for (String t : things) {
            results.add(jobs.startNextPendingJobExecution(StartNextPendingJobExecutionRequest.builder()
                            .thingName(t)
                            .build())
                    .thenApply(started -> {
                        JobExecutionData job = started.execution().orElseThrow();
                        UpdateJobExecutionResponse updated = jobs.updateJobExecution(UpdateJobExecutionRequest.builder()
                                        .thingName(t)
                                        .jobId(job.jobId())
                                        .status(JobStatus.SUCCEEDED)
                                        .includeJobExecutionState(true)
                                        .build())
                                .join();
                        return updated.executionState().orElseThrow().status().orElseThrow();
                    }));
        }

        for (CompletableFuture<JobStatus> result : results) {
            assertThat(await(result)).isEqualTo(JobStatus.SUCCEEDED);
        }
        for (int i = 0; i < chains; i++) {
            assertThat(bed.execution(things.get(i), jobIds.get(i)).status()).contains(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void cancellingAFutureForgetsItsRequest() {
        bed.service.faults().delayReplies(Duration.ofDays(1)); // the test clock never gets there
        CompletableFuture<GetPendingJobExecutionsResponse> first =
                jobs.getPendingJobExecutions(getPending().clientToken("c-1").build());
        assertThatThrownBy(() -> jobs.getPendingJobExecutions(
                        getPending().clientToken("c-1").build()))
                .as("a token still waiting for its reply")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clientToken:");

        assertThat(first.cancel(true)).isTrue();

        assertThat(first).isCancelled();
        assertThatThrownBy(() -> first.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        bed.service.faults().reset();
        GetPendingJobExecutionsResponse again = await(
                jobs.getPendingJobExecutions(getPending().clientToken("c-1").build()));
        assertThat(again.clientToken()).as("the token is free again").contains("c-1");
    }

    @Test
    void closingFailsPendingRequestsAndHaltsOpenStreams() {
        IotJobsClientV2 closing = new IotJobsClientV2(bed.device);
        Recorder<SubscriptionStatusEvent> notifyStatus = recorder();
        Recorder<SubscriptionStatusEvent> nextStatus = recorder();
        StreamingOperation notify = closing.createJobExecutionsChangedStream(
                notifySub(),
                ServiceStreamOptions.builder((JobExecutionsChangedEvent e) -> {})
                        .subscriptionStatusListener(notifyStatus)
                        .build());
        StreamingOperation next = closing.createNextJobExecutionChangedStream(
                nextSub(),
                ServiceStreamOptions.builder((NextJobExecutionChangedEvent e) -> {})
                        .subscriptionStatusListener(nextStatus)
                        .build());
        await(notify.open());
        await(next.open());
        assertThat(notifyStatus.next().type()).isEqualTo(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);
        assertThat(nextStatus.next().type()).isEqualTo(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);
        bed.service.faults().delayReplies(Duration.ofDays(1)); // the test clock never gets there
        CompletableFuture<GetPendingJobExecutionsResponse> pending =
                closing.getPendingJobExecutions(getPending().build());

        closing.close();
        closing.close(); // idempotent

        assertThat(failure(pending).getCause()).isInstanceOf(JobsClientClosedException.class);
        for (Recorder<SubscriptionStatusEvent> status : List.of(notifyStatus, nextStatus)) {
            SubscriptionStatusEvent halted = status.next();
            assertThat(halted.type()).isEqualTo(SubscriptionStatusEventType.SUBSCRIPTION_HALTED);
            assertThat(halted.error()).containsInstanceOf(JobsClientClosedException.class);
        }
        assertThat(notify.isOpen()).isFalse();
        assertThat(next.isOpen()).isFalse();
        V2ServiceException afterClose =
                failure(closing.describeJobExecution(describe("any").build()));
        assertThat(afterClose.getCause()).isInstanceOf(JobsClientClosedException.class);
        assertThat(afterClose.modeledError()).isEmpty();
        // the connection is not the client's: another client on it still works
        bed.service.faults().reset();
        assertThat(await(jobs.getPendingJobExecutions(getPending().build())).queuedJobs())
                .isEmpty();
    }

    // ----------------------------------------------------------------------------------- streams

    @Test
    void streamsDeliverTheEventsOfCreateStartNextAndSucceed() {
        Recorder<JobExecutionsChangedEvent> notify = recorder();
        Recorder<NextJobExecutionChangedEvent> next = recorder();
        Recorder<SubscriptionStatusEvent> notifyStatus = recorder();
        Recorder<SubscriptionStatusEvent> nextStatus = recorder();
        StreamingOperation notifyStream = jobs.createJobExecutionsChangedStream(
                notifySub(),
                ServiceStreamOptions.builder(notify)
                        .subscriptionStatusListener(notifyStatus)
                        .build());
        StreamingOperation nextStream = jobs.createNextJobExecutionChangedStream(
                nextSub(),
                ServiceStreamOptions.builder(next)
                        .subscriptionStatusListener(nextStatus)
                        .build());
        assertThat(notifyStream.isOpen()).isFalse();

        await(notifyStream.open());
        await(nextStream.open());

        assertThat(notifyStream.isOpen()).isTrue();
        SubscriptionStatusEvent established = notifyStatus.next();
        assertThat(established.type()).isEqualTo(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);
        assertThat(established.error()).isEmpty();
        assertThat(nextStatus.next().type()).isEqualTo(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);

        String jobId = bed.createJob("stream", INSTALL, thing);
        JobExecutionsChangedEvent queued = notify.next();
        assertThat(queued.timestamp()).contains(bed.now());
        assertThat(queued.inProgress()).isEmpty();
        assertThat(queued.queued()).singleElement().satisfies(s -> {
            assertThat(s.jobId()).isEqualTo(jobId);
            assertThat(s.versionNumber()).hasValue(1);
            assertThat(s.executionNumber()).hasValue(1);
        });
        JobExecutionData head = next.next().execution().orElseThrow();
        assertThat(head.jobId()).isEqualTo(jobId);
        assertThat(head.status()).contains(JobStatus.QUEUED);
        assertThat(head.jobDocument()).contains(INSTALL);

        // start-next changes neither the pending set nor the head: the next events are those of the update
        assertThat(await(jobs.startNextPendingJobExecution(startNext().build())).execution())
                .isPresent();
        await(jobs.updateJobExecution(update(jobId, JobStatus.SUCCEEDED).build()));

        assertThat(notify.next().jobs()).as("nothing pending").isEmpty();
        NextJobExecutionChangedEvent empty = next.next();
        assertThat(empty.execution()).isEmpty();
        assertThat(empty.timestamp()).contains(bed.now());
        assertThat(notifyStatus.drain()).isEmpty();
    }

    @Test
    void openAndCloseAreIdempotentAndAClosedStreamCannotBeReopened() {
        Recorder<SubscriptionStatusEvent> status = recorder();
        Recorder<JobExecutionsChangedEvent> events = recorder();
        StreamingOperation stream = jobs.createJobExecutionsChangedStream(
                notifySub(),
                ServiceStreamOptions.builder(events)
                        .subscriptionStatusListener(status)
                        .build());

        await(stream.open());
        await(stream.open());
        assertThat(status.next().type()).isEqualTo(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);
        stream.close();
        stream.close();

        assertThat(stream.isOpen()).isFalse();
        assertThatThrownBy(stream::open).isInstanceOf(IllegalStateException.class);
        // a new stream on the same topic works, and the closed one hears nothing
        Recorder<JobExecutionsChangedEvent> again = recorder();
        StreamingOperation second = jobs.createJobExecutionsChangedStream(notifySub(), ServiceStreamOptions.of(again));
        await(second.open());
        String jobId = bed.createJob("reopen", INSTALL, thing);
        assertThat(again.next().queued()).extracting(JobExecutionSummary::jobId).containsExactly(jobId);
        assertThat(events.drain()).isEmpty();
        assertThat(status.drain()).as("one ESTABLISHED for two open() calls").isEmpty();
    }

    @Test
    void aMalformedEventGoesToTheDeserializationFailureListenerOnly() {
        Recorder<JobExecutionsChangedEvent> events = recorder();
        Recorder<JobsDecodeException> failures = recorder();
        Recorder<NextJobExecutionChangedEvent> nextEvents = recorder();
        Recorder<JobsDecodeException> nextFailures = recorder();
        await(jobs.createJobExecutionsChangedStream(
                        notifySub(),
                        ServiceStreamOptions.builder(events)
                                .deserializationFailureListener(failures)
                                .build())
                .open());
        await(jobs.createNextJobExecutionChangedStream(
                        nextSub(),
                        ServiceStreamOptions.builder(nextEvents)
                                .deserializationFailureListener(nextFailures)
                                .build())
                .open());
        RawMqttClient raw = bed.raw("raw");

        raw.publish(base() + "notify", "{\"jobs\":");
        raw.publish(base() + "notify-next", "{\"execution\":[1,2]}");

        JobsDecodeException failure = failures.next();
        assertThat(failure.topic()).isEqualTo(base() + "notify");
        assertThat(new String(failure.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"jobs\":");
        assertThat(failure.isMalformedJson()).isTrue();
        JobsDecodeException wrongShape = nextFailures.next();
        assertThat(wrongShape.topic()).isEqualTo(base() + "notify-next");
        assertThat(wrongShape.isMalformedJson()).isFalse();
        String jobId = bed.createJob("after-garbage", INSTALL, thing);
        assertThat(events.next().queued())
                .as("the first event the listener sees is the real one")
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(jobId);
        assertThat(nextEvents.next().execution()).map(JobExecutionData::jobId).contains(jobId);
    }

    @Test
    void anEventListenerThatThrowsDoesNotStopTheStream() {
        Recorder<JobExecutionsChangedEvent> events = recorder();
        AtomicBoolean thrown = new AtomicBoolean();
        await(jobs.createJobExecutionsChangedStream(
                        notifySub(), ServiceStreamOptions.of((JobExecutionsChangedEvent event) -> {
                            events.accept(event);
                            if (thrown.compareAndSet(false, true)) {
                                throw new IllegalStateException("listener failure on purpose");
                            }
                        }))
                .open());

        String first = bed.createJob("first", INSTALL, thing);
        assertThat(events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(first);
        String second = bed.createJob("second", INSTALL, thing);

        assertThat(events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(first, second);
        assertThat(thrown).isTrue();
    }

    @Test
    void repeatedEventsAreDeliveredOnce() {
        Recorder<JobExecutionsChangedEvent> events = recorder();
        Recorder<NextJobExecutionChangedEvent> next = recorder();
        await(jobs.createJobExecutionsChangedStream(notifySub(), ServiceStreamOptions.of(events))
                .open());
        await(jobs.createNextJobExecutionChangedStream(nextSub(), ServiceStreamOptions.of(next))
                .open());
        bed.service.faults().duplicateEvents(true);

        String first = bed.createJob("first", INSTALL, thing);
        String second = bed.createJob("second", INSTALL, thing);
        await(jobs.updateJobExecution(update(first, JobStatus.SUCCEEDED).build()));

        assertThat(events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(first);
        assertThat(events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(first, second);
        assertThat(events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(second);
        assertThat(next.next().execution()).map(JobExecutionData::jobId).contains(first);
        assertThat(next.next().execution()).map(JobExecutionData::jobId).contains(second);
    }

    // --------------------------------------------------------------------------- the seed's loop

    /**
     * The request/response loop of the SDK's documentation: GetPending; while something is pending,
     * StartNext, process, Update with the result; until the queue is empty.
     */
    @Test
    void jobProcessingLoopFinishesTheQueue() throws Exception {
        List<String> created = List.of(
                bed.createJob("fw", JobDocument.parse("{\"operation\":\"firmware_update\",\"version\":\"2\"}"), thing),
                bed.createJob("cfg", JobDocument.parse("{\"operation\":\"config_update\"}"), thing),
                bed.createJob("bad", JobDocument.parse("{\"operation\":\"reformat\"}"), thing),
                bed.createJob(
                        "fw2", JobDocument.parse("{\"operation\":\"firmware_update\",\"version\":\"3\"}"), thing));
        List<String> processed = new ArrayList<>();

        for (int round = 0; round < 10; round++) {
            GetPendingJobExecutionsResponse pending =
                    jobs.getPendingJobExecutions(getPending().build()).get(10, TimeUnit.SECONDS);
            if (pending.queuedJobs().isEmpty() && pending.inProgressJobs().isEmpty()) {
                break;
            }
            StartNextJobExecutionResponse started = jobs.startNextPendingJobExecution(
                            startNext().stepTimeoutInMinutes(15).build())
                    .get(10, TimeUnit.SECONDS);
            JobExecutionData job = started.execution().orElseThrow();
            String operation =
                    job.jobDocument().flatMap(d -> d.getString("operation")).orElse("");
            boolean success = operation.equals("firmware_update") || operation.equals("config_update");
            jobs.updateJobExecution(update(job.jobId(), success ? JobStatus.SUCCEEDED : JobStatus.FAILED)
                            .statusDetails(Map.of("operation", operation))
                            .expectedVersion(job.versionNumber().orElseThrow())
                            .build())
                    .get(10, TimeUnit.SECONDS);
            processed.add(job.jobId());
        }

        assertThat(processed).as("in queue order, each once").isEqualTo(created);
        assertThat(created)
                .extracting(id -> bed.execution(thing, id).status().orElseThrow())
                .containsExactly(JobStatus.SUCCEEDED, JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertThat(bed.execution(thing, created.get(2)).statusDetails()).contains(Map.of("operation", "reformat"));
    }

    // ------------------------------------------------------------------------------------ input

    @Test
    void badInputThrowsAtOnceAndNothingIsPublished() {
        RawMqttClient observer = bed.raw("observer", "$aws/things/+/jobs/#");
        String marker = "bad-" + thing;

        assertThatThrownBy(() -> jobs.getPendingJobExecutions(
                        getPending().thingName("bad thing " + marker).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName:");
        assertThatThrownBy(() -> jobs.startNextPendingJobExecution(
                        startNext().stepTimeoutInMinutes(-1).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("stepTimeoutInMinutes:");
        assertThatThrownBy(() -> jobs.describeJobExecution(describe("a+b").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId:");
        assertThatThrownBy(() -> jobs.updateJobExecution(
                        update("job", JobStatus.CANCELED).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("status:");
        assertThatThrownBy(() -> jobs.updateJobExecution(
                        update("job", JobStatus.SUCCEEDED).clientToken("").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clientToken:");
        assertThatThrownBy(() -> jobs.getPendingJobExecutions(getPending().build(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("timeout:");
        assertThatThrownBy(() -> jobs.describeJobExecution(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("request");
        assertThatThrownBy(() -> jobs.createNextJobExecutionChangedStream(
                        NextJobExecutionChangedSubscriptionRequest.builder()
                                .thingName(marker + "/#")
                                .build(),
                        ServiceStreamOptions.of(e -> {})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName:");

        await(jobs.getPendingJobExecutions(getPending().clientToken("marker").build()));
        Received first;
        do {
            first = observer.next();
        } while (!first.topic().contains(thing) && !first.topic().contains(marker) || isReply(first.topic()));
        assertThat(first.topic()).isEqualTo(base() + "get");
        assertThat(first.payload()).contains("\"marker\"");
    }

    // ---------------------------------------------------------------------------------- helpers

    /** The {@link V2ServiceException} a future fails with (within the wait), whatever the wrapping. */
    private static V2ServiceException failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(TestBed.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(V2ServiceException.class);
            return (V2ServiceException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future did not fail within " + TestBed.WAIT + ": " + e, e);
        }
    }

    private <T> Recorder<T> recorder() {
        Recorder<T> recorder = new Recorder<>();
        recorders.add(recorder);
        return recorder;
    }

    private String base() {
        return "$aws/things/" + thing + "/jobs/";
    }

    private JobExecutionsChangedSubscriptionRequest notifySub() {
        return JobExecutionsChangedSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private NextJobExecutionChangedSubscriptionRequest nextSub() {
        return NextJobExecutionChangedSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private GetPendingJobExecutionsRequest.Builder getPending() {
        return GetPendingJobExecutionsRequest.builder().thingName(thing);
    }

    private StartNextPendingJobExecutionRequest.Builder startNext() {
        return StartNextPendingJobExecutionRequest.builder().thingName(thing);
    }

    private DescribeJobExecutionRequest.Builder describe(String jobId) {
        return DescribeJobExecutionRequest.builder().thingName(thing).jobId(jobId);
    }

    private UpdateJobExecutionRequest.Builder update(String jobId, JobStatus status) {
        return UpdateJobExecutionRequest.builder().thingName(thing).jobId(jobId).status(status);
    }

    /**
     * Whether a topic is one the service answers on: the service's reply to the valid request can reach
     * another subscriber before the request itself does, so request-order checks skip replies.
     */
    private static boolean isReply(String topic) {
        return topic.endsWith("/accepted") || topic.endsWith("/rejected");
    }
}
