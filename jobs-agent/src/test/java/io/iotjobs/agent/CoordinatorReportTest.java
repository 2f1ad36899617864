package io.iotjobs.agent;

import static io.iotjobs.internal.agent.Replies.described;
import static io.iotjobs.internal.agent.Replies.execution;
import static io.iotjobs.internal.agent.Replies.noReply;
import static io.iotjobs.internal.agent.Replies.pendingList;
import static io.iotjobs.internal.agent.Replies.rejected;
import static io.iotjobs.internal.agent.Replies.startNext;
import static io.iotjobs.internal.agent.Replies.updated;
import static io.iotjobs.model.JobStatus.CANCELED;
import static io.iotjobs.model.JobStatus.FAILED;
import static io.iotjobs.model.JobStatus.IN_PROGRESS;
import static io.iotjobs.model.JobStatus.SUCCEEDED;
import static io.iotjobs.model.RejectedErrorCode.INTERNAL_ERROR;
import static io.iotjobs.model.RejectedErrorCode.INVALID_REQUEST;
import static io.iotjobs.model.RejectedErrorCode.INVALID_STATE_TRANSITION;
import static io.iotjobs.model.RejectedErrorCode.INVALID_TOPIC;
import static io.iotjobs.model.RejectedErrorCode.REQUEST_THROTTLED;
import static io.iotjobs.model.RejectedErrorCode.TERMINAL_STATE_REACHED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The terminal report against a fake port: the races the integration tests found (cancellation during the
 * report, a result lost on the way, a reply lost after the result took effect), retries, refused details and
 * giving up.
 */
class CoordinatorReportTest {

    private final AgentHarness agent = new AgentHarness();

    @AfterEach
    void close() {
        agent.close();
    }

    /** Starts the agent with a handler that returns at once, and hands out job-1. */
    private void startWith(JobHandler handler) throws InterruptedException {
        agent.on("work", handler).inlineHandlers().start();
        agent.handOut("job-1");
    }

    private void startSucceeding() throws InterruptedException {
        startWith(context -> JobResult.succeeded(Map.of("done", "yes")));
    }

    /** After the job: ten quiet minutes, and job-1's updates were exactly these. */
    private void assertJob1Updates(io.iotjobs.model.JobStatus... statuses) throws InterruptedException {
        agent.nothingPending();
        agent.time.advance(Duration.ofMinutes(10));
        assertThat(agent.port.updates("job-1")).containsExactly(statuses);
    }

    @Test
    void aResultRejectedBecauseTheJobWasCanceledMeanwhileEndsCanceledAndIsNotSentAgain() throws Exception {
        startSucceeding();
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(rejected(INVALID_STATE_TRANSITION, CANCELED));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isFalse();
        assertThat(outcome.cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcome.status()).contains(CANCELED);
        assertThat(outcome.reportAttempts()).isEqualTo(1);
        assertJob1Updates(IN_PROGRESS, SUCCEEDED);
        assertThat(agent.store.list(AgentHarness.THING)).isEmpty();
    }

