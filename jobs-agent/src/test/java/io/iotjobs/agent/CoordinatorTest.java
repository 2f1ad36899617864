package io.iotjobs.agent;

import static io.iotjobs.internal.agent.Replies.described;
import static io.iotjobs.internal.agent.Replies.execution;
import static io.iotjobs.internal.agent.Replies.next;
import static io.iotjobs.internal.agent.Replies.nothingPending;
import static io.iotjobs.internal.agent.Replies.pending;
import static io.iotjobs.internal.agent.Replies.pendingList;
import static io.iotjobs.internal.agent.Replies.startNext;
import static io.iotjobs.internal.agent.Replies.updated;
import static io.iotjobs.model.JobStatus.FAILED;
import static io.iotjobs.model.JobStatus.IN_PROGRESS;
import static io.iotjobs.model.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotjobs.model.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's state machine against a fake port, without a broker: a job from start to end, the
 * notifications it sees while it works and after, cancellation, closing, the time limit and resumption.
 */
class CoordinatorTest {

    private final AgentHarness agent = new AgentHarness();

    @AfterEach
    void close() {
        agent.close();
    }

    @Test
    void aJobRunsFromStartNextToItsResultAndTheNextIsAskedFor() throws Exception {
        agent.on("work", context -> JobResult.succeeded(Map.of("done", "yes")))
                .inlineHandlers()
                .start();

        FakePort.Call ask = agent.port.expect("StartNext");
        assertThat(((io.iotjobs.model.StartNextPendingJobExecutionRequest) ask.request).stepTimeoutInMinutes())
                .hasValue(10);
        ask.reply(startNext(execution("job-1", IN_PROGRESS, 2)));
        assertThat(agent.store.load(AgentHarness.THING, "job-1", 1))
                .as("the record is written before the start")
                .hasValueSatisfying(record -> assertThat(record.starts()).isEqualTo(1));
        FakePort.Call start = agent.port.expectUpdate("job-1", IN_PROGRESS);
        assertThat(start.update().stepTimeoutInMinutes()).hasValue(10);
        start.reply(updated(IN_PROGRESS, 3));
        FakePort.Call result = agent.port.expectUpdate("job-1", SUCCEEDED);
        assertThat(result.update().statusDetails()).contains(Map.of("done", "yes"));
        assertThat(result.update().stepTimeoutInMinutes())
                .as("only IN_PROGRESS restarts the step timer")
                .isEmpty();
        result.reply(updated(SUCCEEDED, 4));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.reportedByAgent()).isTrue();
        assertThat(outcome.status()).contains(SUCCEEDED);
        assertThat(outcome.reportAttempts()).isEqualTo(1);
        agent.port.expect("StartNext");
        assertThat(agent.store.list(AgentHarness.THING))
                .as("the record is gone")
                .isEmpty();
    }

    @Test
    void duplicateAndLateNotifyNextNeverStartAJobTwice() throws Exception {
        Gate gate = agent.running(Gate.obedient());

        // the running job announced again, twice, and listed as pending: nothing to check
        agent.port.emit(next("job-1"));
        agent.port.emit(next("job-1"));
        agent.port.emit(pending("job-1"));
        agent.port.expectNothing();

        gate.release();
        agent.port.expectUpdate("job-1", SUCCEEDED).reply(updated(SUCCEEDED, 4));
        agent.events.awaitFinished("job-1");
        agent.nothingPending();

        // job-1's announcement again, late, and twice while the agent asks: one question, then one more
        agent.port.emit(next("job-1"));
        FakePort.Call ask = agent.port.expect("StartNext");
        agent.port.emit(next("job-1"));
        agent.port.emit(next("job-1"));
        agent.port.expectNothing();
        ask.reply(nothingPending());
        agent.nothingPending();
        agent.port.expectNothing();
        assertThat(gate.runs).hasValue(1);
        assertThat(agent.events.count(e -> e.kind().equals("started"))).isEqualTo(1);
    }

    @Test
    void hintsThatTheJobEndedAreCheckedOneDescribeAtATime() throws Exception {
        Gate gate = agent.running(Gate.obedient());

        agent.port.emit(next("job-2"));
        FakePort.Call check = agent.port.expect("Describe");
        agent.port.emit(pending("job-2"));
        agent.port.emit(next(null));
        agent.port.expectNothing();
        check.reply(described("job-1", IN_PROGRESS, 3));
        agent.port.expect("Describe").reply(described("job-1", IN_PROGRESS, 3));
        agent.port.expectNothing();
        assertThat(gate.told).hasValue(null);

        agent.port.reconnected();
        agent.port.expect("Describe").reply(described("job-1", IN_PROGRESS, 3));
        agent.port.expectNothing();
    }

    @Test
    void aJobCanceledWhileItRunsStopsTheHandlerAndNothingIsReportedOverIt() throws Exception {
        Gate gate = agent.running(Gate.obedient());

        agent.port.emit(pending());
        agent.port.expect("Describe").reply(described("job-1", JobStatus.CANCELED, 4));

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.CANCELED);
        assertThat(outcome.status()).contains(JobStatus.CANCELED);
        assertThat(outcome.reportedByAgent()).isFalse();
        assertThat(gate.told).hasValue(CancellationReason.CANCELED);
        agent.nothingPending();
        agent.time.advance(Duration.ofMinutes(10));
        assertThat(agent.port.updates("job-1")).as("only the start").containsExactly(IN_PROGRESS);
        assertThat(agent.store.list(AgentHarness.THING)).isEmpty();
    }

    @Test
    void closingLeavesTheRunningJobInProgressWithItsRecordForTheNextAgent() throws Exception {
        Gate gate = agent.running(Gate.obedient());

        assertThat(agent.coordinator.close(Duration.ofSeconds(5)))
                .as("closed cleanly")
                .isTrue();

        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.AGENT_CLOSING);
        assertThat(outcome.reportedByAgent()).isFalse();
        assertThat(gate.told).hasValue(CancellationReason.AGENT_CLOSING);
        assertThat(agent.port.updates("job-1")).containsExactly(IN_PROGRESS);
        assertThat(agent.store.load(AgentHarness.THING, "job-1", 1)).isPresent();
        assertThat(agent.port.isClosed()).isTrue();
    }

    @Test
    void aHandlerPastItsTimeLimitIsReportedFailedAndTheNextJobWaitsUntilItReturns() throws Exception {
        agent.handlerTimeLimit = Duration.ofMinutes(4);
        Gate gate = agent.running(Gate.stubborn());

        agent.time.advance(Duration.ofMinutes(4));
        FakePort.Call failed = agent.port.expectUpdate("job-1", FAILED);
        assertThat(failed.update().statusDetails().orElseThrow())
                .containsEntry(JobResult.REASON_KEY, "the handler did not finish within its time limit of 4 min");
        failed.reply(updated(FAILED, 4));
        agent.events.awaitReported("job-1", FAILED, 1);

        agent.time.advance(Duration.ofSeconds(30));
        assertThat(agent.events.awaitStuck("job-1").value()).isEqualTo(CancellationReason.HANDLER_TIME_LIMIT);
        agent.port.expectNothing();

        gate.release();
        JobOutcome outcome = agent.events.awaitFinished("job-1");
        assertThat(outcome.cancellation()).contains(CancellationReason.HANDLER_TIME_LIMIT);
        assertThat(outcome.status()).contains(FAILED);
        agent.port.expect("StartNext");
    }

    @Test
    void aStoredResultIsReportedWithoutRunningTheHandlerAndAnExecutionStartedTooOftenIsFailed() throws Exception {
        Gate gate = Gate.obedient();
        Instant at = Instant.parse("2024-05-29T16:26:40Z");
        agent.store.save(Checkpoint.started(AgentHarness.THING, "job-1", 1, at)
                .withOutcome(JobResult.succeeded(Map.of("note", "before the restart")), at));
        agent.store.save(Checkpoint.of(AgentHarness.THING, "job-2", 1, "download", 3, null, at));
        agent.on("work", gate).start();

        FakePort.Call ask = agent.port.expect("StartNext");
        agent.port.expect("GetPending").reply(pendingList("job-1", "job-2"));
        ask.reply(startNext(execution("job-1", IN_PROGRESS, 2)));
        FakePort.Call stored = agent.port.expectUpdate("job-1", SUCCEEDED);
        assertThat(stored.update().statusDetails()).contains(Map.of("note", "before the restart"));
        stored.reply(updated(SUCCEEDED, 3));
        assertThat(agent.events.awaitFinished("job-1").resumed()).isTrue();

        agent.port.expect("StartNext").reply(startNext(execution("job-2", IN_PROGRESS, 2)));
        FakePort.Call tooOften = agent.port.expectUpdate("job-2", FAILED);
        assertThat(tooOften.update().statusDetails().orElseThrow().get(JobResult.REASON_KEY))
                .startsWith("the job was started 3 times without finishing");
        tooOften.reply(updated(FAILED, 3));
        agent.events.awaitFinished("job-2");
        assertThat(gate.runs).hasValue(0);
        assertThat(agent.events.count(e -> e.kind().equals("started"))).isZero();
    }

    @Test
    void aResumedJobStartsWithItsCheckpointAndTheHandlerSeesIt() throws Exception {
        Instant at = Instant.parse("2024-05-29T16:26:40Z");
        agent.store.save(Checkpoint.started(AgentHarness.THING, "job-1", 1, at).withStep("verify", at));
        List<Optional<String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        agent.on("work", context -> {
                    seen.add(context.resumedFrom());
                    return JobResult.succeeded();
                })
                .inlineHandlers()
                .start();

        FakePort.Call ask = agent.port.expect("StartNext");
        agent.port.expect("GetPending").reply(pendingList("job-1"));
        ask.reply(startNext(execution("job-1", IN_PROGRESS, 2)));
        FakePort.Call start = agent.port.expectUpdate("job-1", IN_PROGRESS);
        assertThat(start.update().statusDetails()).contains(Map.of(JobsAgent.CHECKPOINT_KEY, "verify"));
        assertThat(agent.store
                        .load(AgentHarness.THING, "job-1", 1)
                        .orElseThrow()
                        .starts())
                .isEqualTo(2);
        start.reply(updated(IN_PROGRESS, 3));
        agent.port.expectUpdate("job-1", SUCCEEDED).reply(updated(SUCCEEDED, 4));
        assertThat(agent.events.awaitFinished("job-1").resumed()).isTrue();
        assertThat(seen).containsExactly(Optional.of("verify"));
    }

    @Test
    void aSlowStoreDoesNotHoldUpTheControlThread() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        CheckpointStore memory = CheckpointStore.inMemory();
        agent.store = new CheckpointStore() {
            @Override
            public Optional<Checkpoint> load(String thingName, String jobId, long executionNumber) {
                try {
                    assertThat(slow.await(AgentEvents.WAIT_MS, TimeUnit.MILLISECONDS))
                            .isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return memory.load(thingName, jobId, executionNumber);
            }

            @Override
            public void save(Checkpoint checkpoint) {
                memory.save(checkpoint);
            }

            @Override
            public void delete(String thingName, String jobId, long executionNumber) {
                memory.delete(thingName, jobId, executionNumber);
            }

            @Override
            public java.util.List<Checkpoint> list(String thingName) {
                return memory.list(thingName);
            }
        };
        agent.io = Executors.newSingleThreadExecutor();
        agent.on("work", context -> JobResult.succeeded()).inlineHandlers().start();

        agent.port.expect("StartNext").reply(startNext(execution("job-1", IN_PROGRESS, 2)));
        // the record is still being read, and the control thread answers a notification meanwhile
        agent.port.emit(next("job-2"));
        agent.port.expect("Describe").reply(described("job-1", IN_PROGRESS, 2));
        agent.port.expectNothing();
        slow.countDown();
        agent.port.expectUpdate("job-1", IN_PROGRESS).reply(updated(IN_PROGRESS, 3));
        agent.port.expectUpdate("job-1", SUCCEEDED).reply(updated(SUCCEEDED, 4));
        agent.events.awaitFinished("job-1");
    }
}
