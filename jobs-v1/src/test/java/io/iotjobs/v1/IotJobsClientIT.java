package io.iotjobs.v1;

import static io.iotjobs.testkit.clients.TestBed.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotjobs.core.JobsClientClosedException;
import io.iotjobs.core.JobsDecodeException;
import io.iotjobs.core.JobsSubscription;
import io.iotjobs.core.Qos;
import io.iotjobs.model.DescribeJobExecutionRequest;
import io.iotjobs.model.DescribeJobExecutionResponse;
import io.iotjobs.model.DescribeJobExecutionSubscriptionRequest;
import io.iotjobs.model.GetPendingJobExecutionsRequest;
import io.iotjobs.model.GetPendingJobExecutionsResponse;
import io.iotjobs.model.GetPendingJobExecutionsSubscriptionRequest;
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
import io.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import io.iotjobs.model.UpdateJobExecutionRequest;
import io.iotjobs.model.UpdateJobExecutionResponse;
import io.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import io.iotjobs.testkit.clients.RawMqttClient;
import io.iotjobs.testkit.clients.RawMqttClient.Received;
import io.iotjobs.testkit.clients.TestBed;
import io.iotjobs.testkit.clients.TestBed.Recorder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every method of the V1 client against a real broker and the local Jobs service: each publish method with
 * its accepted and rejected subscriptions, the two event subscriptions, and the behaviour promised in the
 * class Javadoc (callbacks off the MQTT thread, several subscriptions per topic, bad input).
 */
class IotJobsClientIT {

    private static final Qos Q1 = Qos.AT_LEAST_ONCE;
    private static final JobDocument INSTALL = JobDocument.parse(
            "{\"operation\":\"install\",\"version\":\"1.2.3\",\"retries\":3,\"files\":[\"a.bin\",\"b.bin\"]}");

    private static TestBed bed;