    @Test
    void aResultWhoseReplyIsLostWhileTheJobIsCanceledEndsCanceledAndIsNotSentAgain() throws Exception {
        startSucceeding();
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(noReply());
        agent.port.expect("Describe").reply(described("job-1", CANCELED, 4));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcome.reportedByAgent()).isFalse();
        assertJob1Updates(IN_PROGRESS, SUCCEEDED);
    }

    @Test
    void aResultLostOnTheWayIsFoundMissingByDescribeAndSentAgainAfterTheBackoff() throws Exception {
        startSucceeding();
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(noReply());
        agent.port.expect("Describe").reply(described("job-1", IN_PROGRESS, 3));
        AgentEvents.Event retry = agent.events.awaitRetry("job-1", "Update", 1);
        agent.port.expectNothing();

        agent.time.advance(retry.delay());
        agent.port.expectUpdate("job-1", SUCCEEDED).reply(updated(SUCCEEDED, 4));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(outcome.reportAttempts()).isEqualTo(2);
        assertThat(outcome.reconciled()).isFalse();
    }

    @Test
    void aResultWhoseReplyIsLostAfterItTookEffectIsNotSentAgain() throws Exception {
        startSucceeding();
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(noReply());
        agent.port.expect("Describe").fail(noReply());
        agent.time.advance(agent.events.awaitRetry("job-1", "Describe", 1).delay());
        agent.port.expect("Describe").reply(described("job-1", SUCCEEDED, 4));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(outcome.reconciled()).isTrue();
        assertThat(outcome.reportAttempts()).isEqualTo(1);
        assertJob1Updates(IN_PROGRESS, SUCCEEDED);
    }

    @Test
    void aThrottledOrFailedResultIsSentAgainWithAGrowingBackoffUntilAccepted() throws Exception {
        startSucceeding();
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(rejected(REQUEST_THROTTLED, null));
        AgentEvents.Event first = agent.events.awaitRetry("job-1", "Update", 1);
        agent.time.advance(first.delay());
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(rejected(INTERNAL_ERROR, null));
        AgentEvents.Event second = agent.events.awaitRetry("job-1", "Update", 2);
        assertThat(second.delay()).isGreaterThan(first.delay());
        agent.time.advance(second.delay());
        agent.port.expectUpdate("job-1", SUCCEEDED).reply(updated(SUCCEEDED, 4));

        assertThat(agent.events.awaitFinished("job-1").reportAttempts()).isEqualTo(3);
    }

    @Test
    void refusedDetailsAreSentAgainAsTheReasonAloneAndThenGivenUp() throws Exception {
        startWith(context -> JobResult.failed("disk full", Map.of("free", "0 bytes")));
        FakePort.Call full = agent.port.expectUpdate("job-1", FAILED);
        assertThat(full.update().statusDetails().orElseThrow()).containsEntry("free", "0 bytes");
        full.fail(rejected(INVALID_REQUEST, null));
        FakePort.Call minimal = agent.port.expectUpdate("job-1", FAILED);
        assertThat(minimal.update().statusDetails()).contains(Map.of(JobResult.REASON_KEY, "disk full"));
        minimal.fail(rejected(INVALID_REQUEST, null));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.error()).isPresent();
        assertThat(outcome.reportedByAgent()).isFalse();
    }

    @Test
    void anExecutionWhoseReportWasGivenUpKeepsItsRecordAndIsLeftAloneWhenHandedOutAgain() throws Exception {
        startSucceeding();
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(rejected(INVALID_TOPIC, null));
        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.error()).isPresent();
        agent.events.await("the error told", 1, e -> e.kind().equals("error"));
        assertThat(agent.store
                        .load(AgentHarness.THING, "job-1", 1)
                        .orElseThrow()
                        .outcome())
                .as("the result stays for the next agent")
                .isPresent();

        agent.port.expect("StartNext").reply(startNext(execution("job-1", IN_PROGRESS, 4)));
        agent.port.expectNothing();
        assertThat(agent.events.count(e -> e.kind().equals("started"))).isEqualTo(1);
    }

    @Test
    void terminalWithoutAStatusTwiceEndsTheJobAsCompletedElsewhere() throws Exception {
        startSucceeding();
        agent.port.expectUpdate("job-1", SUCCEEDED).fail(rejected(TERMINAL_STATE_REACHED, null));
        agent.port.expect("Describe").fail(rejected(TERMINAL_STATE_REACHED, null));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.COMPLETED_ELSEWHERE);
        assertThat(outcome.reportedByAgent()).isFalse();
    }

    @Test
    void theResultWaitsForTheProgressUpdateInFlight() throws Exception {
        agent.progressInterval = Duration.ZERO;
        CountDownLatch reported = new CountDownLatch(1);
        startWith(context -> {
            context.progress(Map.of("percent", "99"));
            reported.countDown();
            return JobResult.succeeded();
        });
        assertThat(reported.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        FakePort.Call progress = agent.port.expectUpdate("job-1", IN_PROGRESS);
        assertThat(progress.update().statusDetails()).contains(Map.of("percent", "99"));
        agent.port.expectNothing();
        progress.reply(updated(IN_PROGRESS, 4));
        agent.port.expectUpdate("job-1", SUCCEEDED).reply(updated(SUCCEEDED, 5));
        agent.events.awaitFinished("job-1");
    }

    @Test
    void recordsOfExecutionsNoLongerPendingAreDeletedAtStart() throws Exception {
        Instant at = Instant.parse("2024-05-29T16:26:40Z");
        agent.store.save(Checkpoint.started(AgentHarness.THING, "old-1", 1, at));
        agent.store.save(Checkpoint.started(AgentHarness.THING, "job-1", 1, at));
        agent.on("work", context -> JobResult.succeeded()).inlineHandlers().start();

        FakePort.Call ask = agent.port.expect("StartNext");
        agent.port.expect("GetPending").reply(pendingList("job-1"));
        assertThat(agent.store.list(AgentHarness.THING))
                .extracting(Checkpoint::jobId)
                .containsExactly("job-1");
        ask.reply(io.iotjobs.internal.agent.Replies.nothingPending());
    }
}