    private final List<Recorder<?>> recorders = new ArrayList<>();
    private IotJobsClient jobs;
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
        jobs = new IotJobsClient(bed.device);
        thing = bed.newThing("v1");
    }

    @AfterEach
    void closeClient() {
        jobs.close();
        bed.service.faults().reset();
        for (Recorder<?> recorder : recorders) {
            recorder.assertRanOnClientThreads("iotjobs-callback-");
        }
    }

    // ------------------------------------------------------------------------- GetPendingJobExecutions

    @Test
    void getPendingAcceptedListsInProgressAndQueuedExecutions() {
        String first = bed.createJob("first", INSTALL, thing);
        String second = bed.createJob("second", JobDocument.empty(), thing);
        Recorder<StartNextJobExecutionResponse> started = recorder();
        Recorder<GetPendingJobExecutionsResponse> accepted = recorder();
        Recorder<RejectedError> rejected = recorder();
        await(jobs.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(), Q1, started));
        await(jobs.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Q1, accepted));
        await(jobs.subscribeToGetPendingJobExecutionsRejected(getPendingSub(), Q1, rejected));
        await(jobs.publishStartNextPendingJobExecution(startNext().build(), Q1));
        assertThat(started.next().execution()).map(JobExecutionData::jobId).contains(first);

        await(jobs.publishGetPendingJobExecutions(
                getPending().clientToken("gp-1").build(), Q1));

        GetPendingJobExecutionsResponse reply = accepted.next();
        assertThat(reply.clientToken()).contains("gp-1");
        assertThat(reply.timestamp()).contains(bed.now());
        assertThat(reply.inProgressJobs()).singleElement().satisfies(summary -> {
            assertThat(summary.jobId()).isEqualTo(first);
            assertThat(summary.versionNumber()).hasValue(2);
            assertThat(summary.executionNumber()).hasValue(1);
            assertThat(summary.startedAt()).contains(bed.now());
            assertThat(summary.queuedAt()).contains(bed.now());
        });
        assertThat(reply.queuedJobs()).singleElement().satisfies(summary -> {
            assertThat(summary.jobId()).isEqualTo(second);
            assertThat(summary.versionNumber()).hasValue(1);
            assertThat(summary.startedAt()).isEmpty();
        });
        assertThat(rejected.drain()).isEmpty();
    }

    @Test
    void getPendingForAThingWithoutJobsIsAcceptedWithEmptyLists() {
        Recorder<GetPendingJobExecutionsResponse> accepted = recorder();
        await(jobs.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Q1, accepted));

        await(jobs.publishGetPendingJobExecutions(getPending().build(), Q1));

        GetPendingJobExecutionsResponse reply = accepted.next();
        assertThat(reply.inProgressJobs()).isEmpty();
        assertThat(reply.queuedJobs()).isEmpty();
        assertThat(reply.clientToken()).as("no token sent, none echoed").isEmpty();
    }

    @Test
    void getPendingRejectionReachesTheRejectedCallbackWithCodeAndToken() {
        Recorder<GetPendingJobExecutionsResponse> accepted = recorder();
        Recorder<RejectedError> rejected = recorder();
        JobsSubscription acceptedSub =
                await(jobs.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Q1, accepted));
        JobsSubscription rejectedSub =
                await(jobs.subscribeToGetPendingJobExecutionsRejected(getPendingSub(), Q1, rejected));
        assertThat(acceptedSub.topic()).isEqualTo(base() + "get/accepted");
        assertThat(rejectedSub.topic()).isEqualTo(base() + "get/rejected");
        bed.service.faults().failNextRequests(1);

        await(jobs.publishGetPendingJobExecutions(
                getPending().clientToken("gp-fail").build(), Q1));
        await(jobs.publishGetPendingJobExecutions(
                getPending().clientToken("gp-ok").build(), Q1));

        RejectedError error = rejected.next();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.INTERNAL_ERROR);
        assertThat(error.clientToken()).contains("gp-fail");
        assertThat(error.executionState()).isEmpty();
        assertThat(error.timestamp()).contains(bed.now());
        assertThat(accepted.next().clientToken())
                .as("the failed request has no accepted reply")
                .contains("gp-ok");
    }

    // ------------------------------------------------------------------- StartNextPendingJobExecution

    @Test
    void startNextAcceptedCarriesTheStartedExecution() {
        String jobId = bed.createJob("install", INSTALL, thing);
        Recorder<StartNextJobExecutionResponse> accepted = recorder();
        Recorder<RejectedError> rejected = recorder();
        JobsSubscription sub =
                await(jobs.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(), Q1, accepted));
        await(jobs.subscribeToStartNextPendingJobExecutionRejected(startNextSub(), Q1, rejected));
        assertThat(sub.topic()).isEqualTo(base() + "start-next/accepted");

        await(jobs.publishStartNextPendingJobExecution(
                startNext()
                        .clientToken("sn-1")
                        .statusDetails(Map.of("phase", "download"))
                        .stepTimeoutInMinutes(10)
                        .build(),
                Q1));

        StartNextJobExecutionResponse reply = accepted.next();
        assertThat(reply.clientToken()).contains("sn-1");
        assertThat(reply.timestamp()).contains(bed.now());
        JobExecutionData execution = reply.execution().orElseThrow();
        assertThat(execution.jobId()).isEqualTo(jobId);
        assertThat(execution.status()).contains(JobStatus.IN_PROGRESS);
        assertThat(execution.versionNumber()).hasValue(2);
        assertThat(execution.executionNumber()).hasValue(1);
        assertThat(execution.jobDocument()).contains(INSTALL);
        assertThat(execution.jobDocument().orElseThrow().getString("version")).contains("1.2.3");
        assertThat(execution.statusDetails()).contains(Map.of("phase", "download"));
        assertThat(execution.startedAt()).contains(bed.now());
        assertThat(bed.execution(thing, jobId).status()).contains(JobStatus.IN_PROGRESS);

        // a second StartNext returns the execution already IN_PROGRESS, unchanged
        await(jobs.publishStartNextPendingJobExecution(
                startNext()
                        .clientToken("sn-2")
                        .statusDetails(Map.of("phase", "other"))
                        .build(),
                Q1));
        StartNextJobExecutionResponse again = accepted.next();
        assertThat(again.clientToken()).contains("sn-2");
        assertThat(again.execution()).hasValueSatisfying(e -> {
            assertThat(e.jobId()).isEqualTo(jobId);
            assertThat(e.versionNumber()).hasValue(2);
            assertThat(e.statusDetails()).contains(Map.of("phase", "download"));
        });
        assertThat(rejected.drain()).isEmpty();
    }

    @Test
    void startNextWithNothingPendingIsAcceptedWithoutExecution() {
        Recorder<StartNextJobExecutionResponse> accepted = recorder();
        await(jobs.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(), Q1, accepted));

        await(jobs.publishStartNextPendingJobExecution(
                startNext().clientToken("sn-empty").build(), Q1));

        StartNextJobExecutionResponse reply = accepted.next();
        assertThat(reply.execution()).isEmpty();
        assertThat(reply.clientToken()).contains("sn-empty");
    }

    @Test
    void startNextRejectionWhenThrottledReachesTheRejectedCallback() {
        Recorder<StartNextJobExecutionResponse> accepted = recorder();
        Recorder<RejectedError> rejected = recorder();
        await(jobs.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(), Q1, accepted));
        JobsSubscription sub =
                await(jobs.subscribeToStartNextPendingJobExecutionRejected(startNextSub(), Q1, rejected));
        assertThat(sub.topic()).isEqualTo(base() + "start-next/rejected");
        bed.service.faults().throttleAbove(1);

        await(jobs.publishStartNextPendingJobExecution(
                startNext().clientToken("sn-a").build(), Q1));
        await(jobs.publishStartNextPendingJobExecution(
                startNext().clientToken("sn-b").build(), Q1));

        assertThat(accepted.next().clientToken()).contains("sn-a");
        RejectedError error = rejected.next();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.REQUEST_THROTTLED);
        assertThat(error.code().isRetryable()).isTrue();
        assertThat(error.clientToken()).contains("sn-b");
    }

    // --------------------------------------------------------------------------- DescribeJobExecution

    @Test
    void describeAcceptedForAJobIdAndForNext() {
        String first = bed.createJob("first", INSTALL, thing);
        String second = bed.createJob("second", JobDocument.parse("{\"step\":2}"), thing);
        Recorder<DescribeJobExecutionResponse> all = recorder();
        Recorder<DescribeJobExecutionResponse> next = recorder();
        JobsSubscription allSub = await(jobs.subscribeToDescribeJobExecutionAccepted(describeSub(null), Q1, all));
        JobsSubscription nextSub = await(
                jobs.subscribeToDescribeJobExecutionAccepted(describeSub(DescribeJobExecutionRequest.NEXT), Q1, next));
        assertThat(allSub.topic()).isEqualTo(base() + "+/get/accepted");
        assertThat(nextSub.topic()).isEqualTo(base() + "$next/get/accepted");

        await(jobs.publishDescribeJobExecution(
                describe(first).clientToken("d-1").build(), Q1));
        DescribeJobExecutionResponse one = all.next();
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

        await(jobs.publishDescribeJobExecution(
                describe(second)
                        .executionNumber(1)
                        .includeJobDocument(false)
                        .clientToken("d-2")
                        .build(),
                Q1));
        DescribeJobExecutionResponse two = all.next();
        assertThat(two.clientToken()).contains("d-2");
        assertThat(two.execution()).hasValueSatisfying(e -> {
            assertThat(e.jobId()).isEqualTo(second);
            assertThat(e.jobDocument()).as("includeJobDocument false").isEmpty();
        });

        await(jobs.publishDescribeJobExecution(
                describe(DescribeJobExecutionRequest.NEXT).clientToken("d-next").build(), Q1));
        DescribeJobExecutionResponse head = next.next();
        assertThat(head.clientToken()).contains("d-next");
        assertThat(head.execution()).as("the oldest QUEUED execution").hasValueSatisfying(e -> {
            assertThat(e.jobId()).isEqualTo(first);
            assertThat(e.jobDocument()).contains(INSTALL);
        });
        assertThat(all.next().clientToken())
                .as("the every-job filter covers $next too")
                .contains("d-next");
    }

    @Test
    void describeNextWithNothingPendingIsAcceptedWithoutExecution() {
        Recorder<DescribeJobExecutionResponse> next = recorder();
        await(jobs.subscribeToDescribeJobExecutionAccepted(describeSub(DescribeJobExecutionRequest.NEXT), Q1, next));

        await(jobs.publishDescribeJobExecution(
                describe(DescribeJobExecutionRequest.NEXT).clientToken("d-none").build(), Q1));

        DescribeJobExecutionResponse reply = next.next();
        assertThat(reply.execution()).isEmpty();
        assertThat(reply.clientToken()).contains("d-none");
    }

    @Test
    void describeOfAnUnknownJobReachesTheRejectedCallbackWithResourceNotFound() {
        String known = bed.createJob("known", INSTALL, thing);
        Recorder<RejectedError> rejected = recorder();
        JobsSubscription sub = await(jobs.subscribeToDescribeJobExecutionRejected(describeSub(null), Q1, rejected));
        assertThat(sub.topic()).isEqualTo(base() + "+/get/rejected");

        await(jobs.publishDescribeJobExecution(
                describe("no-such-job").clientToken("d-missing").build(), Q1));
        await(jobs.publishDescribeJobExecution(
                describe(known).executionNumber(7).clientToken("d-exec7").build(), Q1));

        RejectedError missing = rejected.next();
        assertThat(missing.code()).isEqualTo(RejectedErrorCode.RESOURCE_NOT_FOUND);
        assertThat(missing.clientToken()).contains("d-missing");
        assertThat(missing.executionState()).isEmpty();
        RejectedError noSuchExecution = rejected.next();
        assertThat(noSuchExecution.code()).isEqualTo(RejectedErrorCode.RESOURCE_NOT_FOUND);
        assertThat(noSuchExecution.clientToken()).contains("d-exec7");
    }

    // ---------------------------------------------------------------------------- UpdateJobExecution

    @Test
    void updateAcceptedIncludesStateAndDocumentOnlyWhenAsked() {
        String jobId = bed.createJob("update", INSTALL, thing);
        Recorder<UpdateJobExecutionResponse> accepted = recorder();
        Recorder<RejectedError> rejected = recorder();
        JobsSubscription sub = await(jobs.subscribeToUpdateJobExecutionAccepted(updateSub(jobId), Q1, accepted));
        await(jobs.subscribeToUpdateJobExecutionRejected(updateSub(jobId), Q1, rejected));
        assertThat(sub.topic()).isEqualTo(base() + jobId + "/update/accepted");

        await(jobs.publishUpdateJobExecution(
                update(jobId, JobStatus.IN_PROGRESS)
                        .statusDetails(Map.of("progress", "50"))
                        .expectedVersion(1)
                        .includeJobExecutionState(true)
                        .includeJobDocument(true)
                        .clientToken("u-1")
                        .build(),
                Q1));

        UpdateJobExecutionResponse reply = accepted.next();
        assertThat(reply.clientToken()).contains("u-1");
        assertThat(reply.timestamp()).contains(bed.now());
        JobExecutionState state = reply.executionState().orElseThrow();
        assertThat(state.status()).contains(JobStatus.IN_PROGRESS);
        assertThat(state.versionNumber()).hasValue(2);
        assertThat(state.statusDetails()).contains(Map.of("progress", "50"));
        assertThat(reply.jobDocument()).contains(INSTALL);

        await(jobs.publishUpdateJobExecution(
                update(jobId, JobStatus.SUCCEEDED)
                        .expectedVersion(2)
                        .clientToken("u-2")
                        .build(),
                Q1));

        UpdateJobExecutionResponse plain = accepted.next();
        assertThat(plain.clientToken()).contains("u-2");
        assertThat(plain.executionState()).isEmpty();
        assertThat(plain.jobDocument()).isEmpty();
        assertThat(rejected.drain()).isEmpty();
        JobExecutionData stored = bed.execution(thing, jobId);
        assertThat(stored.status()).contains(JobStatus.SUCCEEDED);
        assertThat(stored.versionNumber()).hasValue(3);
        assertThat(stored.statusDetails()).contains(Map.of("progress", "50"));
    }

    @Test
    void updateWithAWrongExpectedVersionIsRejectedWithVersionMismatchAndTheCurrentState() {
        String jobId = bed.createJob("version", INSTALL, thing);
        Recorder<RejectedError> rejected = recorder();
        await(jobs.subscribeToUpdateJobExecutionRejected(updateSub(jobId), Q1, rejected));

        await(jobs.publishUpdateJobExecution(
                update(jobId, JobStatus.IN_PROGRESS)
                        .expectedVersion(5)
                        .clientToken("u-vm")
                        .build(),
                Q1));

        RejectedError error = rejected.next();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.VERSION_MISMATCH);
        assertThat(error.clientToken()).contains("u-vm");
        assertThat(error.executionState()).hasValueSatisfying(state -> {
            assertThat(state.status()).contains(JobStatus.QUEUED);
            assertThat(state.versionNumber()).hasValue(1);
        });
        assertThat(bed.execution(thing, jobId).status()).as("unchanged").contains(JobStatus.QUEUED);
    }

    @Test
    void updateAfterATerminalStatusIsRejectedWithInvalidStateTransition() {
        String jobId = bed.createJob("terminal", INSTALL, thing);
        Recorder<UpdateJobExecutionResponse> accepted = recorder();
        Recorder<RejectedError> rejected = recorder();
        await(jobs.subscribeToUpdateJobExecutionAccepted(updateSub(jobId), Q1, accepted));
        await(jobs.subscribeToUpdateJobExecutionRejected(updateSub(jobId), Q1, rejected));
        await(jobs.publishUpdateJobExecution(
                update(jobId, JobStatus.SUCCEEDED).clientToken("u-done").build(), Q1));
        assertThat(accepted.next().clientToken()).contains("u-done");

        await(jobs.publishUpdateJobExecution(
                update(jobId, JobStatus.IN_PROGRESS).clientToken("u-again").build(), Q1));

        RejectedError error = rejected.next();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.INVALID_STATE_TRANSITION);
        assertThat(error.clientToken()).contains("u-again");
        assertThat(error.executionState()).hasValueSatisfying(state -> {
            assertThat(state.status()).contains(JobStatus.SUCCEEDED);
            assertThat(state.versionNumber()).hasValue(2);
        });
    }

    @Test
    void updateOfAnUnknownJobIsRejectedWithResourceNotFound() {
        Recorder<RejectedError> rejected = recorder();
        await(jobs.subscribeToUpdateJobExecutionRejected(updateSub(null), Q1, rejected));

        await(jobs.publishUpdateJobExecution(
                update("no-such-job", JobStatus.SUCCEEDED)
                        .clientToken("u-missing")
                        .build(),
                Q1));

        RejectedError error = rejected.next();
        assertThat(error.code()).isEqualTo(RejectedErrorCode.RESOURCE_NOT_FOUND);
        assertThat(error.clientToken()).contains("u-missing");
        assertThat(error.executionState()).isEmpty();
    }

    // --------------------------------------------------------------- subscriptions with and without job id

    @Test
    void updateSubscriptionsWithoutJobIdSeeEveryJobAndWithJobIdOnlyThatJob() {
        String jobA = bed.createJob("a", INSTALL, thing);
        String jobB = bed.createJob("b", INSTALL, thing);
        Recorder<UpdateJobExecutionResponse> acceptedAll = recorder();
        Recorder<UpdateJobExecutionResponse> acceptedA = recorder();
        Recorder<RejectedError> rejectedAll = recorder();
        Recorder<RejectedError> rejectedA = recorder();
        assertThat(await(jobs.subscribeToUpdateJobExecutionAccepted(updateSub(null), Q1, acceptedAll))
                        .topic())
                .isEqualTo(base() + "+/update/accepted");
        await(jobs.subscribeToUpdateJobExecutionAccepted(updateSub(jobA), Q1, acceptedA));
        assertThat(await(jobs.subscribeToUpdateJobExecutionRejected(updateSub(null), Q1, rejectedAll))
                        .topic())
                .isEqualTo(base() + "+/update/rejected");
        assertThat(await(jobs.subscribeToUpdateJobExecutionRejected(updateSub(jobA), Q1, rejectedA))
                        .topic())
                .isEqualTo(base() + jobA + "/update/rejected");

        // job B first: seen by the every-job subscriptions only
        await(jobs.publishUpdateJobExecution(
                update(jobB, JobStatus.IN_PROGRESS).clientToken("b-ok").build(), Q1));
        assertThat(acceptedAll.next().clientToken()).contains("b-ok");
        await(jobs.publishUpdateJobExecution(
                update(jobB, JobStatus.IN_PROGRESS)
                        .expectedVersion(9)
                        .clientToken("b-bad")
                        .build(),
                Q1));
        assertThat(rejectedAll.next().clientToken()).contains("b-bad");
        // then job A: the job-A subscriptions' first delivery must be A's (B's replies came earlier)
        await(jobs.publishUpdateJobExecution(
                update(jobA, JobStatus.IN_PROGRESS).clientToken("a-ok").build(), Q1));
        await(jobs.publishUpdateJobExecution(
                update(jobA, JobStatus.IN_PROGRESS)
                        .expectedVersion(9)
                        .clientToken("a-bad")
                        .build(),
                Q1));

        assertThat(acceptedA.next().clientToken()).contains("a-ok");
        assertThat(rejectedA.next().clientToken()).contains("a-bad");
        assertThat(acceptedAll.next().clientToken()).contains("a-ok");
        assertThat(rejectedAll.next().clientToken()).contains("a-bad");
    }

    @Test
    void describeSubscriptionsWithoutJobIdSeeEveryJobAndWithJobIdOnlyThatJob() {
        String jobA = bed.createJob("a", INSTALL, thing);
        String jobB = bed.createJob("b", INSTALL, thing);
        Recorder<DescribeJobExecutionResponse> acceptedAll = recorder();
        Recorder<DescribeJobExecutionResponse> acceptedA = recorder();
        Recorder<RejectedError> rejectedAll = recorder();
        Recorder<RejectedError> rejectedA = recorder();
        await(jobs.subscribeToDescribeJobExecutionAccepted(describeSub(null), Q1, acceptedAll));
        assertThat(await(jobs.subscribeToDescribeJobExecutionAccepted(describeSub(jobA), Q1, acceptedA))
                        .topic())
                .isEqualTo(base() + jobA + "/get/accepted");
        await(jobs.subscribeToDescribeJobExecutionRejected(describeSub(null), Q1, rejectedAll));
        assertThat(await(jobs.subscribeToDescribeJobExecutionRejected(describeSub(jobA), Q1, rejectedA))
                        .topic())
                .isEqualTo(base() + jobA + "/get/rejected");

        await(jobs.publishDescribeJobExecution(
                describe(jobB).clientToken("b-ok").build(), Q1));
        assertThat(acceptedAll.next().execution()).map(JobExecutionData::jobId).contains(jobB);
        await(jobs.publishDescribeJobExecution(
                describe(jobB).executionNumber(5).clientToken("b-bad").build(), Q1));
        assertThat(rejectedAll.next().clientToken()).contains("b-bad");
        await(jobs.publishDescribeJobExecution(
                describe(jobA).clientToken("a-ok").build(), Q1));
        await(jobs.publishDescribeJobExecution(
                describe(jobA).executionNumber(5).clientToken("a-bad").build(), Q1));

        assertThat(acceptedA.next().clientToken()).contains("a-ok");
        assertThat(rejectedA.next().clientToken()).contains("a-bad");
        assertThat(acceptedAll.next().clientToken()).contains("a-ok");
        assertThat(rejectedAll.next().clientToken()).contains("a-bad");
    }

    @Test
    void twoSubscriptionsToOneTopicBothReceiveAndUnsubscribingOneLeavesTheOther() {
        Recorder<GetPendingJobExecutionsResponse> first = recorder();
        Recorder<GetPendingJobExecutionsResponse> second = recorder();
        JobsSubscription firstSub = await(jobs.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Q1, first));
        JobsSubscription secondSub =
                await(jobs.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Q1, second));
        assertThat(firstSub.topic()).isEqualTo(secondSub.topic()).isEqualTo(base() + "get/accepted");

        await(jobs.publishGetPendingJobExecutions(
                getPending().clientToken("both").build(), Q1));
        assertThat(first.next().clientToken()).contains("both");
        assertThat(second.next().clientToken()).contains("both");

        await(firstSub.unsubscribe());
        await(firstSub.unsubscribe()); // idempotent
        await(jobs.publishGetPendingJobExecutions(
                getPending().clientToken("second-only").build(), Q1));

        assertThat(second.next().clientToken()).contains("second-only");
        assertThat(first.drain()).as("unsubscribed before the reply was sent").isEmpty();
    }

    // -------------------------------------------------------------------------------------- events

    @Test
    void notifyAndNotifyNextEventsFollowTheQueue() {
        Recorder<JobExecutionsChangedEvent> notify = recorder();
        Recorder<NextJobExecutionChangedEvent> notifyNext = recorder();
        Recorder<StartNextJobExecutionResponse> started = recorder();
        Recorder<UpdateJobExecutionResponse> updated = recorder();
        JobsSubscription notifySub = await(jobs.subscribeToJobExecutionsChangedEvents(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Q1,
                notify));
        JobsSubscription nextSub = await(jobs.subscribeToNextJobExecutionChangedEvents(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Q1,
                notifyNext));
        assertThat(notifySub.topic()).isEqualTo(base() + "notify");
        assertThat(nextSub.topic()).isEqualTo(base() + "notify-next");
        await(jobs.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(), Q1, started));
        await(jobs.subscribeToUpdateJobExecutionAccepted(updateSub(null), Q1, updated));

        String first = bed.createJob("first", INSTALL, thing);
        JobExecutionsChangedEvent queued = notify.next();
        assertThat(queued.timestamp()).contains(bed.now());
        assertThat(queued.inProgress()).isEmpty();
        assertThat(queued.queued()).singleElement().satisfies(s -> {
            assertThat(s.jobId()).isEqualTo(first);
            assertThat(s.versionNumber()).hasValue(1);
            assertThat(s.executionNumber()).hasValue(1);
        });
        JobExecutionData head = notifyNext.next().execution().orElseThrow();
        assertThat(head.jobId()).isEqualTo(first);
        assertThat(head.status()).contains(JobStatus.QUEUED);
        assertThat(head.jobDocument()).contains(INSTALL);

        String second = bed.createJob("second", JobDocument.empty(), thing);
        assertThat(notify.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(first, second);

        // QUEUED -> IN_PROGRESS changes neither the pending set nor the head: no event
        await(jobs.publishStartNextPendingJobExecution(startNext().build(), Q1));
        assertThat(started.next().execution()).map(JobExecutionData::jobId).contains(first);

        await(jobs.publishUpdateJobExecution(update(first, JobStatus.SUCCEEDED).build(), Q1));
        updated.next();
        JobExecutionsChangedEvent afterFirst = notify.next();
        assertThat(afterFirst.inProgress()).isEmpty();
        assertThat(afterFirst.queued()).extracting(JobExecutionSummary::jobId).containsExactly(second);
        JobExecutionData newHead = notifyNext.next().execution().orElseThrow();
        assertThat(newHead.jobId())
                .as("the head moved on; creating the second job did not move it")
                .isEqualTo(second);
        assertThat(newHead.status()).contains(JobStatus.QUEUED);

        await(jobs.publishUpdateJobExecution(update(second, JobStatus.REJECTED).build(), Q1));
        assertThat(notify.next().jobs()).as("nothing pending").isEmpty();
        NextJobExecutionChangedEvent empty = notifyNext.next();
        assertThat(empty.execution()).isEmpty();
        assertThat(empty.timestamp()).contains(bed.now());
    }

    @Test
    void undecodablePayloadsGoToTheDecodeFailureHandlerNotToTheCallback() {
        Recorder<JobExecutionsChangedEvent> events = recorder();
        Recorder<JobsDecodeException> eventFailures = recorder();
        Recorder<StartNextJobExecutionResponse> replies = recorder();
        Recorder<JobsDecodeException> replyFailures = recorder();
        await(jobs.subscribeToJobExecutionsChangedEvents(
                JobExecutionsChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Q1,
                events,
                eventFailures));
        await(jobs.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(), Q1, replies, replyFailures));
        RawMqttClient raw = bed.raw("raw");

        raw.publish(base() + "notify", "{not json");
        raw.publish(base() + "start-next/accepted", "{\"execution\":\"not an object\"}");

        JobsDecodeException malformed = eventFailures.next();
        assertThat(malformed.topic()).isEqualTo(base() + "notify");
        assertThat(new String(malformed.payload(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(malformed.isMalformedJson()).isTrue();
        JobsDecodeException wrongType = replyFailures.next();
        assertThat(wrongType.topic()).isEqualTo(base() + "start-next/accepted");
        assertThat(wrongType.isMalformedJson()).isFalse();

        // the callbacks saw nothing of that: their first deliveries are the real ones
        String jobId = bed.createJob("real", INSTALL, thing);
        assertThat(events.next().queued())
                .extracting(JobExecutionSummary::jobId)
                .containsExactly(jobId);
        await(jobs.publishStartNextPendingJobExecution(
                startNext().clientToken("real").build(), Q1));
        assertThat(replies.next().clientToken()).contains("real");
    }

    // ------------------------------------------------------------------------------ the seed's loop

    /**
     * The job loop of the SDK's documentation, driven entirely from callbacks: StartNext accepted processes
     * the job and publishes the update (and here blocks on that publish), update accepted asks for the next
     * job, notify-next starts one when the device is idle. As on the real service, the same execution can
     * come back from two StartNext requests; the loop keeps the set of finished jobs to ignore repeats.
     */
    @Test
    void jobLoopDrivenFromCallbacksFinishesTheQueue() {
        String firmware = bed.createJob(
                "fw",
                JobDocument.parse(
                        "{\"operation\":\"firmware_update\",\"firmware_url\":\"https://example.com/fw.bin\",\"version\":\"2\"}"),
                thing);
        String config =
                bed.createJob("cfg", JobDocument.parse("{\"operation\":\"config_update\",\"config\":{}}"), thing);
        String unknown = bed.createJob("unknown", JobDocument.parse("{\"operation\":\"reformat\"}"), thing);
        AtomicReference<String> current = new AtomicReference<>();
        Set<String> finished = ConcurrentHashMap.newKeySet();
        CountDownLatch idle = new CountDownLatch(1);
        List<Object> problems = Collections.synchronizedList(new ArrayList<>());
        Recorder<Object> calls = recorder();

        await(jobs.subscribeToStartNextPendingJobExecutionAccepted(startNextSub(), Q1, reply -> {
            calls.accept(reply);
            if (reply.execution().isEmpty()) {
                if (current.get() == null) {
                    idle.countDown();
                }
                return;
            }
            JobExecutionData job = reply.execution().get();
            if (finished.contains(job.jobId()) || !current.compareAndSet(null, job.jobId())) {
                return; // a repeat of a job done or in hand
            }
            boolean success = process(job);
            finished.add(job.jobId());
            jobs.publishUpdateJobExecution(
                            update(job.jobId(), success ? JobStatus.SUCCEEDED : JobStatus.FAILED)
                                    .statusDetails(Map.of("result", success ? "done" : "unsupported operation"))
                                    .build(),
                            Q1)
                    .join();
        }));
        await(jobs.subscribeToStartNextPendingJobExecutionRejected(startNextSub(), Q1, problems::add));
        await(jobs.subscribeToUpdateJobExecutionAccepted(updateSub(null), Q1, reply -> {
            calls.accept(reply);
            current.set(null);
            jobs.publishStartNextPendingJobExecution(
                    startNext().stepTimeoutInMinutes(10).build(), Q1);
        }));
        await(jobs.subscribeToUpdateJobExecutionRejected(updateSub(null), Q1, problems::add));
        await(jobs.subscribeToNextJobExecutionChangedEvents(
                NextJobExecutionChangedSubscriptionRequest.builder()
                        .thingName(thing)
                        .build(),
                Q1,
                event -> {
                    calls.accept(event);
                    if (event.execution().isPresent() && current.get() == null) {
                        jobs.publishStartNextPendingJobExecution(
                                startNext().stepTimeoutInMinutes(10).build(), Q1);
                    }
                }));

        await(jobs.publishStartNextPendingJobExecution(
                startNext().stepTimeoutInMinutes(10).build(), Q1));

        try {
            assertThat(idle.await(TestBed.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the queue was drained")
                    .isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(problems).isEmpty();
        assertThat(bed.execution(thing, firmware).status()).contains(JobStatus.SUCCEEDED);
        assertThat(bed.execution(thing, config).status()).contains(JobStatus.SUCCEEDED);
        JobExecutionData failed = bed.execution(thing, unknown);
        assertThat(failed.status()).contains(JobStatus.FAILED);
        assertThat(failed.statusDetails()).contains(Map.of("result", "unsupported operation"));
    }

    private static boolean process(JobExecutionData job) {
        String operation =
                job.jobDocument().flatMap(d -> d.getString("operation")).orElse("");
        return operation.equals("firmware_update") || operation.equals("config_update");
    }

    // ----------------------------------------------------------------------------- publish, QoS, input

    @Test
    void publishFuturesCompleteAtQos0AndQos1AndTheirRepliesArrive() {
        Recorder<GetPendingJobExecutionsResponse> accepted = recorder();
        await(jobs.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Qos.AT_MOST_ONCE, accepted));

        assertThat(await(jobs.publishGetPendingJobExecutions(
                        getPending().clientToken("q0").build(), Qos.AT_MOST_ONCE)))
                .isNull();
        assertThat(await(jobs.publishGetPendingJobExecutions(
                        getPending().clientToken("q1").build(), Qos.AT_LEAST_ONCE)))
                .isNull();

        // (MQTT keeps no order between a QoS 0 and a QoS 1 message)
        assertThat(List.of(accepted.next(), accepted.next()))
                .extracting(r -> r.clientToken().orElse(""))
                .containsExactlyInAnyOrder("q0", "q1");
    }

    @Test
    void badInputThrowsAtOnceAndNothingIsPublished() {
        RawMqttClient observer = bed.raw("observer", "$aws/things/+/jobs/#");
        String marker = "bad-" + thing;
        String badThing = "bad thing " + marker;

        List<Runnable> calls = List.of(
                () -> jobs.publishGetPendingJobExecutions(
                        getPending().thingName(badThing).build(), Q1),
                () -> jobs.publishGetPendingJobExecutions(
                        getPending().thingName("").build(), Q1),
                () -> jobs.publishGetPendingJobExecutions(
                        getPending().thingName(marker + "/x").build(), Q1),
                () -> jobs.publishGetPendingJobExecutions(
                        getPending().clientToken("x".repeat(65)).build(), Q1),
                () -> jobs.publishStartNextPendingJobExecution(
                        startNext().stepTimeoutInMinutes(0).build(), Q1),
                () -> jobs.publishStartNextPendingJobExecution(
                        startNext().statusDetails(manyDetails(11)).build(), Q1),
                () -> jobs.publishStartNextPendingJobExecution(
                        startNext().statusDetails(Map.of("k", "\u0001")).build(), Q1),
                () -> jobs.publishDescribeJobExecution(describe("no/slash").build(), Q1),
                () -> jobs.publishDescribeJobExecution(
                        describe("x").executionNumber(0).build(), Q1),
                () -> jobs.publishUpdateJobExecution(
                        update(DescribeJobExecutionRequest.NEXT, JobStatus.SUCCEEDED)
                                .build(),
                        Q1),
                () -> jobs.publishUpdateJobExecution(
                        update("job", JobStatus.QUEUED).build(), Q1),
                () -> jobs.publishUpdateJobExecution(
                        update("job", JobStatus.SUCCEEDED)
                                .stepTimeoutInMinutes(10081)
                                .build(),
                        Q1),
                () -> jobs.publishUpdateJobExecution(
                        update("job", JobStatus.SUCCEEDED).expectedVersion(-1).build(), Q1));
        List<String> fields = List.of(
                "thingName",
                "thingName",
                "thingName",
                "clientToken",
                "stepTimeoutInMinutes",
                "statusDetails",
                "statusDetails.k",
                "jobId",
                "executionNumber",
                "jobId",
                "status",
                "stepTimeoutInMinutes",
                "expectedVersion");
        for (int i = 0; i < calls.size(); i++) {
            assertThatThrownBy(calls.get(i)::run)
                    .as("call %d", i)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(fields.get(i) + ":");
        }
        assertThatThrownBy(() -> jobs.publishGetPendingJobExecutions(null, Q1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("request");
        assertThatThrownBy(
                        () -> jobs.publishGetPendingJobExecutions(getPending().build(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("qos");
        assertThatThrownBy(() -> jobs.subscribeToUpdateJobExecutionAccepted(updateSub("bad job"), Q1, r -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId:");

        // the first request the broker sees from this test is the valid one sent after the bad ones
        await(jobs.publishGetPendingJobExecutions(
                getPending().clientToken("marker").build(), Q1));
        Received first;
        do {
            first = observer.next();
        } while (!first.topic().contains(thing)
                        && !first.topic().contains(marker)
                        && !first.topic().startsWith("$aws/things//")
                || isReply(first.topic()));
        assertThat(first.topic()).isEqualTo(base() + "get");
        assertThat(first.payload()).contains("\"marker\"");
    }

    @Test
    void aClosedClientStopsItsCallbacksAndRefusesNewWork() {
        Recorder<GetPendingJobExecutionsResponse> closedClientCalls = recorder();
        await(jobs.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Q1, closedClientCalls));
        IotJobsClient other = new IotJobsClient(bed.device);
        try {
            Recorder<GetPendingJobExecutionsResponse> otherCalls = recorder();
            await(other.subscribeToGetPendingJobExecutionsAccepted(getPendingSub(), Q1, otherCalls));

            jobs.close();
            jobs.close(); // idempotent

            assertThat(jobs.publishGetPendingJobExecutions(getPending().build(), Q1))
                    .failsWithin(TestBed.WAIT)
                    .withThrowableThat()
                    .withCauseInstanceOf(JobsClientClosedException.class);
            assertThat(jobs.subscribeToGetPendingJobExecutionsRejected(getPendingSub(), Q1, r -> {}))
                    .failsWithin(TestBed.WAIT)
                    .withThrowableThat()
                    .withCauseInstanceOf(JobsClientClosedException.class);
            await(other.publishGetPendingJobExecutions(
                    getPending().clientToken("after-close").build(), Q1));
            assertThat(otherCalls.next().clientToken())
                    .as("the connection and the other client go on")
                    .contains("after-close");
            assertThat(closedClientCalls.drain()).isEmpty();
        } finally {
            other.close();
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    private <T> Recorder<T> recorder() {
        Recorder<T> recorder = new Recorder<>();
        recorders.add(recorder);
        return recorder;
    }

    private String base() {
        return "$aws/things/" + thing + "/jobs/";
    }

    private static Map<String, String> manyDetails(int pairs) {
        Map<String, String> details = new HashMap<>();
        IntStream.range(0, pairs).forEach(i -> details.put("k" + i, "v"));
        return details;
    }

    private GetPendingJobExecutionsSubscriptionRequest getPendingSub() {
        return GetPendingJobExecutionsSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private StartNextPendingJobExecutionSubscriptionRequest startNextSub() {
        return StartNextPendingJobExecutionSubscriptionRequest.builder()
                .thingName(thing)
                .build();
    }

    private DescribeJobExecutionSubscriptionRequest describeSub(String jobId) {
        DescribeJobExecutionSubscriptionRequest.Builder builder =
                DescribeJobExecutionSubscriptionRequest.builder().thingName(thing);
        if (jobId != null) {
            builder.jobId(jobId);
        }
        return builder.build();
    }

    private UpdateJobExecutionSubscriptionRequest updateSub(String jobId) {
        UpdateJobExecutionSubscriptionRequest.Builder builder =
                UpdateJobExecutionSubscriptionRequest.builder().thingName(thing);
        if (jobId != null) {
            builder.jobId(jobId);
        }
        return builder.build();
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
